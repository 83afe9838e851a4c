// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TimedOutRequest<Ops>: a started request whose deadline passed, as Ops::timeout sees it.
//
// State: started, not ended, and held by anyone or no one: a UniqueRequest in some driver
// thread, ARefs, its timer (start_timer), its work item (queue_work), or nobody (its last ARef dropped: count 1, where
// only a tag lookup finds it). The block layer holds a reference on the request for the
// handler's duration (blk_mq_find_and_get_req(), then blk_mq_put_rq_ref()): its tag is not
// freed and it is not handed out for another I/O before the handler returns, even if its
// holder ends it meanwhile. So the request's identity (tag, queue) and its RequestData can be
// read; its I/O fields belong to its holder and are read through the handle try_take() gives.
// The reference does not keep the request from being requeued: a holder that requeues it
// while the handler runs may have it dispatched again, and try_take() would then take the
// new dispatch (and tag() read -1 under an I/O scheduler). A driver that requeues from
// another thread than the one that would end the request must not also take it here.
//
// Transition:
//   rq.try_take() -> Option<UniqueRequest<Ops>>: the request, if nobody holds it. Either its
//                    count is 1 (compare-exchange 1 -> 0: a tag lookup racing it increments
//                    from 1 to 2, so exactly one of them wins), or its timer holds it and is
//                    taken off before it fires (hrtimer_try_to_cancel() == 1: the timer
//                    callback, racing it, runs only if the cancel failed), or its work item
//                    holds it and is taken off the queue before it runs (cancel_work()).
//                    Empty when a handle holds it: that holder ends it, and the handler may
//                    tell it what happened through RequestData (an Atomic).
//
// What the handler returns (Ops::timeout, queues/operations.hpp):
//   TimeoutAction::Done        the request was ended, or its holder will end it: the block
//                              layer stops watching it, so a request nobody ends then hangs;
//   TimeoutAction::ResetTimer  ask again after another timeout period: the answer when the
//                              holder may be slow or try_take() lost to a racing completion.
// A request taken and handed on (its timer started again, say) is still the driver's to end,
// and either answer is right for it.
//
// Neither copyable nor movable: it lives for the handler's call, as the reference does.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/detail/field.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/queues/hw_queue.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/unique_request.hpp>

namespace blkmq {

template <class Ops>
class TimedOutRequest {
public:
	using Data = RequestDataOf<Ops>;

	TimedOutRequest(const TimedOutRequest &) = delete;
	TimedOutRequest &operator=(const TimedOutRequest &) = delete;

	// The request's tag (rq->tag) and hardware queue (hctx->queue_num): a TagCookie's first
	// two parts, stable while the block layer's reference holds the tag.
	unsigned int tag() const noexcept {
		return static_cast<unsigned int>(detail::load_field<int>(rq_, BLKMQ_RQ_TAG_OFFSET));
	}
	unsigned int hw_queue() const noexcept {
		const auto *hctx = detail::load_field<const void *>(rq_, BLKMQ_RQ_MQ_HCTX_OFFSET);
		return detail::load_field<unsigned int>(hctx, BLKMQ_HCTX_QUEUE_NUM_OFFSET);
	}
	// The hardware queue the request was dispatched on, as queue_rq saw it: its HwData is
	// where a driver keeps what may hold the request (a poll queue's RequestList).
	const HwQueue<Ops> &queue() const noexcept {
		return HwQueue<Ops>::from_raw(detail::load_field<blk_mq_hw_ctx *>(rq_, BLKMQ_RQ_MQ_HCTX_OFFSET));
	}
	// Shared with the request's holder, as through an ARef: change it through atomics.
	const Data &data() const noexcept { return view()->unchecked_pdu().data; }

	// The request, if nobody holds it (see above).
	[[nodiscard]] Option<UniqueRequest<Ops>> try_take() noexcept {
		detail::RequestPdu<Ops> &pdu = view()->unchecked_pdu();
		bool taken = pdu.refcount.try_take_unheld();
		if constexpr (detail::declares_timer_expired<Ops>)
			taken = taken || pdu.timer.try_cancel();
		if constexpr (detail::declares_work<Ops>)
			taken = taken || pdu.work.try_cancel();
		if (!taken)
			return {};
		detail::mark_held(rq_);
		return UniqueRequest<Ops>(rq_);
	}

private:
	friend struct detail::Thunks<Ops>;
	friend class RequestList<Ops>;

	// Only the timeout thunk makes one, for the request the block layer passes.
	explicit TimedOutRequest(request *rq) noexcept : rq_(rq) {}

	Request<Ops> *view() const noexcept { return Request<Ops>::from_raw(rq_); }

	request *rq_;
};

} // namespace blkmq
