// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The reference count that decides who may touch an in-flight request.
//
// It lives in the request's private data (PDU), not in rq->ref: the kernel's req_ref_*
// helpers are private to block/, and the block layer uses rq->ref for its own purposes.
// This is the protocol of the Rust kernel::block::mq abstraction:
//
//   0   the block layer owns the request, or exactly one OwnedRequest / UniqueRequest
//       holds it. Nobody else may get a handle: tag lookups fail.
//   1   the driver owns the started request, but no handle exists (every ARef dropped).
//       A tag lookup may take it back.
//   n>1 the driver owns it and n-1 ARef handles exist.
//
// Transitions: UniqueRequest -> ARef stores 2 (release: the unique owner's writes are
// visible to whoever later gets a reference); a tag lookup increments only from non-zero;
// ARef -> UniqueRequest is a compare-exchange 2 -> 0 (acquire: it sees every write made
// through the references that were dropped). A request can only be ended at 0.
#pragma once

namespace blkmq::detail {

class RequestRefcount {
public:
	// Only the init_request thunk creates one; the block layer then owns the request.
	constexpr RequestRefcount() noexcept = default;
	RequestRefcount(const RequestRefcount &) = delete;
	RequestRefcount &operator=(const RequestRefcount &) = delete;

	// The unique owner becomes the first shared reference.
	void share_unique() noexcept { __atomic_store_n(&count_, 2, __ATOMIC_RELEASE); }

	// A new reference from an existing one: the count is already at least 2 and cannot
	// reach 0 meanwhile, so no ordering is needed (as for Rust's Arc clone).
	void acquire_more() noexcept { __atomic_fetch_add(&count_, 1, __ATOMIC_RELAXED); }

	// For tag lookups: succeeds only while the driver owns the request and no unique
	// handle exists.
	bool acquire_if_shared() noexcept {
		unsigned long seen = __atomic_load_n(&count_, __ATOMIC_RELAXED);
		do {
			if (seen == 0)
				return false;
		} while (!__atomic_compare_exchange_n(&count_, &seen, seen + 1, /*weak=*/true, __ATOMIC_ACQUIRE,
						      __ATOMIC_RELAXED));
		return true;
	}

	void release() noexcept { __atomic_fetch_sub(&count_, 1, __ATOMIC_RELEASE); }

	// The last reference becomes the unique owner.
	bool try_make_unique() noexcept {
		unsigned long expected = 2;
		return __atomic_compare_exchange_n(&count_, &expected, 0, /*weak=*/false, __ATOMIC_ACQUIRE,
						   __ATOMIC_RELAXED);
	}

	unsigned long load() const noexcept { return __atomic_load_n(&count_, __ATOMIC_ACQUIRE); }

private:
	unsigned long count_ = 0;
};

static_assert(sizeof(RequestRefcount) == sizeof(unsigned long));

} // namespace blkmq::detail
