// SPDX-License-Identifier: GPL-2.0 OR MIT
// A TimedOutRequest lives for the timeout handler's call, as the block layer's reference on
// the request does: it cannot be kept for later, where try_take() could take a request
// handed out for another I/O since.
// expect: deleted (function|constructor).*TimedOutRequest
#include "../sample_ops.hpp"

#include <utility>

struct KeepingOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<KeepingOps> &, blkmq::OwnedRequest<KeepingOps> rq,
					      bool) noexcept {
		return std::move(rq).busy();
	}
	static blkmq::TimeoutAction timeout(blkmq::TimedOutRequest<KeepingOps> rq) noexcept {
#ifndef BLKMQ_CONTROL
		static blkmq::TimedOutRequest<KeepingOps> kept = std::move(rq);
		(void)kept;
#else
		(void)rq.tag();
#endif
		return blkmq::TimeoutAction::ResetTimer;
	}
};

template class blkmq::TagSet<KeepingOps>;
