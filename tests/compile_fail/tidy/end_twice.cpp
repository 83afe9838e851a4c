// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ending a request twice is a use-after-free in the kernel: clang-tidy's use-after-move
// check sees the second std::move(rq) of a handle the first already consumed.
// expect: 'rq' used after it was moved \[bugprone-use-after-move
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
	std::move(rq).end_ok();
#ifndef BLKMQ_CONTROL
	std::move(rq).end(Status::io_error());
#endif
}
