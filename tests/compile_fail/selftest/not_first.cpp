// SPDX-License-Identifier: GPL-2.0 OR MIT
// The library's message is there, but compiler wording comes before it: a user reads that
// first, so the driver must not pass the case.
// expect: blkmq: start\(\) consumes the OwnedRequest
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	undeclared_name();
	rq.start();
#endif
	std::move(rq).start().end_ok();
	return DispatchResult::accepted();
}
