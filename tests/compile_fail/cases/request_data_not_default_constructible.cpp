// SPDX-License-Identifier: GPL-2.0 OR MIT
// RequestData is built in init_request, which has no arguments to give it and cannot fail.
// expect: blkmq: Ops::RequestData must be noexcept default-constructible
#include <blkmq/blkmq.hpp>

#include <utility>

using namespace blkmq;

struct BadOps {
	static DispatchResult queue_rq(const HwQueue<BadOps> &, OwnedRequest<BadOps> rq, bool) noexcept {
		return std::move(rq).busy();
	}
#ifndef BLKMQ_CONTROL
	struct RequestData {
		explicit RequestData(int first) noexcept : value(first) {}
		int value;
	};
#else
	struct RequestData {
		int value = 0;
	};
#endif
};

bool driver_code() { return blkmq::TagSet<BadOps>::create({}).has_value(); }
