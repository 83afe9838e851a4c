// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// DispatchResult: what queue_rq tells the block layer.
//
// Every outcome other than accepted() hands the request back to the block layer, so it is
// made from the request handle, which it consumes: a driver cannot both return a request
// and keep a handle to it.
//
//   accepted()                     the driver took the request: it ended it, or holds it
//   busy(std::move(rq))            out of driver resources: the block layer requeues the
//                                  request and reruns the queue when one of this device's
//                                  requests ends (BLK_STS_DEV_RESOURCE)
//   failed(std::move(rq), status)  the block layer ends the request with status
//
// A result that gives a request back owns it until queue_rq returns it: move-only, and
// dropping one instead (discarding it, or overwriting it with another) is reported and the
// request is failed with an I/O error, like a dropped request handle, so it is never lost.
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/owned_request.hpp>
#include <blkmq/status.hpp>
#include <blkmq/unique_request.hpp>

#include <utility>

namespace blkmq {

namespace detail {
template <class Ops>
struct Thunks;
}

class [[nodiscard, gnu::warn_unused]] DispatchResult {
public:
	static DispatchResult accepted() noexcept { return DispatchResult(nullptr, Status::ok(), false); }

	template <class Ops>
	static DispatchResult busy(OwnedRequest<Ops> && rq) noexcept {
		return give_back(std::move(rq).release(), Status(BLKMQ_STS_DEV_RESOURCE), /*started=*/false);
	}
	template <class Ops>
	static DispatchResult busy(UniqueRequest<Ops> && rq) noexcept {
		return give_back(std::move(rq).release(), Status(BLKMQ_STS_DEV_RESOURCE), /*started=*/true);
	}

	// @status must be an error: ok would leave the request with nobody, so it is turned
	// into an I/O error (a Status is never busy: see status.hpp).
	template <class Ops>
	static DispatchResult failed(OwnedRequest<Ops> && rq, Status status) noexcept {
		return give_back(std::move(rq).release(), as_failure(status), /*started=*/false);
	}
	template <class Ops>
	static DispatchResult failed(UniqueRequest<Ops> && rq, Status status) noexcept {
		return give_back(std::move(rq).release(), as_failure(status), /*started=*/true);
	}

	// Giving a request back takes its handle: from a named one, std::move(rq).
	template <class Handle>
	static DispatchResult busy(Handle &) noexcept {
		static_assert(detail::always_false<Handle>,
			      "blkmq: busy() takes the request back: write DispatchResult::busy(std::move(rq))");
		__builtin_unreachable();
	}
	template <class Handle>
	static DispatchResult failed(Handle &, Status) noexcept {
		static_assert(detail::always_false<Handle>, "blkmq: failed() takes the request back: write "
							    "DispatchResult::failed(std::move(rq), status)");
		__builtin_unreachable();
	}

	DispatchResult(DispatchResult && other) noexcept
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

	DispatchResult(request * rq, Status status, bool started) noexcept
	    : rq_(rq), status_(status), started_(started) {}

	// What queue_rq returns to the block layer, which takes the request back with it.
	blkmq_status_t hand_back() &&noexcept {
		rq_ = nullptr;
		return status_.raw();
	}

	// A moved-from handle has nothing to give back: the driver gave the request to
	// someone else already, so reporting ok is the only answer that does not end it twice.
	static DispatchResult give_back(request * rq, Status status, bool started) noexcept {
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return accepted();
		}
		return DispatchResult(rq, status, started);
	}

	static Status as_failure(Status status) noexcept { return status.is_ok() ? Status::io_error() : status; }

	// Empties the result first, as OwnedRequest::fail_dropped does and for the same reason.
	[[gnu::cold, gnu::noinline]] static void fail_dropped(request * *held, bool started) noexcept {
		request *rq = std::exchange(*held, nullptr);
		blkmq_report_misuse(BLKMQ_MISUSE_DROPPED_DISPATCH, rq);
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
