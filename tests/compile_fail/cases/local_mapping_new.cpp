// SPDX-License-Identifier: GPL-2.0 OR MIT
// A LocalMapping on the heap would outlive the scope and the thread its mapping is valid in.
// expect: deleted (function|constructor).*operator new
#include "../sample_ops.hpp"

std::size_t driver_code(const blkmq::PageRange &range) {
#ifndef BLKMQ_CONTROL
	auto *mapping = new (blkmq::Gfp::Atomic) blkmq::LocalMapping(range);
	return mapping->bytes().size();
#else
	blkmq::LocalMapping mapping(range);
	return mapping.bytes().size();
#endif
}
