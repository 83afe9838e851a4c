// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_rq is the one operation every driver has: the block layer calls it unconditionally.
// expect: blkmq: Ops::queue_rq is missing
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
#ifndef BLKMQ_CONTROL
	static void commit_rqs(const HwQueue<BadOps> &) noexcept {}
#else
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
