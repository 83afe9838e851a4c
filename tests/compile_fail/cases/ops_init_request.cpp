// SPDX-License-Identifier: GPL-2.0 OR MIT
// init_request is where blkmq builds RequestData; a driver's own would never run.
// expect: blkmq: Ops::init_request is never called: blkmq owns init_request
#include "../sample_ops.hpp"

struct InitRequestOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<InitRequestOps> &, OwnedRequest<InitRequestOps> rq,
				       bool) noexcept {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	static int init_request(void *) noexcept { return 0; }
#endif
};

bool driver_code() { return blkmq::TagSet<InitRequestOps>::create({}).has_value(); }
