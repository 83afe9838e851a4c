// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// DispatchResult: what queue_rq tells the block layer.
//
// Every outcome other than accepted() hands the request back to the block layer, so it is
// made by the request handle, which it consumes: a driver cannot both return a request
// and keep a handle to it.
//
//   DispatchResult::accepted()  the driver took the request: it ended it, or holds it
//   std::move(rq).busy()        out of the device's resources: the block layer requeues the
//                               request and reruns the queue when one of this device's
//                               requests ends (BLK_STS_DEV_RESOURCE); with none in
//                               flight, nothing reruns it
//   std::move(rq).busy_retry_later()  out of some other resource (memory, a fault
//                               injected): the same, or the queue is rerun after a
//                               short delay (BLK_STS_RESOURCE, 3 ms)
//   std::move(rq).fail(status)  the block layer ends the request with status
//
// busy(), busy_retry_later() and fail() are members of OwnedRequest and UniqueRequest (a started request may
// be given back too), consuming like every transition, so that clang -Wconsumed sees a
// handle given back after it was ended.
//
// A result that gives a request back owns it until queue_rq returns it: move-only, and
// dropping one instead (discarding it, or overwriting it with another) is reported and the
// request is failed with an I/O error, like a dropped request handle, so it is never lost.
#pragma once

#include <blkmq/detail/attributes.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/requests/status.hpp>

#include <utility>

namespace blkmq {

namespace detail {
template <class Ops>
struct Thunks;
}

class [[nodiscard]] BLKMQ_WARN_UNUSED DispatchResult {
public:
	static DispatchResult accepted() noexcept { return DispatchResult(nullptr, Status::ok(), false); }

	DispatchResult(DispatchResult &&other) noexcept
	    : rq_(std::exchange(other.rq_, nullptr)), status_(other.status_), started_(other.started_) {}
	DispatchResult(const DispatchResult &) = delete;
	DispatchResult &operator=(const DispatchResult &) = delete;
	DispatchResult &operator=(DispatchResult &&) = delete;
	~DispatchResult() {
		if (rq_) [[unlikely]]
			fail_dropped(&rq_, started_);
	}

private:
	template <class Ops>
	friend struct detail::Thunks;
	template <class Ops>
	friend class OwnedRequest;
	template <class Ops>
	friend class UniqueRequest;
	template <class Ops>
	friend class DispatchBatch;

	DispatchResult(request *rq, Status status, bool started) noexcept
	    : rq_(rq), status_(status), started_(started) {}

	// What queue_rq returns to the block layer for @dispatched, which takes the request back
	// with it. A result that gives back another request (one the driver had kept from an
	// earlier queue_rq) would have the block layer requeue or end @dispatched, which the
	// driver still holds, and lose the other: that one is reported and failed instead, and
	// @dispatched stays the driver's (accepted). For accepted() the test folds away.
	blkmq_status_t hand_back(request *dispatched) &&noexcept {
		request *held = std::exchange(rq_, nullptr);
		if (held && held != dispatched) [[unlikely]]
			return fail_foreign(held, started_);
		if (held)
			detail::mark_given_back(held); // requeued or failed by the block layer
		return status_.raw();
	}

	// A moved-from handle has nothing to give back: the driver gave the request to
	// someone else already, so reporting ok is the only answer that does not end it twice.
	static DispatchResult give_back(request *rq, Status status, bool started) noexcept {
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return accepted();
		}
		return DispatchResult(rq, status, started);
	}

	// What a handle's busy() and fail() give back.
	static DispatchResult requeue(request *rq, bool started) noexcept {
		return give_back(rq, Status(BLKMQ_STS_DEV_RESOURCE), started);
	}
	static DispatchResult requeue_later(request *rq, bool started) noexcept {
		return give_back(rq, Status(BLKMQ_STS_RESOURCE), started);
	}
	static DispatchResult failure(request *rq, Status status, bool started) noexcept {
		return give_back(rq, as_failure(status), started);
	}

	// A failure's status must be an error: ok would leave the request with nobody, so it
	// is turned into an I/O error (a Status is never busy: see requests/status.hpp).
	static Status as_failure(Status status) noexcept { return status.is_ok() ? Status::io_error() : status; }

	// Empties the result first, as OwnedRequest::fail_dropped does and for the same reason.
	[[gnu::cold, gnu::noinline]] static void fail_dropped(request **held, bool started) noexcept {
		fail_misused(std::exchange(*held, nullptr), started, BLKMQ_MISUSE_DROPPED_DISPATCH);
	}
	[[gnu::cold, gnu::noinline]] static blkmq_status_t fail_foreign(request *rq, bool started) noexcept {
		fail_misused(rq, started, BLKMQ_MISUSE_FOREIGN_DISPATCH);
		return Status::ok().raw();
	}
	// Reports @what and has the block layer end @rq with an I/O error, starting it first if
	// it never was.
	static void fail_misused(request *rq, bool started, blkmq_misuse what) noexcept {
		blkmq_report_misuse(what, rq);
		detail::mark_given_back(rq);
		if (!started)
			blk_mq_start_request(rq);
		blk_mq_end_request(rq, Status::io_error().raw());
	}

	// The request given back, until queue_rq returns it; null for accepted().
	request *rq_;
	Status status_;
	bool started_;
};

} // namespace blkmq
