// SPDX-License-Identifier: GPL-2.0 OR MIT
// OwnedRequest is consumable too: starting it a second time is a use of a consumed handle.
// expect: invalid invocation of method 'start' on .*'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
	UniqueRequest<Ops> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> again = std::move(rq).start();
	std::move(again).end_ok();
#endif
	std::move(started).end_ok();
	return DispatchResult::accepted();
}
