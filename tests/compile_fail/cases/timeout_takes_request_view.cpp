// SPDX-License-Identifier: GPL-2.0 OR MIT
// timeout gets a const view: the request may be owned by a handle elsewhere at the time.
// expect: blkmq: Ops::timeout must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	static TimeoutAction timeout(Request<BadOps> &) noexcept { return TimeoutAction::ResetTimer; }
#else
	static TimeoutAction timeout(const Request<BadOps> &) noexcept { return TimeoutAction::ResetTimer; }
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
