// SPDX-License-Identifier: GPL-2.0 OR MIT
// A Result must be looked at: a failed setup call cannot go unnoticed.
// expect: unused-result
#include "../sample_ops.hpp"

bool driver_code() {
#ifndef BLKMQ_CONTROL
	blkmq::TagSet<Ops>::create({});
	return true;
#else
	return blkmq::TagSet<Ops>::create({}).has_value();
#endif
}
