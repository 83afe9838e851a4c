// SPDX-License-Identifier: GPL-2.0 OR MIT
// start() consumes the OwnedRequest: the idle handle must not outlive the started one.
// expect: blkmq: start\(\) consumes the OwnedRequest: write std::move\(rq\)\.start\(\)
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.start();
#else
	std::move(rq).start().end_ok();
#endif
	return DispatchResult::accepted();
}
