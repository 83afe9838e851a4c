// SPDX-License-Identifier: GPL-2.0 OR MIT
// The UniqueRequest from start() must be kept: dropped, the request is failed with an I/O error.
// expect: unused-result
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).start();
#else
	std::move(rq).start().end_ok();
#endif
	return DispatchResult::accepted();
}
