// SPDX-License-Identifier: GPL-2.0 OR MIT
// A DispatchResult made from a request must be returned: dropped, nobody owns the request.
// expect: unused-result
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	DispatchResult::busy(std::move(rq));
	return DispatchResult::accepted();
#else
	return DispatchResult::busy(std::move(rq));
#endif
}
