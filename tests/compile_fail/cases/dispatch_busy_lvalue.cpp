// SPDX-License-Identifier: GPL-2.0 OR MIT
// busy() gives the request back to the block layer: it consumes the handle, so none is
// left behind.
// expect: blkmq: busy\(\) gives the request back and consumes the OwnedRequest: write std::move\(rq\)\.busy\(\)
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	return rq.busy();
#else
	return std::move(rq).busy();
#endif
}
