// SPDX-License-Identifier: GPL-2.0 OR MIT
// A template timeout cannot be wired either: the block layer would never call it, and the
// driver would believe its timeout handling ran.
// expect: blkmq: Ops::timeout is not one accessible function \(an overload set, a template
#include "../sample_ops.hpp"

struct TemplateTimeoutOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<TemplateTimeoutOps> &, OwnedRequest<TemplateTimeoutOps> rq,
				       bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	template <class R>
	static blkmq::TimeoutAction timeout(const R &) noexcept {
		return blkmq::TimeoutAction::ResetTimer;
	}
#else
	static blkmq::TimeoutAction timeout(blkmq::TimedOutRequest<TemplateTimeoutOps>) noexcept {
		return blkmq::TimeoutAction::ResetTimer;
	}
#endif
};

bool driver_code() { return blkmq::TagSet<TemplateTimeoutOps>::create({}).has_value(); }
