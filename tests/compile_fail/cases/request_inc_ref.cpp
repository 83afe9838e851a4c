// SPDX-License-Identifier: GPL-2.0 OR MIT
// The reference count is only changed by handles: a count taken by hand while a
// UniqueRequest exists would let tag_to_rq() hand out an ARef to a request about to be ended.
// expect: inc_ref.*is (a )?private
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	Request<Ops>::inc_ref(*rq);
#endif
	std::move(rq).end_ok();
}
