// SPDX-License-Identifier: GPL-2.0 OR MIT
// DispatchResult::failed() ends the request in the block layer: it consumes the handle too.
// expect: blkmq: failed\(\) takes the request back
#include "../sample_ops.hpp"

DispatchResult driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	return DispatchResult::failed(rq, Status::io_error());
#else
	return DispatchResult::failed(std::move(rq), Status::io_error());
#endif
}
