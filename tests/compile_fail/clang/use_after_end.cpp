// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ending a request twice is a use-after-free in the kernel. Types alone cannot forbid it (the
// handle is still in scope after std::move), but clang's typestate analysis can: end_ok()
// leaves the handle consumed, and a consumed handle cannot be ended.
// expect: 'end_ok' on a temporary object while it is in the 'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
	std::move(rq).end_ok();
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#endif
}
