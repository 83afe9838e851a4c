// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_rq takes the OwnedRequest by value: by reference, the thunk would still own it and
// fail it when the call returns.
// expect: blkmq: Ops::queue_rq must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
#ifndef BLKMQ_CONTROL
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> &rq, bool) noexcept {
		return std::move(rq).busy();
	}
#else
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
