// SPDX-License-Identifier: GPL-2.0 OR MIT
// A UniqueRequest held as const can never be ended: the library says so by name.
// expect: blkmq: a const UniqueRequest cannot be ended
#include "../sample_ops.hpp"

void driver_code(const UniqueRequest<Ops> &rq, UniqueRequest<Ops> other) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#else
	(void)rq->tag();
#endif
	std::move(other).end_ok();
}
