// SPDX-License-Identifier: GPL-2.0 OR MIT
// A UniqueRequest cannot be copy-assigned: two handles would own one request.
// expect: deleted (function .*operator=|operator '=')
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> first, UniqueRequest<Ops> second) {
#ifndef BLKMQ_CONTROL
	first = second;
#endif
	std::move(first).end_ok();
	std::move(second).end_ok();
}
