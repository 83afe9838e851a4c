// SPDX-License-Identifier: GPL-2.0 OR MIT
// Completing ends the request, which a shared handle may not do.
// expect: blkmq: an ARef cannot complete a request
#include "../sample_ops.hpp"

void driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	ref.complete();
#else
	blkmq::UniqueOrShared<Ops> result = std::move(ref).try_unique();
	if (result.is_unique())
		std::move(result).unique().complete();
#endif
}
