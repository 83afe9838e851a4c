// SPDX-License-Identifier: GPL-2.0 OR MIT
// A DispatchResult made from a request must be returned: dropped, nobody owns the request.
// expect: unused-result
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).busy();
	return DispatchResult::accepted();
#else
	return std::move(rq).busy();
#endif
}
