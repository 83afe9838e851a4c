// SPDX-License-Identifier: GPL-2.0 OR MIT
// complete receives the only handle by value: by reference it need not end the request.
// expect: blkmq: Ops::complete must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	static void complete(UniqueRequest<BadOps> &rq) noexcept { std::move(rq).end_ok(); }
#else
	static void complete(UniqueRequest<BadOps> rq) noexcept { std::move(rq).end_ok(); }
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
