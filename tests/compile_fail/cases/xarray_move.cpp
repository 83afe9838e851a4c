// SPDX-License-Identifier: GPL-2.0 OR MIT
// The kernel's xarray nodes point back at the array: it stays where it was made.
// expect: deleted (function|constructor).*XArray
#include "../sample_ops.hpp"

bool driver_code(blkmq::XArray<blkmq::OwnedPage> &pages) {
#ifndef BLKMQ_CONTROL
	blkmq::XArray<blkmq::OwnedPage> moved = std::move(pages);
	return moved.get(0) != nullptr;
#else
	return pages.get(0) != nullptr;
#endif
}
