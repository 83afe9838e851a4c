// SPDX-License-Identifier: GPL-2.0 OR MIT
// Driver self-test: the guarded code is valid, so the case compiles. The driver must
// reject it.
// expect: blkmq: ending consumes the UniqueRequest
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#else
	std::move(rq).end(Status::ok());
#endif
}
