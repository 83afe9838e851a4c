// SPDX-License-Identifier: GPL-2.0 OR MIT
// An ARef cannot leak its count: a request with a count no handle accounts for can never be
// made unique again, so it can never be ended.
// expect: leak.*is (a )?private
#include "../sample_ops.hpp"

bool driver_code(ARef<Request<Ops>> ref) {
#ifndef BLKMQ_CONTROL
	return std::move(ref).leak() != nullptr;
#else
	return static_cast<bool>(ref);
#endif
}
