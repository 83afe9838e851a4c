// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// CompletionBatch: the requests one Ops::poll call ends together (struct io_comp_batch).
//
// State: the batch of the poll call that received it, or none: the block layer passes one
// when its caller can end requests in bulk (io_uring's polled I/O) and none otherwise
// (a synchronous polled read), and the driver cannot tell the two apart, nor needs to.
//
// Transition (on a UniqueRequest, which it consumes):
//   std::move(rq).end(status, batch) -> the request joins the batch, and the block layer
//                                ends the batch's requests together, with success, once its
//                                caller has polled (blk_mq_end_request_batch: one tag free,
//                                one wake-up per batch, not per request); or, when the batch
//                                cannot take it (no batch, an error status, a request of an
//                                I/O scheduler or with its own end_io, a batch another
//                                driver's requests already fill), it is ended at once
//                                (blk_mq_end_request).
// Either way the driver has given the request back when end() returns.
//
// Meanwhile the block layer guarantees that the batch outlives the poll call; its caller may
// pass the same batch to several polls (io_uring polls every queue it waits on into one),
// so the driver adds to it and never ends it. Neither copyable nor movable: it is received
// by reference in Ops::poll and valid for that call only (a reference kept past it is not
// caught).
#pragma once

#include <blkmq/sys.h>

namespace blkmq {

namespace detail {
template <class Ops>
struct Thunks;
}
template <class Ops>
class UniqueRequest;

class CompletionBatch {
public:
	CompletionBatch(const CompletionBatch &) = delete;
	CompletionBatch &operator=(const CompletionBatch &) = delete;

private:
	template <class Ops>
	friend struct detail::Thunks;
	template <class Ops>
	friend class UniqueRequest;

	explicit CompletionBatch(io_comp_batch *batch) noexcept : batch_(batch) {}

	io_comp_batch *batch_;
};

} // namespace blkmq
