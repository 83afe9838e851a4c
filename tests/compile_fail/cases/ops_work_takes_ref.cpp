// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ops::work receives the request by value: a reference could not consume it, and the request
// would outlive the callback with nobody to end it.
// expect: blkmq: Ops::work must be exactly static void work\(UniqueRequest<Ops>\)
#include "../sample_ops.hpp"

struct WorkOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<WorkOps> &, blkmq::OwnedRequest<WorkOps> rq,
					      bool) noexcept {
		std::move(rq).start().queue_work();
		return blkmq::DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static void work(const blkmq::UniqueRequest<WorkOps> &) noexcept {}
#else
	static void work(blkmq::UniqueRequest<WorkOps> rq) noexcept { std::move(rq).end_ok(); }
#endif
};

template class blkmq::TagSet<WorkOps>;
