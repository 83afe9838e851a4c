// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// HeldMark: in a checked build, whether the driver holds a request; and the check made before
// every read of a request field.
//
// The block layer reuses a request as soon as the driver gives it back (ends it, requeues it,
// or completes it, until Ops::complete receives it again). A Request& kept past that reads,
// or writes the data of, someone else's I/O. The handles make every use of a given-back
// request they can see a compile error; a reference that outlived its handle they cannot see.
//
// In a checked build the request's PDU has a HeldMark right after its reference count, a
// count of hand-outs and hand-backs, odd while the driver holds the request:
//   set     (made odd) where a thunk makes a handle from what the block layer passes
//           (queue_rq, complete, timer_expired),
//   cleared (made even) by every hand-back (end, complete, start_timer, busy, fail, the
//           library failing a misused request), just before the block layer regains it,
//   tested  before every read through a Request view (check_request_access), which reports
//           BLKMQ_MISUSE_USE_AFTER_END when the mark is even; a view of the request's data
//           (RequestBorrow, below) also requires the count it was made at, so it is refused
//           even after the request was handed out again for another I/O.
// Between set and clear only the holder writes it; the block layer orders a hand-back on one
// CPU before the next handle on another (completion IPIs, the tag allocator), and relaxed
// atomics keep concurrent readers of a shared request defined.
//
// In other builds HeldMark is an empty member of the PDU and the functions here compile to
// nothing: the I/O path stays C's. kernel/blkmq.mk defines BLKMQ_CHECKED for kernels built with
// KASAN (such as the debug kernel of tests/kernel), and for any kernel with make BLKMQ_CHECKED=1.
// The userspace model checks request accesses its own, stricter way; in a checked build on the
// model it also checks the mark against its own state (tests/unit, blkmq_unit_tests_checked).
#pragma once

#include <blkmq/detail/field.hpp>
#include <blkmq/detail/request_refcount.hpp>
#include <blkmq/sys.h>

#include <cstdint>

namespace blkmq::detail {

#ifdef BLKMQ_CHECKED
inline constexpr bool checked_build = true;
// Counts hand-outs and hand-backs: odd while the driver holds the request. A view of the
// request's data remembers the count it was made at, so it is refused after the request was
// handed back even once the block layer has handed it out again for another I/O.
struct HeldMark {
	std::uint32_t episode = 0;
};
#else
inline constexpr bool checked_build = false;
struct HeldMark {};
#endif

// The mark follows the count, the PDU's first member (RequestPdu), so it is found without the
// driver's types.
[[gnu::always_inline]] inline HeldMark *held_mark(const request *rq) noexcept {
	static_assert(alignof(RequestRefcount) % alignof(HeldMark) == 0, "no padding between count and mark");
	return field_address<HeldMark>(rq, BLKMQ_RQ_PDU_OFFSET + sizeof(RequestRefcount));
}

#ifdef BLKMQ_CHECKED
[[gnu::always_inline]] inline std::uint32_t held_episode(const request *rq) noexcept {
	return __atomic_load_n(&held_mark(rq)->episode, __ATOMIC_RELAXED);
}
[[gnu::always_inline]] inline bool is_held(const request *rq) noexcept { return (held_episode(rq) & 1) != 0; }
#endif

// Only the holder writes the mark (see above), so a load and a store suffice.
[[gnu::always_inline]] inline void mark_held([[maybe_unused]] request *rq) noexcept {
#ifdef BLKMQ_CHECKED
	const std::uint32_t episode = held_episode(rq);
	__atomic_store_n(&held_mark(rq)->episode, episode | 1, __ATOMIC_RELAXED);
#endif
}

[[gnu::always_inline]] inline void mark_given_back([[maybe_unused]] request *rq) noexcept {
#ifdef BLKMQ_CHECKED
	const std::uint32_t episode = held_episode(rq);
	__atomic_store_n(&held_mark(rq)->episode, (episode | 1) + 1, __ATOMIC_RELAXED);
#endif
}

// Called before every read of a request field: a held-mark test in a checked build, the
// model's use-after-end check in the userspace model (and there, in a checked build, the
// model's check of the mark itself), nothing otherwise. Returns whether the driver holds the
// request (always true where nothing is checked), for callers that can refuse the access.
[[gnu::always_inline]] inline bool check_request_access([[maybe_unused]] const request *rq) noexcept {
#ifdef BLKMQ_MODEL
	const bool allowed = blkmq_model_check_access(rq);
#ifdef BLKMQ_CHECKED
	if (rq != nullptr)
		blkmq_model_check_held_mark(rq, is_held(rq));
#endif
	return allowed;
#elif defined(BLKMQ_CHECKED)
	if (!is_held(rq)) [[unlikely]] {
		blkmq_report_misuse(BLKMQ_MISUSE_USE_AFTER_END, rq);
		return false;
	}
	return true;
#else
	return true;
#endif
}

} // namespace blkmq::detail

namespace blkmq::detail {

// What a view of a request's data (a segment, a page range of it) carries so that each use
// runs check_request_access() too, and checks that the request still carries the I/O the view
// was taken from: the request and its episode (the held mark's count, or the model's), where
// the build checks, and nothing where it does not. A view of a driver's own memory has no
// request. check() says whether the use may go on: a copy into a request given back, or since
// reused for another I/O, is reported and not made.
#if defined(BLKMQ_CHECKED) || defined(BLKMQ_MODEL)
class RequestBorrow {
public:
	constexpr RequestBorrow() noexcept = default;
	explicit RequestBorrow(const request *rq) noexcept : rq_(rq), episode_(episode_of(rq)) {}
	bool check() const noexcept {
		if (rq_ == nullptr)
			return true;
		if (!check_request_access(rq_))
			return false;
		if (episode_of(rq_) == episode_) [[likely]]
			return true;
		blkmq_report_misuse(BLKMQ_MISUSE_USE_AFTER_END, rq_);
		return false;
	}
	const request *rq() const noexcept { return rq_; }

private:
	static std::uint32_t episode_of(const request *rq) noexcept {
#ifdef BLKMQ_MODEL
		return blkmq_model_request_episode(rq);
#else
		return held_episode(rq);
#endif
	}

	const request *rq_ = nullptr;
	std::uint32_t episode_ = 0;
};
#else
class RequestBorrow {
public:
	constexpr RequestBorrow() noexcept = default;
	explicit RequestBorrow(const request *) noexcept {}
	// Members, not static, so that the calls read the same in every build.
	bool check() const noexcept { return true; }           // NOLINT(readability-convert-member-functions-to-static)
	const request *rq() const noexcept { return nullptr; } // NOLINT(readability-convert-member-functions-to-static)
};
#endif

} // namespace blkmq::detail
