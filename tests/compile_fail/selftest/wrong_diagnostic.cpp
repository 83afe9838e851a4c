// SPDX-License-Identifier: GPL-2.0 OR MIT
// Driver self-test: fails, but because of a misspelt name rather than the rule it claims to
// test. The driver must reject it.
// expect: blkmq: ending consumes the UniqueRequest
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end_okay();
#else
	std::move(rq).end_ok();
#endif
}
