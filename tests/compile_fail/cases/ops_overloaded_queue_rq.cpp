// SPDX-License-Identifier: GPL-2.0 OR MIT
// An overloaded queue_rq is declared, not missing: the diagnostic must say what is wrong.
// expect: blkmq: Ops::queue_rq is not one accessible function \(an overload set, a template
#include "../sample_ops.hpp"

struct OverloadedQueueRqOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<OverloadedQueueRqOps> &,
				       OwnedRequest<OverloadedQueueRqOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static DispatchResult queue_rq(OwnedRequest<OverloadedQueueRqOps> rq) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#endif
};

bool driver_code() { return blkmq::TagSet<OverloadedQueueRqOps>::create({}).has_value(); }
