// SPDX-License-Identifier: GPL-2.0 OR MIT
// An ARef gives const access: other ARefs may read the request data at the same time.
// expect: (read-only object|returns a const value)
#include "../sample_ops.hpp"

int driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	ref->data().value = 1;
#endif
	return ref->data().value;
}
