// SPDX-License-Identifier: GPL-2.0 OR MIT
// try_unique() consumes the ARef: the unique handle it may return replaces it. The code
// around the mistake must type-check, so that the library's message is the first error.
// expect: blkmq: try_unique\(\) consumes the ARef: write std::move\(ref\)\.try_unique\(\)
#include "../sample_ops.hpp"

void driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	blkmq::UniqueOrShared<Ops> result = ref.try_unique();
#else
	blkmq::UniqueOrShared<Ops> result = std::move(ref).try_unique();
#endif
	if (result.is_unique())
		std::move(result).unique().end_ok();
}
