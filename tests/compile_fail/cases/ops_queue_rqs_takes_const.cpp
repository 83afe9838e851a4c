// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ops::queue_rqs takes its batch by mutable reference: a const batch could give no request
// out, and the block layer would dispatch them all again through queue_rq.
// expect: blkmq: Ops::queue_rqs must be exactly static void queue_rqs\(DispatchBatch<Ops>&\)
#include "../sample_ops.hpp"

struct BatchOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<BatchOps> &, OwnedRequest<BatchOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static void queue_rqs(const blkmq::DispatchBatch<BatchOps> &) noexcept {}
#else
	static void queue_rqs(blkmq::DispatchBatch<BatchOps> &batch) noexcept {
		while (auto entry = batch.pop_front()) {
			auto [queue, rq] = *std::move(entry);
			batch.settle(queue_rq(queue, std::move(rq), false));
		}
	}
#endif
};

template class blkmq::TagSet<BatchOps>;
