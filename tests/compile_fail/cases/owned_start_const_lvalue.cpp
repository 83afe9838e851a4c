// SPDX-License-Identifier: GPL-2.0 OR MIT
// start() through a const reference: the message says how a handle is consumed.
// expect: blkmq: start\(\) consumes the OwnedRequest
#include "../sample_ops.hpp"

DispatchResult driver_code(const OwnedRequest<Ops> &rq, OwnedRequest<Ops> other) {
#ifndef BLKMQ_CONTROL
	rq.start();
#else
	(void)rq->tag();
#endif
	return std::move(other).busy();
}
