// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_rq taking const OwnedRequest& could never start or give back the request.
// expect: blkmq: Ops::queue_rq must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
#ifndef BLKMQ_CONTROL
	static DispatchResult queue_rq(const HwQueue<BadOps> &, const OwnedRequest<BadOps> &, bool) noexcept {
		return DispatchResult::accepted();
	}
#else
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
