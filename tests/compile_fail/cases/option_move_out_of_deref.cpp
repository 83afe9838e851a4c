// SPDX-License-Identifier: GPL-2.0 OR MIT
// std::move(*option) would move the handle out and leave the Option claiming to hold it:
// Option gives const access only, and a const handle cannot be moved from.
// expect: blkmq: a const UniqueRequest cannot be moved from
#include "../sample_ops.hpp"

void driver_code(blkmq::Option<UniqueRequest<Ops>> slot) {
	if (!slot)
		return;
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> rq = std::move(*slot);
#else
	UniqueRequest<Ops> rq = std::move(slot).take();
#endif
	std::move(rq).end_ok();
}
