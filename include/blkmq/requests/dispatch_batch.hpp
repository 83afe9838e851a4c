// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// DispatchBatch<Ops>: the requests the block layer dispatches at once, to Ops::queue_rqs.
//
// When a submitter's plug is flushed (io_uring submitting several I/Os, a batch of bios) and
// the disk has no I/O scheduler, the block layer hands the whole plug to queue_rqs rather than
// calling queue_rq for each request: a driver with a doorbell rings it once for the batch,
// and the call is made once. A driver without queue_rqs gets every request through queue_rq.
// On 6.1 the block layer does so only for a plug of one disk whose tags no other disk shares
// (no BLK_MQ_F_TAG_QUEUE_SHARED); 7.3 splits a plug of several disks by disk, shared or not.
//
// State: each request in the batch is the driver's and not started, as under an OwnedRequest.
// They are all of one disk, possibly of several of its hardware queues (each comes with its
// own). The batch lives for the call to queue_rqs; what it still holds when queue_rqs
// returns, and what the driver left to it, the block layer then dispatches one by one through
// queue_rq, with queue_rq's rules: is_last on the final one, commit_rqs for a queue given some
// when the next is another queue's, and at a busy answer the rest inserted and the queue run.
//
// Transitions:
//   batch.pop_front()          -> Option<Entry>: the next request as an OwnedRequest with its
//                                 HwQueue, or empty;
//   batch.leave(std::move(rq))    consumes an OwnedRequest: left to the block layer, which
//                                 dispatches it through queue_rq after queue_rqs (C drivers'
//                                 requeue_list);
//   batch.settle(result)          consumes what queue_rq returned for a request of the batch,
//                                 for a queue_rqs that serves each request with the driver's
//                                 own queue_rq (as C null_blk's does): accepted() is nothing
//                                 more; a request given back before it was started is left
//                                 (as leave(): queue_rq gets it again, and if it fails it
//                                 then, the block layer ends it); one given back started is
//                                 requeued (busy) or ended with its status (fail), as the
//                                 block layer does with queue_rq's answers.
// Only a request never started can be left: the block layer starts every request it
// dispatches, and starting one twice is a kernel warning. leave() takes only an OwnedRequest,
// so a started one cannot be.
//
// A batch has no is_last: a driver that defers work to the end of a batch (a doorbell) does it
// before queue_rqs returns, and commit_rqs is not called after a batch.
//
// Context: queue_rq's (it may sleep only on a blocking tag set). Neither copied nor moved:
// queue_rqs gets it by reference, and the thunk hands what it holds back to the block layer.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/detail/request_link.hpp>
#include <blkmq/queues/hw_queue.hpp>
#include <blkmq/requests/dispatch.hpp>
#include <blkmq/requests/owned_request.hpp>
#include <blkmq/requests/unique_request.hpp>

#include <utility>

namespace blkmq {

template <class Ops>
class DispatchBatch {
public:
	// A request of the batch, with the hardware queue it was queued on.
	struct Entry {
		const HwQueue<Ops> &queue;
		OwnedRequest<Ops> rq;
	};

	DispatchBatch(const DispatchBatch &) = delete;
	DispatchBatch &operator=(const DispatchBatch &) = delete;

	bool empty() const noexcept { return head_ == nullptr; }

	[[nodiscard]] Option<Entry> pop_front() noexcept {
		request *rq = head_;
		if (!rq)
			return {};
		head_ = detail::next_request(rq);
		detail::mark_held(rq);
		auto *hctx = detail::load_field<blk_mq_hw_ctx *>(rq, BLKMQ_RQ_MQ_HCTX_OFFSET);
		return Entry{HwQueue<Ops>::from_raw(hctx), OwnedRequest<Ops>(detail::unlinked(rq))};
	}

	void leave(OwnedRequest<Ops> rq) noexcept {
		request *raw = std::exchange(rq.rq_, nullptr);
		if (!raw) [[unlikely]]
			return blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
		left_back(raw);
	}

	void settle(DispatchResult result) noexcept {
		request *rq = std::exchange(result.rq_, nullptr);
		if (!rq) // accepted(), or a moved-from handle's (reported when it was made)
			return;
		if (!result.started_)
			return left_back(rq);
		detail::mark_given_back(rq);
		const blkmq_status_t status = result.status_.raw();
		if (status == BLKMQ_STS_DEV_RESOURCE || status == BLKMQ_STS_RESOURCE)
			blk_mq_requeue_request(rq, /*kick_requeue_list=*/true);
		else
			blk_mq_end_request(rq, status);
	}

	template <class Started>
	void leave(const UniqueRequest<Started> &) noexcept {
		static_assert(detail::always_false<Started>,
			      "blkmq: a started request cannot be left to the block layer, which would start it "
			      "again: end it, requeue it (std::move(rq).requeue()), or leave it before start()");
	}

private:
	friend struct detail::Thunks<Ops>;

	// The kernel's list (sys.h): its head comes first; where it is a struct rq_list, its tail
	// follows.
	explicit DispatchBatch(blkmq_rq_list_t *list) noexcept
	    : head_(detail::load_field<request *>(list, 0)), tail_(load_tail(list)) {}

	// What the block layer dispatches after queue_rqs: the requests left, in the order they
	// were left, then those never popped, in the batch's order.
	void hand_back(blkmq_rq_list_t *list) noexcept {
		request *head = head_;
		request *tail = head_ ? tail_ : nullptr;
		if (left_head_) {
			detail::set_next_request(left_tail_, head_);
			if (!head_)
				tail = left_tail_;
			head = left_head_;
		}
		*detail::field_address<request *>(list, 0) = head;
		store_tail(list, tail);
	}

	// The list's tail, where the kernel's list has one (a bare head pointer has none, and
	// needs none).
	static request *load_tail([[maybe_unused]] const blkmq_rq_list_t *list) noexcept {
#if BLKMQ_RQ_LIST_HAS_TAIL
		return detail::load_field<request *>(list, BLKMQ_RQ_LIST_TAIL_OFFSET);
#else
		return nullptr;
#endif
	}
	static void store_tail([[maybe_unused]] blkmq_rq_list_t *list, [[maybe_unused]] request *tail) noexcept {
#if BLKMQ_RQ_LIST_HAS_TAIL
		*detail::field_address<request *>(list, BLKMQ_RQ_LIST_TAIL_OFFSET) = tail;
#endif
	}

	void left_back(request *rq) noexcept {
		detail::mark_given_back(rq);
		detail::set_next_request(rq, nullptr);
		if (left_tail_)
			detail::set_next_request(left_tail_, rq);
		else
			left_head_ = rq;
		left_tail_ = rq;
	}

	request *head_; // the next to pop
	request *tail_; // the batch's last, where the kernel keeps it (else null)
	request *left_head_ = nullptr;
	request *left_tail_ = nullptr;
};

} // namespace blkmq
