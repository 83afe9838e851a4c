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
//   DispatchResult::busy(std::move(rq))  -> back to the block layer, requeued later
//   DispatchResult::failed(std::move(rq), status) -> the block layer ends it with status
//
// Move-only, the size of a pointer. Dropping one that still holds a request is a driver
// bug: it is reported (blkmq_report_misuse) and the request is failed with an I/O error,
// so it is never lost.
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/request.hpp>
#include <blkmq/status.hpp>
#include <blkmq/unique_request.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

class DispatchResult;

template <class Ops>
class [[nodiscard, gnu::warn_unused]] OwnedRequest {
public:
	OwnedRequest(OwnedRequest && other) noexcept : rq_(std::exchange(other.rq_, nullptr)) {}
	OwnedRequest(const OwnedRequest &) = delete;
	OwnedRequest &operator=(const OwnedRequest &) = delete;
	// Takes over @other's request; one this handle still held is dropped (reported and
	// failed), as in UniqueRequest's.
	OwnedRequest &operator=(OwnedRequest &&other) noexcept {
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
	[[nodiscard]] UniqueRequest<Ops> start() &&noexcept {
		request *rq = std::exchange(rq_, nullptr);
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return UniqueRequest<Ops>(nullptr);
		}
		blk_mq_start_request(rq);
		return UniqueRequest<Ops>(rq);
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
	template <class Self>
	requires std::is_same_v<Self, OwnedRequest> OwnedRequest(const Self &&)
	noexcept {
		static_assert(detail::always_false<Self>, "blkmq: a const OwnedRequest cannot be moved from: "
							  "take the handle by value, not as const");
	}

	template <class... Args>
	void end(Args && ...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: an OwnedRequest is not started: call std::move(rq).start() before ending it");
	}
	template <class... Args>
	void end_ok(Args && ...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: an OwnedRequest is not started: call std::move(rq).start() before ending it");
	}

	Request<Ops> *operator->() const noexcept { return Request<Ops>::from_raw(rq_); }
	Request<Ops> &operator*() const noexcept { return *Request<Ops>::from_raw(rq_); }

private:
	friend struct detail::Thunks<Ops>;
	friend class DispatchResult;

	// Only the queue_rq thunk makes one, from the request the block layer passed in.
	explicit OwnedRequest(request * rq) noexcept : rq_(rq) {}

	// Gives up the request without ending it, for a DispatchResult that returns it to the
	// block layer.
	request *release() &&noexcept { return std::exchange(rq_, nullptr); }

	// Empties the handle before anything else, through its address so that the store is not
	// dropped as dead in a destructor: an alias that outlived the handle (a reference
	// captured by a lambda or a coroutine) then finds it empty, and a transition through it
	// is reported instead of ending the request a second time.
	[[gnu::cold, gnu::noinline]] static void fail_dropped(request * *handle) noexcept {
		request *rq = std::exchange(*handle, nullptr);
		blkmq_report_misuse(BLKMQ_MISUSE_DROPPED_OWNED, rq);
		blk_mq_start_request(rq);
		blk_mq_end_request(rq, Status::io_error().raw());
	}

	request *rq_;
};

static_assert(sizeof(OwnedRequest<NoData>) == sizeof(void *));

} // namespace blkmq
