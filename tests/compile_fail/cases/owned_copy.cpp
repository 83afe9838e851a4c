// SPDX-License-Identifier: GPL-2.0 OR MIT
// An OwnedRequest cannot be copied: two handles could each start and end the request.
// expect: blkmq: an? OwnedRequest is never copied
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	OwnedRequest<Ops> copy = rq;
#else
	OwnedRequest<Ops> copy = std::move(rq);
#endif
	return std::move(copy).busy();
}
