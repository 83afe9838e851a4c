// SPDX-License-Identifier: GPL-2.0 OR MIT
// start_timer() hands the request to its timer: the handle must be consumed, or it would
// still claim a request the timer's callback gets back.
// expect: blkmq: start_timer\(\) hands the request to its timer and consumes the UniqueRequest
#include "../sample_ops.hpp"

struct TimerOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<TimerOps> &, blkmq::OwnedRequest<TimerOps> rq,
					      bool) noexcept {
		blkmq::UniqueRequest<TimerOps> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
		started.start_timer(1000);
#else
		std::move(started).start_timer(1000);
#endif
		return blkmq::DispatchResult::accepted();
	}
	static void timer_expired(blkmq::UniqueRequest<TimerOps> rq) noexcept { std::move(rq).end_ok(); }
};

template class blkmq::TagSet<TimerOps>;
