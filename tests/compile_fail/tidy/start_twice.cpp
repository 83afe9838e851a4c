// SPDX-License-Identifier: GPL-2.0 OR MIT
// A second start() is a use after move for clang-tidy, as it is a use of a consumed handle
// for -Wconsumed (clang/start_twice.cpp): either check alone catches it.
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
