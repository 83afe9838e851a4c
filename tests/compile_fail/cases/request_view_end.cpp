// SPDX-License-Identifier: GPL-2.0 OR MIT
// A Request view has no way to end the request: only the handle that owns it does.
// expect: blkmq: a Request& is a view and cannot end the request
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq->end_ok();
#else
	std::move(rq).end_ok();
#endif
}
