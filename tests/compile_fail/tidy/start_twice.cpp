// SPDX-License-Identifier: GPL-2.0 OR MIT
// OwnedRequest carries no typestate attributes, so -Wconsumed does not see a second start();
// clang-tidy's use-after-move check does.
// expect: 'rq' used after it was moved \[bugprone-use-after-move
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
	UniqueRequest<Ops> started = std::move(rq).start();
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> again = std::move(rq).start();
	std::move(again).end_ok();
#endif
	std::move(started).end_ok();
	return DispatchResult::accepted();
}
