// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The reference count that decides who may touch an in-flight request, and the generation
// that tells one shared episode of it from the next.
//
// It lives in the request's private data (PDU), not in rq->ref: the kernel's req_ref_*
// helpers are private to block/, and the block layer uses rq->ref for its own purposes.
// The count follows the protocol of the Rust kernel::block::mq abstraction:
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
// through the references that were dropped); the block layer's timeout takes a request
// nobody holds with a compare-exchange 1 -> 0 (TimedOutRequest::try_take), so that it and
// a tag lookup racing it cannot both win. A request can only be ended at 0.
//
// The generation (TagCookie, requests/tag_cookie.hpp) shares the word: the count in the low 32 bits,
// the generation in the high 32, bumped by every UniqueRequest -> ARef. So a lookup by
// cookie tests the generation and increments in one compare-exchange: a stale cookie that
// names this request's earlier episode never raises its count, not even for a moment, and
// cannot make the rightful owner's try_unique() fail.
//
// One driver tag is not always one request object: with an I/O scheduler the request that
// holds a tag is whichever scheduler request got it, and a flush borrows its data
// request's tag. So the generations of different requests must not run alike: each
// request's starts at its own point of the 32-bit circle (set at init_request, spread by
// the golden ratio), and a stale cookie could name another request only after that one
// has been shared some 2^32 / (requests of the queue) times since it was initialised
// (2^18 for 16384 requests), and only while it holds that very tag.
#pragma once

#include <cstdint>

namespace blkmq::detail {

class RequestRefcount {
public:
	// Only the init_request thunk creates one, with the request's own starting generation
	// (see above); the block layer then owns the request.
	constexpr explicit RequestRefcount(std::uint32_t first_generation) noexcept
	    : word_(std::uint64_t{first_generation} << 32) {}
	RequestRefcount(const RequestRefcount &) = delete;
	RequestRefcount &operator=(const RequestRefcount &) = delete;

	// The unique owner becomes the first shared reference, in a new generation. Nobody
	// else touches the word meanwhile (count 0: lookups fail without writing).
	void share_unique() noexcept {
		const std::uint64_t word = __atomic_load_n(&word_, __ATOMIC_RELAXED);
		__atomic_store_n(&word_, (word & generation_mask) + one_generation + 2, __ATOMIC_RELEASE);
	}

	// A new reference from an existing one: the count is already at least 2 and cannot
	// reach 0 meanwhile, so no ordering is needed (as for Rust's Arc clone).
	void acquire_more() noexcept { __atomic_fetch_add(&word_, 1, __ATOMIC_RELAXED); }

	// For tag lookups: succeeds only while the driver owns the request, no unique handle
	// exists and, for a lookup by cookie, the request is in @generation.
	bool acquire_if_shared() noexcept {
		return acquire_if([](std::uint64_t) { return true; });
	}
	bool acquire_if_shared(std::uint32_t generation) noexcept {
		return acquire_if([generation](std::uint64_t word) { return generation_of(word) == generation; });
	}

	void release() noexcept { __atomic_fetch_sub(&word_, 1, __ATOMIC_RELEASE); }

	// The last reference becomes the unique owner.
	bool try_make_unique() noexcept { return try_unique_from(2); }

	// A request with no handle (count 1) becomes the unique owner's, for the timeout handler.
	bool try_take_unheld() noexcept { return try_unique_from(1); }

	// Of the current episode; read by a holder of a reference (which keeps it from
	// changing), so relaxed suffices.
	std::uint32_t generation() const noexcept { return generation_of(__atomic_load_n(&word_, __ATOMIC_RELAXED)); }

private:
	static constexpr std::uint64_t one_generation = std::uint64_t{1} << 32;
	static constexpr std::uint64_t generation_mask = ~(one_generation - 1);

	static constexpr std::uint32_t count_of(std::uint64_t word) noexcept {
		return static_cast<std::uint32_t>(word);
	}
	static constexpr std::uint32_t generation_of(std::uint64_t word) noexcept {
		return static_cast<std::uint32_t>(word >> 32);
	}

	// Count @count -> 0, the generation kept (acquire: sees every write made through the
	// references dropped before).
	bool try_unique_from(std::uint32_t count) noexcept {
		std::uint64_t expected = __atomic_load_n(&word_, __ATOMIC_RELAXED);
		if (count_of(expected) != count)
			return false;
		return __atomic_compare_exchange_n(&word_, &expected, expected - count, /*weak=*/false,
						   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
	}

	template <class Test>
	bool acquire_if(Test test) noexcept {
		std::uint64_t seen = __atomic_load_n(&word_, __ATOMIC_RELAXED);
		do {
			if (count_of(seen) == 0 || !test(seen))
				return false;
		} while (!__atomic_compare_exchange_n(&word_, &seen, seen + 1, /*weak=*/true, __ATOMIC_ACQUIRE,
						      __ATOMIC_RELAXED));
		return true;
	}

	std::uint64_t word_;
};

static_assert(sizeof(RequestRefcount) == sizeof(std::uint64_t));

} // namespace blkmq::detail
