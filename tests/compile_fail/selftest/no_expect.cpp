// SPDX-License-Identifier: GPL-2.0 OR MIT
// Driver self-test: fails to compile, but names no expected diagnostic, so any failure
// would do. The driver must reject it.
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.end_ok();
#else
	std::move(rq).end_ok();
#endif
}
