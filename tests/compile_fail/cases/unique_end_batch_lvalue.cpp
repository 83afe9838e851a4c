// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ending into a completion batch consumes the UniqueRequest as any ending does.
// expect: blkmq: ending consumes the UniqueRequest: write std::move\(rq\)\.end\(\.\.\.\)
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq, blkmq::CompletionBatch &batch) {
#ifndef BLKMQ_CONTROL
	rq.end(Status::ok(), batch);
#else
	std::move(rq).end(Status::ok(), batch);
#endif
}
