// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_rq sees its hardware queue as const: the block layer may run it for one queue on
// several CPUs at once, so HwData written there must synchronise itself (atomics, a lock).
// expect: (read-only object|returns a const value)
#include "../sample_ops.hpp"

struct CountingOps {
	struct HwData {
		unsigned int dispatched = 0;
	};

	static DispatchResult queue_rq(const blkmq::HwQueue<CountingOps> &queue, OwnedRequest<CountingOps> rq,
				       bool) noexcept {
#ifndef BLKMQ_CONTROL
		++queue.data().dispatched;
#else
		(void)queue.data().dispatched;
#endif
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

template class blkmq::TagSet<CountingOps>;
