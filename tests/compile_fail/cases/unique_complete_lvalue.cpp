// SPDX-License-Identifier: GPL-2.0 OR MIT
// complete() consumes the UniqueRequest: Ops::complete receives the only handle.
// expect: blkmq: complete\(\) consumes the UniqueRequest: write std::move\(rq\)\.complete\(\)
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.complete();
#else
	std::move(rq).complete();
#endif
}
