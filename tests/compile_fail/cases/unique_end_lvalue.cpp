// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ending consumes the UniqueRequest: on an lvalue the handle would look alive afterwards.
// expect: blkmq: ending consumes the UniqueRequest: write std::move\(rq\)\.end\(\.\.\.\)
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.end(Status::io_error());
#else
	std::move(rq).end(Status::io_error());
#endif
}
