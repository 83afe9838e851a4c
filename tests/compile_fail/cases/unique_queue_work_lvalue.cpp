// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_work() hands the request to its work item: the handle must be consumed, or it would
// still claim a request the work callback gets back.
// expect: blkmq: queue_work\(\) hands the request to its work item and consumes the UniqueRequest
#include "../sample_ops.hpp"

struct WorkOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<WorkOps> &, blkmq::OwnedRequest<WorkOps> rq,
					      bool) noexcept {
		blkmq::UniqueRequest<WorkOps> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
		started.queue_work();
#else
		std::move(started).queue_work();
#endif
		return blkmq::DispatchResult::accepted();
	}
	static void work(blkmq::UniqueRequest<WorkOps> rq) noexcept { std::move(rq).end_ok(); }
};

template class blkmq::TagSet<WorkOps>;
