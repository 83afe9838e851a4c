// SPDX-License-Identifier: GPL-2.0 OR MIT
// A DispatchResult that gives a request back owns it: copying it would return it twice.
// expect: deleted (function|constructor).*DispatchResult
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
	DispatchResult result = std::move(rq).busy();
#ifndef BLKMQ_CONTROL
	DispatchResult copy = result;
#else
	DispatchResult copy = std::move(result);
#endif
	return copy;
}
