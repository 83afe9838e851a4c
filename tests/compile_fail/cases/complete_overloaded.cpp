// SPDX-License-Identifier: GPL-2.0 OR MIT
// complete() requires exactly what the ops table requires: an Ops::complete that is merely
// callable (here a template) leaves the slot null, so complete() must not compile.
// expect: blkmq: complete\(\) needs Ops::complete, exactly static void complete\(UniqueRequest<Ops>\)
#include "../sample_ops.hpp"

struct TemplateCompleteOps {
	static DispatchResult queue_rq(const blkmq::HwQueue<TemplateCompleteOps> &,
				       OwnedRequest<TemplateCompleteOps> rq, bool) noexcept {
		std::move(rq).start().complete();
		return DispatchResult::accepted();
	}
#ifndef BLKMQ_CONTROL
	template <class Handle>
	static void complete(Handle rq) noexcept {
		std::move(rq).end_ok();
	}
#else
	static void complete(UniqueRequest<TemplateCompleteOps> rq) noexcept { std::move(rq).end_ok(); }
#endif
};
