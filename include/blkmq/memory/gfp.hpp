// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Gfp and `new (Gfp::...) T`: heap allocation with the kernel's allocation flags.
//
// Kernel allocation can fail and must say whether it may sleep, so blkmq's operator new
// takes the flags explicitly and is noexcept: a new-expression with it yields nullptr on
// failure (and constructs nothing) instead of throwing, and the caller must check. There
// is no plain `new T`: the kernel has no operator new(size_t), so a module using one fails
// to link. `delete` frees with kfree (kernel/cxx_runtime_delete.cpp).
//
// Prefer Box<T> (memory/box.hpp), which makes the check impossible to forget; in userspace
// builds `delete` is the C++ runtime's, so only Box frees Gfp memory correctly there.
#pragma once

#include <blkmq/detail/field.hpp>

#include <cstddef>

namespace blkmq {

// The flag values depend on the kernel configuration, so they come from <blkmq_layout.h>.
enum class Gfp : unsigned int {
	// May sleep and start I/O: setup paths.
	Kernel = BLKMQ_GFP_KERNEL,
	// May sleep but must not recurse into I/O: allocations while handling I/O.
	NoIo = BLKMQ_GFP_NOIO,
	// Must not sleep: interrupt and softirq context.
	Atomic = BLKMQ_GFP_ATOMIC,
};

} // namespace blkmq

[[nodiscard]] inline void *operator new(std::size_t size, blkmq::Gfp gfp) noexcept {
	return blkmq_alloc(size, static_cast<unsigned int>(gfp));
}
[[nodiscard]] inline void *operator new[](std::size_t size, blkmq::Gfp gfp) noexcept {
	return blkmq_alloc(size, static_cast<unsigned int>(gfp));
}
// Called only if a constructor throws, which cannot happen without exceptions; required
// to match the allocation functions above.
inline void operator delete(void *ptr, blkmq::Gfp) noexcept { blkmq_free(ptr); }
inline void operator delete[](void *ptr, blkmq::Gfp) noexcept { blkmq_free(ptr); }
