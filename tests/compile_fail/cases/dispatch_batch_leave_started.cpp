// SPDX-License-Identifier: GPL-2.0 OR MIT
// What a queue_rqs leaves in its batch, the block layer starts when it dispatches it through
// queue_rq: a request already started would be started twice.
// expect: blkmq: a started request cannot be left to the block layer
#include "../sample_ops.hpp"

void driver_code(blkmq::DispatchBatch<Ops> &batch) {
	while (blkmq::Option<blkmq::DispatchBatch<Ops>::Entry> entry = batch.pop_front()) {
		auto [queue, rq] = *std::move(entry);
#ifndef BLKMQ_CONTROL
		batch.leave(std::move(rq).start());
#else
		batch.leave(std::move(rq));
#endif
	}
}
