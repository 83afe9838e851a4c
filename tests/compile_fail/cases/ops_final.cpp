// SPDX-License-Identifier: GPL-2.0 OR MIT
// blkmq finds operations by name lookup in a class derived from Ops, which a final class
// forbids: an overloaded complete() there would go unseen, so final is rejected. The
// control shows that constants named like operations are not taken for operations.
// expect: blkmq: the operations type must not be final
#include "../sample_ops.hpp"

#ifndef BLKMQ_CONTROL
struct FinalOps final {
#else
struct FinalOps {
	static constexpr int timeout = 5; // a constant, not an operation
	static inline bool busy = false;
#endif
	static DispatchResult queue_rq(const blkmq::HwQueue<FinalOps> &, OwnedRequest<FinalOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

bool driver_code() { return blkmq::TagSet<FinalOps>::create({}).has_value(); }
