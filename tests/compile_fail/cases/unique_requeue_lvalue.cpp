// SPDX-License-Identifier: GPL-2.0 OR MIT
// requeue() gives the request back to the block layer: the handle must be consumed, or it
// would still claim a request queue_rq is about to receive again.
// expect: blkmq: requeue\(\) gives the request back and consumes the UniqueRequest
#include "../sample_ops.hpp"

struct RequeueOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<RequeueOps> &, blkmq::OwnedRequest<RequeueOps> rq,
					      bool) noexcept {
		blkmq::UniqueRequest<RequeueOps> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
		started.requeue();
#else
		std::move(started).requeue();
#endif
		return blkmq::DispatchResult::accepted();
	}
};

template class blkmq::TagSet<RequeueOps>;
