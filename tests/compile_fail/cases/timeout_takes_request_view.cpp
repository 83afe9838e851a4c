// SPDX-License-Identifier: GPL-2.0 OR MIT
// timeout gets a TimedOutRequest, not a Request view: the request may be held by a handle
// elsewhere, or by its timer, and only TimedOutRequest::try_take() can tell.
// expect: blkmq: Ops::timeout must be exactly static TimeoutAction timeout\(TimedOutRequest<Ops>\)
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	static TimeoutAction timeout(const Request<BadOps> &) noexcept { return TimeoutAction::ResetTimer; }
#else
	static TimeoutAction timeout(TimedOutRequest<BadOps>) noexcept { return TimeoutAction::ResetTimer; }
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
