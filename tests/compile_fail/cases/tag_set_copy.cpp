// SPDX-License-Identifier: GPL-2.0 OR MIT
// A TagSet owns the kernel's tag set: a copy would free it twice.
// expect: deleted (function|constructor).*TagSet
#include "../sample_ops.hpp"

unsigned int driver_code(blkmq::TagSet<Ops> &set) {
#ifndef BLKMQ_CONTROL
	blkmq::TagSet<Ops> other = set;
#else
	blkmq::TagSet<Ops> other = std::move(set);
#endif
	return other.nr_hw_queues();
}
