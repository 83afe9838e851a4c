// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// RequestWork: a work item (struct work_struct) in the PDU of each request, for operations
// types that declare work (UniqueRequest::queue_work(), queues/operations.hpp).
//
// Set up with the request (init_request), so that handing a request to process context on
// the I/O path is one queue_work() on the tag set's own workqueue (the C side makes one for
// such operations types: unbound and WQ_MEM_RECLAIM, as a workqueue that serves I/O must be,
// so that writeback under memory pressure still gets its requests served); cancelled,
// waiting for a callback that runs, when the request is freed (exit_request). It sits at a
// fixed place in the PDU, so the callback finds its request from the work item's address
// alone. Operations types without work get an empty member: no byte and no call.
#pragma once

#include <blkmq/detail/declares_member.hpp>
#include <blkmq/detail/field.hpp>

#include <type_traits>

namespace blkmq {

BLKMQ_DEFINE_DECLARES_MEMBER(work)

namespace detail {

class RequestWork {
public:
	explicit RequestWork(blkmq_work_fn *callback) noexcept { blkmq_work_init(raw(), callback); }
	~RequestWork() { (void)cancel_work_sync(raw()); }
	RequestWork(const RequestWork &) = delete;
	RequestWork &operator=(const RequestWork &) = delete;

	// The request is handed over once per episode, so the item is never pending here.
	void queue(request *rq) noexcept { blkmq_queue_request_work(rq, raw()); }
	// Takes the item off the queue before it runs; false if it is not queued or already
	// runs (cancel_work()): it never waits, so the timeout handler may call it.
	bool try_cancel() noexcept { return cancel_work(raw()); }
	work_struct *raw() noexcept { return reinterpret_cast<work_struct *>(storage_); }

private:
	alignas(BLKMQ_WORK_ALIGN) unsigned char storage_[BLKMQ_WORK_SIZE];
};

struct NoRequestWork {
	explicit NoRequestWork(blkmq_work_fn *) noexcept {}
};

template <class Ops>
using RequestWorkOf = std::conditional_t<declares_work<Ops>, RequestWork, NoRequestWork>;

} // namespace detail
} // namespace blkmq
