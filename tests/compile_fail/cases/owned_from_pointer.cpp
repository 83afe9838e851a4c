// SPDX-License-Identifier: GPL-2.0 OR MIT
// Only the queue_rq thunk makes an OwnedRequest: one made from a pointer could start a request
// the block layer never handed over.
// expect: OwnedRequest\(request ?\*\).* is private|private constructor of class '(blkmq::)?OwnedRequest
#include "../sample_ops.hpp"

DispatchResult driver_code(request *raw, OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	OwnedRequest<Ops> forged(raw);
	return std::move(forged).busy();
#else
	(void)raw;
	return std::move(rq).busy();
#endif
}
