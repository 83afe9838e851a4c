// SPDX-License-Identifier: GPL-2.0 OR MIT
// An ARef cannot end a request: other ARefs may still read it.
// expect: blkmq: an ARef cannot end a request: get the UniqueRequest with std::move\(ref\)\.try_unique\(\)
#include "../sample_ops.hpp"

void driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	std::move(ref).end(Status::ok());
#else
	blkmq::UniqueOrShared<Ops> result = std::move(ref).try_unique();
	if (result.is_unique())
		std::move(result).unique().end(Status::ok());
#endif
}
