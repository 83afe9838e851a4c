// SPDX-License-Identifier: GPL-2.0 OR MIT
// fail() has the block layer end the request: it consumes the handle too.
// expect: blkmq: fail\(\) gives the request back and consumes the UniqueRequest
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
	UniqueRequest<Ops> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
	return started.fail(Status::io_error());
#else
	return std::move(started).fail(Status::io_error());
#endif
}
