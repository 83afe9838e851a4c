// SPDX-License-Identifier: GPL-2.0 OR MIT
// Driver self-test: fails with the expected diagnostic, but the control (the same code
// without the offending line) does not compile either, so the diagnostic proves nothing.
// The driver must reject it.
// expect: blkmq: ending consumes the UniqueRequest
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.end_ok();
#else
	std::move(rq).end_okay();
#endif
}
