// SPDX-License-Identifier: GPL-2.0 OR MIT
// An OwnedRequest is not started: ending it would end a request whose timer never ran
// (blk_mq_end_request before blk_mq_start_request).
// expect: blkmq: an OwnedRequest is not started: call std::move\(rq\)\.start\(\) before ending it
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end(Status::ok());
#else
	std::move(rq).start().end(Status::ok());
#endif
	return DispatchResult::accepted();
}
