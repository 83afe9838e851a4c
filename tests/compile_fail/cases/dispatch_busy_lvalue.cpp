// SPDX-License-Identifier: GPL-2.0 OR MIT
// DispatchResult::busy() takes the request back from the driver: it needs the handle itself,
// moved, so none is left behind.
// expect: no matching function for call to '(blkmq::DispatchResult::)?busy
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	return DispatchResult::busy(rq);
#else
	return DispatchResult::busy(std::move(rq));
#endif
}
