// SPDX-License-Identifier: GPL-2.0 OR MIT
// An OwnedRequest cannot be assigned to: the request it held would be dropped silently.
// expect: deleted (function .*operator=|operator '=')
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> first, OwnedRequest<Ops> second) {
#ifndef BLKMQ_CONTROL
	first = std::move(second);
#else
	(void)DispatchResult::busy(std::move(second));
#endif
	return DispatchResult::busy(std::move(first));
}
