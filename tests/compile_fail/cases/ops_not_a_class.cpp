// SPDX-License-Identifier: GPL-2.0 OR MIT
// The operations type is a class of static members: the ops table is built from its names.
// expect: blkmq: the operations type must be a class with static members
#include <blkmq/blkmq.hpp>

#ifndef BLKMQ_CONTROL
using BadOps = int;
#else
struct BadOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<BadOps> &, blkmq::OwnedRequest<BadOps> rq,
					      bool) noexcept {
		return std::move(rq).busy();
	}
};
#endif

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
