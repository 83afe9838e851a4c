// SPDX-License-Identifier: GPL-2.0 OR MIT
// A UniqueRequest cannot be move-assigned: the request it held would be dropped silently.
// expect: deleted (function .*operator=|operator '=')
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> first, UniqueRequest<Ops> second) {
#ifndef BLKMQ_CONTROL
	first = std::move(second);
#else
	std::move(second).end_ok();
#endif
	std::move(first).end_ok();
}
