// SPDX-License-Identifier: GPL-2.0 OR MIT
// end_ok() consumes the UniqueRequest, as end() does.
// expect: blkmq: ending consumes the UniqueRequest: write std::move\(rq\)\.end_ok\(\)
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.end_ok();
#else
	std::move(rq).end_ok();
#endif
}
