// SPDX-License-Identifier: GPL-2.0 OR MIT
// An OwnedRequest is not started: end_ok() on it is as wrong as end().
// expect: blkmq: an OwnedRequest is not started: call std::move\(rq\)\.start\(\) before ending it
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#else
	std::move(rq).start().end_ok();
#endif
	return DispatchResult::accepted();
}
