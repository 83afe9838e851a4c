// SPDX-License-Identifier: GPL-2.0 OR MIT
// A Page is a view of the kernel's struct page: it is never made, only reached through an
// owner or a request's segments.
// expect: deleted (function|constructor).*Page
#include "../sample_ops.hpp"

blkmq::PageRange driver_code(const blkmq::OwnedPage &owned) {
#ifndef BLKMQ_CONTROL
	static blkmq::Page page;
	return page.range();
#else
	return owned->range();
#endif
}
