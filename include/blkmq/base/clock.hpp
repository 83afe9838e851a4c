// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// monotonic_ns(): the kernel's CLOCK_MONOTONIC (ktime_get()), in nanoseconds. It never goes
// back and does not count time suspended; it can be read in any context but NMI,
// interrupts included. For measuring intervals on the I/O path (a bandwidth limit, a latency), never
// for wall-clock time.
#pragma once

#include <blkmq/sys.h>

#include <cstdint>

namespace blkmq {

inline std::uint64_t monotonic_ns() noexcept { return static_cast<std::uint64_t>(ktime_get()); }

} // namespace blkmq
