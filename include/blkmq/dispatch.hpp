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
#pragma once

#include <blkmq/owned_request.hpp>
#include <blkmq/status.hpp>
#include <blkmq/unique_request.hpp>

#include <utility>

namespace blkmq {

class [[nodiscard]] DispatchResult {
public:
	static DispatchResult accepted() noexcept { return DispatchResult(Status::ok()); }

	template <class Ops>
	static DispatchResult busy(OwnedRequest<Ops> &&rq) noexcept {
		return give_back(std::move(rq).release(), Status::device_resource());
	}
	template <class Ops>
	static DispatchResult busy(UniqueRequest<Ops> &&rq) noexcept {
		return give_back(std::move(rq).release(), Status::device_resource());
	}

	// @status must be an error: ok and the busy statuses would leave the request with
	// nobody, so they are turned into an I/O error.
	template <class Ops>
	static DispatchResult failed(OwnedRequest<Ops> &&rq, Status status) noexcept {
		return give_back(std::move(rq).release(), as_failure(status));
	}
	template <class Ops>
	static DispatchResult failed(UniqueRequest<Ops> &&rq, Status status) noexcept {
		return give_back(std::move(rq).release(), as_failure(status));
	}

	blkmq_status_t raw() const noexcept { return status_.raw(); }

private:
	explicit DispatchResult(Status status) noexcept : status_(status) {}

	// A moved-from handle has nothing to give back: the driver gave the request to
	// someone else already, so reporting ok is the only answer that does not end it twice.
	static DispatchResult give_back(request *rq, Status status) noexcept {
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return accepted();
		}
		return DispatchResult(status);
	}

	static Status as_failure(Status status) noexcept {
		if (status.is_ok() || status == Status::resource() || status == Status::device_resource())
			return Status::io_error();
		return status;
	}

	Status status_;
};

} // namespace blkmq
