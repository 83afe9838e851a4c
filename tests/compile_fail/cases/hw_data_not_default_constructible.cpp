// SPDX-License-Identifier: GPL-2.0 OR MIT
// HwData is built before init_hctx, with no arguments to give it.
// expect: blkmq: Ops::HwData must be noexcept default-constructible
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	struct HwData {
		HwData() noexcept(false) {}
	};
#else
	struct HwData {
		HwData() noexcept {}
	};
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
