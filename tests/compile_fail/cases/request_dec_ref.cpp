// SPDX-License-Identifier: GPL-2.0 OR MIT
// The reference count is only changed by handles: dropping a count no handle holds lets the
// last ARef reach 0, where the block layer owns the request.
// expect: dec_ref.*is (a )?private
#include "../sample_ops.hpp"

bool driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	Request<Ops>::dec_ref(*ref);
#endif
	return static_cast<bool>(ref);
}
