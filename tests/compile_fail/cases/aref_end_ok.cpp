// SPDX-License-Identifier: GPL-2.0 OR MIT
// An ARef cannot end a request with end_ok() either.
// expect: blkmq: an ARef cannot end a request: get the UniqueRequest with std::move\(ref\)\.try_unique\(\)
#include "../sample_ops.hpp"

void driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	ref.end_ok();
#else
	blkmq::UniqueOrShared<Ops> result = std::move(ref).try_unique();
	if (result.is_unique())
		std::move(result).unique().end_ok();
#endif
}
