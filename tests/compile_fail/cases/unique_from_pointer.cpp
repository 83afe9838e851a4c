// SPDX-License-Identifier: GPL-2.0 OR MIT
// A UniqueRequest cannot be made from a pointer: it could end a request someone else owns.
// expect: UniqueRequest\(request ?\*\).* is private|private constructor of class '(blkmq::)?UniqueRequest
#include "../sample_ops.hpp"

void driver_code(request *raw, UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> forged(raw);
	std::move(forged).end_ok();
#else
	(void)raw;
	std::move(rq).end_ok();
#endif
}
