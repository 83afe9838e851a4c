// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// FaultInjection: one of the kernel's fault-injection points (struct fault_attr,
// lib/fault-inject.c), for a driver that injects its own faults, as C null_blk's timeout,
// requeue and init_hctx parameters do.
//
// State: disabled (default-constructed, or made from an empty string: should_fail() is false
// and costs a test of a pointer), or owning a fault attribute parsed from
// "<interval>,<probability>,<space>,<times>", the kernel's format (Documentation/
// fault-injection): fail one call in @interval, with @probability percent, after @space
// calls' worth, at most @times times (-1: no limit). Not verbose: an injected fault is not
// logged.
//
// Kernels without fault injection (Debian's; BLKMQ_HAS_FAULT_INJECTION is 0) have no such
// points: create() of a non-empty string fails with -EOPNOTSUPP, and should_fail() is a
// constant false, so a driver's checks compile away. The debug kernel has them, and so does
// the userspace model.
//
// Move-only; the attribute is freed with it. should_fail() may be called from any context
// and concurrently (its counters are atomics).
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/sys.h>

#include <utility>

namespace blkmq {

class FaultInjection {
public:
	static constexpr bool supported = BLKMQ_HAS_FAULT_INJECTION != 0;

	constexpr FaultInjection() noexcept = default;
	FaultInjection(FaultInjection &&other) noexcept : attr_(std::exchange(other.attr_, nullptr)) {}
	FaultInjection &operator=(FaultInjection &&other) noexcept {
		std::swap(attr_, other.attr_);
		return *this;
	}
	FaultInjection(const FaultInjection &) = delete;
	FaultInjection &operator=(const FaultInjection &) = delete;
	~FaultInjection() {
		if constexpr (supported) {
			if (attr_ != nullptr)
				blkmq_fault_attr_destroy(attr_);
		}
	}

	// A point set from @spec; disabled when @spec is empty. -EINVAL when it does not parse
	// (the kernel logs "FAULT_INJECTION: failed to parse arguments"), -EOPNOTSUPP where the
	// kernel has no fault injection.
	[[nodiscard]] static Result<FaultInjection> create(const char *spec) noexcept {
		if (spec == nullptr || spec[0] == '\0')
			return FaultInjection();
		if constexpr (supported) {
			fault_attr *attr = nullptr;
			if (const int err = blkmq_fault_attr_create(spec, &attr); err != 0)
				return Error::from_errno(err);
			return FaultInjection(attr);
		} else {
			return Error::not_supported();
		}
	}

	// Whether to inject the fault now (should_fail(attr, 1)).
	bool should_fail() const noexcept {
		if constexpr (supported)
			return attr_ != nullptr && blkmq_should_fail(attr_);
		else
			return false;
	}

private:
	explicit FaultInjection(fault_attr *attr) noexcept : attr_(attr) {}

	fault_attr *attr_ = nullptr;
};

} // namespace blkmq
