// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_rq returns a DispatchResult, made from the handle it gives back: a bare Status could
// say "busy" while the driver keeps the request.
// expect: blkmq: Ops::queue_rq must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
#ifndef BLKMQ_CONTROL
	static Status queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return Status::ok();
	}
#else
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
