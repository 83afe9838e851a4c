// SPDX-License-Identifier: GPL-2.0 OR MIT
// An overload set has no single address for the ops table: were it taken for absent, the
// complete slot would stay null and a remote completion would call address 0.
// expect: blkmq: Ops::complete is not one accessible function \(an overload set, a template
#include "../sample_ops.hpp"

struct OverloadedOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<OverloadedOps> &, OwnedRequest<OverloadedOps> rq,
				       bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
	static void complete(UniqueRequest<OverloadedOps> rq) noexcept { std::move(rq).end_ok(); }
#ifndef BLKMQ_CONTROL
	static void complete(UniqueRequest<OverloadedOps> rq, int) noexcept { std::move(rq).end_ok(); }
#endif
};

bool driver_code() { return blkmq::TagSet<OverloadedOps>::create({}).has_value(); }
