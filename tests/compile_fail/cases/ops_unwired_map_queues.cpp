// SPDX-License-Identifier: GPL-2.0 OR MIT
// A member of struct blk_mq_ops that blkmq does not wire would never be called: an error,
// not a silently ignored function.
// expect: blkmq: Ops::map_queues is never called: blkmq maps the queues itself
#include "../sample_ops.hpp"

struct MapQueuesOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<MapQueuesOps> &, OwnedRequest<MapQueuesOps> rq,
				       bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static void map_queues(void *) noexcept {}
#endif
};

bool driver_code() { return blkmq::TagSet<MapQueuesOps>::create({}).has_value(); }
