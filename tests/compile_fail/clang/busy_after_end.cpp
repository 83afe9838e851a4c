// SPDX-License-Identifier: GPL-2.0 OR MIT
// Giving back a request already ended would end it twice: busy() and fail() consume the
// handle like end(), so -Wconsumed sees the second transition.
// expect: invalid invocation of method 'busy' on .*'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
	UniqueRequest<Ops> started = std::move(rq).start();
	std::move(started).end_ok();
#ifndef BLKMQ_CONTROL
	return std::move(started).busy();
#else
	return DispatchResult::accepted();
#endif
}
