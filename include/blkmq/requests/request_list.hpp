// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// RequestList<Ops>: started requests the driver holds in arrival order, such as those a
// poll queue's Ops::poll will end (C null_blk's poll_list).
//
// State: each request in the list is started and the driver's, as under a UniqueRequest,
// and the list is its only holder: a tag lookup finds it but cannot take it (its count is
// 0), Ops::timeout sees it and cannot take it either (TimedOutRequest::try_take() is empty),
// and it stays until the list gives it back as a UniqueRequest. The list links its requests
// through the request's own rq_next pointer, which the block layer leaves to the driver
// while the driver owns the request (C drivers use the queuelist it shares storage with): no
// allocation, so pushing cannot fail, and the list is two pointers.
//
// Transitions:
//   list.push_back(std::move(rq)) consumes a UniqueRequest: the list holds it;
//   list.pop_front()              -> Option<UniqueRequest<Ops>>, the oldest, or empty;
//   list.take()                   -> the whole list, leaving this one empty: what a poll
//                                    does under its lock, to end the requests after it;
//   std::move(list).end_all(batch, status_of)
//                                 ends every request into a poll's CompletionBatch, each
//                                 with the Status status_of(request) gives: the rest of
//                                 that poll;
//   list.remove(timed_out)        -> Option<UniqueRequest<Ops>>, the request Ops::timeout
//                                    holds, if it is in this list (a walk of the list: for
//                                    the rare timeout, as C null_blk's list_del_init).
// A request leaves the list with its queuelist empty again (the block layer's flush sequence
// asserts that on 6.1), as C's list_del_init() leaves it.
// Dropping a list that still holds requests is reported and fails them with an I/O error,
// as dropping their UniqueRequests would.
//
// Not synchronised: a list shared between queue_rq and poll lives in a lock
// (SpinLock<RequestList<Ops>> in HwData). Move-only.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/request_link.hpp>
#include <blkmq/requests/completion_batch.hpp>
#include <blkmq/requests/status.hpp>
#include <blkmq/requests/timed_out_request.hpp>
#include <blkmq/requests/unique_request.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

template <class Ops>
class RequestList {
public:
	RequestList() noexcept = default;
	RequestList(RequestList &&other) noexcept
	    : head_(std::exchange(other.head_, nullptr)), tail_(std::exchange(other.tail_, nullptr)) {}
	RequestList(const RequestList &) = delete;
	RequestList &operator=(const RequestList &) = delete;
	RequestList &operator=(RequestList &&) = delete;
	~RequestList() {
		if (head_) [[unlikely]]
			fail_all();
	}

	bool empty() const noexcept { return head_ == nullptr; }

	void push_back(UniqueRequest<Ops> rq) noexcept {
		request *raw = std::exchange(rq.rq_, nullptr);
		if (!raw) [[unlikely]]
			return blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
		detail::set_next_request(raw, nullptr);
		if (tail_)
			detail::set_next_request(tail_, raw);
		else
			head_ = raw;
		tail_ = raw;
	}

	[[nodiscard]] Option<UniqueRequest<Ops>> pop_front() noexcept {
		request *rq = head_;
		if (!rq)
			return {};
		head_ = detail::next_request(rq);
		if (!head_)
			tail_ = nullptr;
		return UniqueRequest<Ops>(detail::unlinked(rq));
	}

	[[nodiscard]] Option<UniqueRequest<Ops>> remove(const TimedOutRequest<Ops> &timed_out) noexcept {
		request *previous = nullptr;
		for (request *rq = head_; rq; previous = rq, rq = detail::next_request(rq)) {
			if (rq != timed_out.rq_)
				continue;
			if (previous)
				detail::set_next_request(previous, detail::next_request(rq));
			else
				head_ = detail::next_request(rq);
			if (tail_ == rq)
				tail_ = previous;
			return UniqueRequest<Ops>(detail::unlinked(rq));
		}
		return {};
	}

	[[nodiscard]] RequestList take() noexcept { return RequestList(std::move(*this)); }

	// Ends every request, oldest first, with what @status_of (called with a const
	// Request<Ops>&) says, into @batch; how many, as Ops::poll returns it. Take the list out
	// of its lock first (take()): ending requests is not done under a driver's lock.
	template <class StatusOf>
	int end_all(CompletionBatch &batch, StatusOf status_of) &&noexcept {
		static_assert(std::is_invocable_r_v<Status, StatusOf &, const Request<Ops> &>,
			      "blkmq: RequestList::end_all() needs a status_of callable as "
			      "Status(const Request<Ops> &)");
		int ended = 0;
		while (Option<UniqueRequest<Ops>> rq = pop_front()) {
			UniqueRequest<Ops> unique = *std::move(rq);
			const Status status = status_of(static_cast<const Request<Ops> &>(*unique));
			std::move(unique).end(status, batch);
			++ended;
		}
		return ended;
	}
	template <class... Args>
	int end_all(Args &&...) const & {
		static_assert(detail::always_false<Args...>,
			      "blkmq: end_all() empties the list: take it out of its lock first, "
			      "RequestList<Ops> taken = guard->take(); std::move(taken).end_all(...)");
		return 0;
	}

private:
	// Each handle pop_front() gives is dropped at once, which reports and fails it.
	[[gnu::cold, gnu::noinline]] void fail_all() noexcept {
		while (!empty())
			(void)pop_front();
	}

	request *head_ = nullptr;
	request *tail_ = nullptr;
};

} // namespace blkmq
