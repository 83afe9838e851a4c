// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// OwnedRequest<Ops>: a request handed to the driver by queue_rq, not yet started.
//
// State: the driver owns the request; blk_mq_start_request() has not been called, so the
// block layer's timeout clock is not running. The reference count is 0: no tag lookup can
// produce a second handle.
//
// Transitions (each consumes the handle, so each is spelled std::move(rq).…):
//   std::move(rq).start()                -> UniqueRequest<Ops>  (blk_mq_start_request)
//   std::move(rq).busy()                 -> DispatchResult: back to the block layer, requeued
//   std::move(rq).busy_retry_later()     -> the same, rerun after a delay too
//   std::move(rq).fail(status)           -> DispatchResult: the block layer ends it
//
// Move-only, the size of a pointer. Dropping one that still holds a request is a driver
// bug: it is reported (blkmq_report_misuse) and the request is failed with an I/O error,
// so it is never lost.
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/attributes.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/requests/dispatch.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/status.hpp>
#include <blkmq/requests/unique_request.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

template <class Ops>
class [[nodiscard]] BLKMQ_WARN_UNUSED BLKMQ_CONSUMABLE OwnedRequest {
public:
	OwnedRequest(OwnedRequest &&other) noexcept : rq_(std::exchange(other.rq_, nullptr)) {}
	OwnedRequest(const OwnedRequest &) = delete;
	OwnedRequest &operator=(const OwnedRequest &) = delete;
	// Takes over @other's request; one this handle still held is dropped (reported and
	// failed), as in UniqueRequest's.
	BLKMQ_REFILLS BLKMQ_WHEN_EMPTY OwnedRequest &operator=(OwnedRequest &&other) noexcept {
		if (this != &other) {
			if (rq_) [[unlikely]]
				fail_dropped(&rq_);
			rq_ = std::exchange(other.rq_, nullptr);
		}
		return *this;
	}

	~OwnedRequest() {
		if (rq_) [[unlikely]]
			fail_dropped(&rq_);
	}

	// Marks the request started (blk_mq_start_request) and hands back the only handle.
	[[nodiscard]] BLKMQ_CONSUMES UniqueRequest<Ops> start() &&noexcept {
		request *rq = std::exchange(rq_, nullptr);
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return UniqueRequest<Ops>(nullptr);
		}
		blk_mq_start_request(rq);
		return UniqueRequest<Ops>(rq);
	}
	// Gives the request back to the block layer, for queue_rq to return (requests/dispatch.hpp):
	// busy() has it requeued and dispatched again once one of this device's requests
	// ends, busy_retry_later() also after a short delay (for a shortage that no request's
	// end relieves); fail(status) has the block layer end it with @status, an error.
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult busy() &&noexcept {
		return DispatchResult::requeue(std::exchange(rq_, nullptr), /*started=*/false);
	}
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult busy_retry_later() &&noexcept {
		return DispatchResult::requeue_later(std::exchange(rq_, nullptr), /*started=*/false);
	}
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult fail(Status status) &&noexcept {
		return DispatchResult::failure(std::exchange(rq_, nullptr), status, /*started=*/false);
	}
	template <class Self = OwnedRequest>
	auto busy() const & {
		static_assert(detail::always_false<Self>, "blkmq: busy() gives the request back and consumes the "
							  "OwnedRequest: write std::move(rq).busy()");
		return DispatchResult::accepted();
	}
	template <class Self = OwnedRequest>
	auto busy_retry_later() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: busy_retry_later() gives the request back and "
			      "consumes the OwnedRequest: write std::move(rq).busy_retry_later()");
		return DispatchResult::accepted();
	}
	template <class Self = OwnedRequest>
	auto fail(Status) const & {
		static_assert(detail::always_false<Self>, "blkmq: fail() gives the request back and consumes the "
							  "OwnedRequest: write std::move(rq).fail(status)");
		return DispatchResult::accepted();
	}

	// These return what start() returns, so that the caller's code type-checks, and the
	// return type is deduced, so that the body (and its message) is instantiated at the call,
	// before the compiler looks at what the caller does with the result.
	template <class Self = OwnedRequest>
	auto start() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: start() consumes the OwnedRequest: write std::move(rq).start()");
		return UniqueRequest<Ops>(nullptr);
	}
	template <class Self = OwnedRequest>
	auto start() const && {
		static_assert(detail::always_false<Self>,
			      "blkmq: a const OwnedRequest cannot be started, because start() consumes it: "
			      "take the handle by value, not as const");
		return UniqueRequest<Ops>(nullptr);
	}
	// Moving from a const handle would copy it, and a handle is never copied.
	// Copying from a non-const lvalue, the usual slip (`auto copy = rq;`), says so in the
	// library's words rather than as a deleted copy constructor.
	template <class Self>
	requires std::is_same_v<Self, OwnedRequest> OwnedRequest(Self &)
	noexcept {
		static_assert(detail::always_false<Self>,
			      "blkmq: an OwnedRequest is never copied, since a request has one "
			      "owner: move it with std::move(rq)");
	}
	template <class Self>
	requires std::is_same_v<Self, OwnedRequest> OwnedRequest(const Self &&)
	noexcept {
		static_assert(detail::always_false<Self>, "blkmq: a const OwnedRequest cannot be moved from: "
							  "take the handle by value, not as const");
	}

	template <class... Args>
	void end(Args &&...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: an OwnedRequest is not started: call std::move(rq).start() before ending it");
	}
	template <class... Args>
	void end_ok(Args &&...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: an OwnedRequest is not started: call std::move(rq).start() before ending it");
	}

	BLKMQ_UNLESS_CONSUMED Request<Ops> *operator->() const noexcept { return Request<Ops>::from_raw(rq_); }
	BLKMQ_UNLESS_CONSUMED Request<Ops> &operator*() const noexcept { return *Request<Ops>::from_raw(rq_); }

private:
	friend struct detail::Thunks<Ops>;
	friend class DispatchBatch<Ops>;

	// Only the queue_rq thunk and a DispatchBatch make one, from a request the block layer
	// passed in.
	BLKMQ_RETURNS_UNCONSUMED explicit OwnedRequest(request *rq) noexcept : rq_(rq) {}

	// Empties the handle before anything else, through its address so that the store is not
	// dropped as dead in a destructor: an alias that outlived the handle (a reference
	// captured by a lambda or a coroutine) then finds it empty, and a transition through it
	// is reported instead of ending the request a second time.
	[[gnu::cold, gnu::noinline]] static void fail_dropped(request **handle) noexcept {
		request *rq = std::exchange(*handle, nullptr);
		blkmq_report_misuse(BLKMQ_MISUSE_DROPPED_OWNED, rq);
		detail::mark_given_back(rq);
		blk_mq_start_request(rq);
		blk_mq_end_request(rq, Status::io_error().raw());
	}

	request *rq_;
};

static_assert(sizeof(OwnedRequest<NoData>) == sizeof(void *));

} // namespace blkmq
