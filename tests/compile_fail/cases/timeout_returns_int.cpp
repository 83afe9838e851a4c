// SPDX-License-Identifier: GPL-2.0 OR MIT
// timeout answers with a TimeoutAction: an int could be any of the kernel's renumbered values.
// expect: blkmq: Ops::timeout must be exactly
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	static int timeout(TimedOutRequest<BadOps>) noexcept { return 0; }
#else
	static TimeoutAction timeout(TimedOutRequest<BadOps>) noexcept { return TimeoutAction::ResetTimer; }
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
