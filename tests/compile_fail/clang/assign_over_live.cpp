// SPDX-License-Identifier: GPL-2.0 OR MIT
// Assigning over a handle that still holds a request drops that request (reported and
// failed at run time); -Wconsumed sees it at compile time. Assigning into an emptied one is
// the control.
// expect: invalid invocation of method 'operator=' on object 'held' while it is in the 'unconsumed' state
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> held, UniqueRequest<Ops> other) {
#ifndef BLKMQ_CONTROL
	held = std::move(other);
#else
	std::move(held).end_ok();
	held = std::move(other);
#endif
	std::move(held).end_ok();
}
