// SPDX-License-Identifier: GPL-2.0 OR MIT
// An OwnedPage frees its page when destroyed: a copy would free it twice.
// expect: deleted (function|constructor).*OwnedPage
#include "../sample_ops.hpp"

blkmq::PageRange driver_code(blkmq::OwnedPage &page) {
#ifndef BLKMQ_CONTROL
	blkmq::OwnedPage copy = page;
#else
	blkmq::OwnedPage copy = std::move(page);
#endif
	return copy->range(0, 512);
}
