// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The global operator delete of a kernel module: kfree, through blkmq_free().
//
// Memory from `new (blkmq::Gfp::...) T` (include/blkmq/memory/gfp.hpp) comes from kmalloc, so
// `delete` must give it back there. These replace the C++ runtime's versions, which a
// module does not have; a replacement cannot be inline, hence this file. There is no
// operator new(size_t) on purpose: a plain `new T` fails to link.
#include <blkmq/sys.h>

#include <cstddef>

void operator delete(void *ptr) noexcept { blkmq_free(ptr); }
void operator delete[](void *ptr) noexcept { blkmq_free(ptr); }
void operator delete(void *ptr, std::size_t) noexcept { blkmq_free(ptr); }
void operator delete[](void *ptr, std::size_t) noexcept { blkmq_free(ptr); }
