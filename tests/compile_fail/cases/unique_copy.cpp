// SPDX-License-Identifier: GPL-2.0 OR MIT
// A UniqueRequest cannot be copied: it is the only handle, and each copy could end the request.
// expect: blkmq: a UniqueRequest is never copied
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> copy = rq;
#else
	UniqueRequest<Ops> copy = std::move(rq);
#endif
	std::move(copy).end_ok();
}
