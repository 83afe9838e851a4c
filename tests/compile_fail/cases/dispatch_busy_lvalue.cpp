// SPDX-License-Identifier: GPL-2.0 OR MIT
// DispatchResult::busy() takes the request back from the driver: it needs the handle itself,
// moved, so none is left behind.
// expect: blkmq: busy\(\) takes the request back: write DispatchResult::busy\(std::move\(rq\)\)
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	return DispatchResult::busy(rq);
#else
	return DispatchResult::busy(std::move(rq));
#endif
}
