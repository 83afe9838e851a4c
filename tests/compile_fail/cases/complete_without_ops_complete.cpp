// SPDX-License-Identifier: GPL-2.0 OR MIT
// complete() hands the request to Ops::complete: without one the request would never end.
// expect: blkmq: complete\(\) needs Ops::complete, exactly static void complete\(UniqueRequest<Ops>\)
#include "../sample_ops.hpp"

struct NoCompleteOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<NoCompleteOps> &, OwnedRequest<NoCompleteOps> rq,
				       bool) noexcept {
		UniqueRequest<NoCompleteOps> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
		std::move(started).complete();
#else
		std::move(started).end_ok();
#endif
		return DispatchResult::accepted();
	}
};
