// SPDX-License-Identifier: GPL-2.0 OR MIT
// Giving back a request the driver already started through another handle would let the
// block layer requeue a request that the driver still ends.
// expect: 'rq' used after it was moved \[bugprone-use-after-move
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq, bool out_of_resources) {
	UniqueRequest<Ops> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
	if (out_of_resources)
		return std::move(rq).busy();
#else
	if (out_of_resources)
		return std::move(started).busy();
#endif
	std::move(started).end_ok();
	return DispatchResult::accepted();
}
