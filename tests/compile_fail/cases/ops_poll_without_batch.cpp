// SPDX-License-Identifier: GPL-2.0 OR MIT
// poll receives the poll's completion batch: a poll of the old one-argument form would
// leave the slot null, so it is an error that names the signature.
// expect: blkmq: Ops::poll must be exactly static int poll\(const HwQueue<Ops>&, CompletionBatch&\)
#include "../sample_ops.hpp"

struct OldPollOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<OldPollOps> &, OwnedRequest<OldPollOps> rq, bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static int poll(const blkmq::HwQueue<OldPollOps> &) noexcept { return 0; }
#else
	static int poll(const blkmq::HwQueue<OldPollOps> &, blkmq::CompletionBatch &) noexcept { return 0; }
#endif
};

bool driver_code() { return blkmq::TagSet<OldPollOps>::create({.poll_queues = 1}).has_value(); }
