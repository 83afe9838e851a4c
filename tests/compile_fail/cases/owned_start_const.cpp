// SPDX-License-Identifier: GPL-2.0 OR MIT
// A const handle cannot be consumed, so it can never be started: std::move of it is no help.
// expect: blkmq: a const OwnedRequest cannot be started
#include "../sample_ops.hpp"

DispatchResult driver_code(const OwnedRequest<Ops> &rq, OwnedRequest<Ops> other) {
#ifndef BLKMQ_CONTROL
	std::move(rq).start().end_ok();
#else
	(void)rq->tag();
	std::move(other).start().end_ok();
#endif
	return std::move(other).busy();
}
