// SPDX-License-Identifier: GPL-2.0 OR MIT
// A LocalMapping is undone by its own scope, in reverse order of the mappings made: a move
// would carry it out of that scope, and its unmap out of order.
// expect: deleted (function|constructor).*LocalMapping
#include "../sample_ops.hpp"

std::size_t driver_code(const blkmq::PageRange &range) {
	blkmq::LocalMapping mapping(range);
#ifndef BLKMQ_CONTROL
	blkmq::LocalMapping moved = std::move(mapping);
	return moved.bytes().size();
#else
	return mapping.bytes().size();
#endif
}
