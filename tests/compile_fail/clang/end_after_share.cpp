// SPDX-License-Identifier: GPL-2.0 OR MIT
// After share() the request belongs to the ARef: the consumed unique handle cannot end it.
// expect: 'end' on a temporary object while it is in the 'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

ARef<Request<Ops>> driver_code(UniqueRequest<Ops> rq) {
	ARef<Request<Ops>> ref = std::move(rq).share();
#ifndef BLKMQ_CONTROL
	std::move(rq).end(Status::io_error());
#endif
	return ref;
}
