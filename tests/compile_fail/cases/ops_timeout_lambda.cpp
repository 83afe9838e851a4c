// SPDX-License-Identifier: GPL-2.0 OR MIT
// An operation given as a lambda or function pointer constant is not a static member
// function: it would be left unwired, so it is an error. A numeric constant of that name
// is not an operation (the control).
// expect: blkmq: Ops::timeout must be exactly static TimeoutAction timeout
#include "../sample_ops.hpp"

struct LambdaOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<LambdaOps> &, OwnedRequest<LambdaOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static constexpr auto timeout = [](const Request<LambdaOps> &) noexcept {
		return blkmq::TimeoutAction::ResetTimer;
	};
#else
	static constexpr unsigned int timeout = 30;
#endif
};

bool driver_code() { return blkmq::TagSet<LambdaOps>::create({}).has_value(); }
