// SPDX-License-Identifier: GPL-2.0 OR MIT
// Every queue of every disk on a tag set reaches its TagSetData at once, so operations see
// it as const: what they change in it must synchronise itself (atomics, a lock).
// expect: (read-only object|returns a const value)
#include "../sample_ops.hpp"

struct CountingOps {
	struct TagSetData {
		unsigned int dispatched = 0;
	};

	static DispatchResult queue_rq(const blkmq::HwQueue<CountingOps> &queue, OwnedRequest<CountingOps> rq,
				       bool) noexcept {
#ifndef BLKMQ_CONTROL
		++rq->tag_set_data().dispatched;
#else
		(void)queue.tag_set_data().dispatched;
#endif
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

template class blkmq::TagSet<CountingOps>;
