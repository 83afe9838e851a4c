// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// UniqueRequest<Ops>: a started request with exactly one handle, this one.
//
// State: blk_mq_start_request() has been called; the driver owns the request and this is
// its only handle (reference count 0, so tag lookups fail). Meanwhile the block layer
// guarantees that the request and its PDU stay allocated and are not reused, and its
// timeout handler may run (see Operations::timeout).
//
// Transitions (each consumes the handle):
//   std::move(rq).end(status) / end_ok() -> back to the block layer (blk_mq_end_request)
//   std::move(rq).end(status, batch) -> the same, in Ops::poll: into the poll's completion
//                                batch, which the block layer ends together after the poll
//                                (requests/completion_batch.hpp)
//   std::move(rq).complete()  -> Ops::complete(UniqueRequest) later, on the submitting CPU
//                                (blk_mq_complete_request_remote), or right now
//   std::move(rq).start_timer(ns) -> Ops::timer_expired(UniqueRequest) @ns nanoseconds later,
//                                in hard interrupt context; the request's timer holds it
//                                meanwhile (a device that completes later, C null_blk's
//                                irqmode=2)
//   std::move(rq).queue_work() -> Ops::work(UniqueRequest) soon, in process context, where
//                                it may sleep; the request's work item holds it meanwhile
//   std::move(rq).requeue()   -> back to the block layer, which dispatches it again to
//                                queue_rq from its requeue list (blk_mq_requeue_request)
//   std::move(rq).share()     -> ARef<Request<Ops>>, a shared handle that can be cloned
//   ARef::try_unique()        -> the way back from shared to unique
//   std::move(rq).busy() / busy_retry_later() / fail(status) -> DispatchResult, from queue_rq
//                                only
//
// Because ending consumes the handle, ending twice needs a use after std::move, which
// clang-tidy (bugprone-use-after-move) and clang -Wconsumed report at compile time, and
// the run-time check below reports (never reaching the kernel).
//
// Move-only, the size of a pointer. Dropping one that still holds a request is reported
// and the request is ended with an I/O error.
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/attributes.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/detail/signature.hpp>
#include <blkmq/requests/aref.hpp>
#include <blkmq/requests/completion_batch.hpp>
#include <blkmq/requests/dispatch.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/status.hpp>

#include <cstdint>
#include <type_traits>
#include <utility>

namespace blkmq {

template <class Ops>
class [[nodiscard]] BLKMQ_WARN_UNUSED BLKMQ_CONSUMABLE UniqueRequest {
public:
	UniqueRequest(UniqueRequest &&other) noexcept : rq_(std::exchange(other.rq_, nullptr)) {}
	UniqueRequest(const UniqueRequest &) = delete;
	UniqueRequest &operator=(const UniqueRequest &) = delete;
	// Takes over @other's request. A request this handle still held is dropped, which is
	// reported and fails it with an I/O error, as when the handle is destroyed: assigning
	// into an emptied (moved-from, consumed) handle or an empty container slot is the use.
	BLKMQ_REFILLS BLKMQ_WHEN_EMPTY UniqueRequest &operator=(UniqueRequest &&other) noexcept {
		if (this != &other) {
			if (rq_) [[unlikely]]
				fail_dropped(&rq_);
			rq_ = std::exchange(other.rq_, nullptr);
		}
		return *this;
	}

	~UniqueRequest() {
		if (rq_) [[unlikely]]
			fail_dropped(&rq_);
	}

	// Hands the request back to the block layer with @status (blk_mq_end_request).
	BLKMQ_CONSUMES void end(Status status) &&noexcept {
		request *rq = give_back();
		if (!rq) [[unlikely]]
			return;
		blk_mq_end_request(rq, status.raw());
	}
	BLKMQ_CONSUMES void end_ok() &&noexcept { std::move(*this).end(Status::ok()); }

	// The same from Ops::poll: the request joins @batch, the poll's, when it can take it,
	// and is ended at once otherwise (requests/completion_batch.hpp).
	BLKMQ_CONSUMES void end(Status status, CompletionBatch &batch) &&noexcept {
		request *rq = give_back();
		if (!rq) [[unlikely]]
			return;
		if (!blkmq_add_to_batch(rq, batch.batch_, status.raw()))
			blk_mq_end_request(rq, status.raw());
	}

	// Completes the request through Ops::complete: on the CPU that submitted it when the
	// block layer can arrange that (blk_mq_complete_request_remote), else right now.
	template <class O = Ops>
	BLKMQ_CONSUMES void complete() &&noexcept {
		// Exactly what the ops table needs to wire the slot (see queues/operations.hpp): a
		// complete() that was merely callable would leave the slot null, and the block
		// layer would call address 0.
		constexpr bool wired = requires {
			requires detail::has_signature<decltype(&O::complete), void(UniqueRequest<O>)>;
		};
		static_assert(wired, "blkmq: complete() needs Ops::complete, exactly static void "
				     "complete(UniqueRequest<Ops>), to end the request");
		if constexpr (wired) {
			request *rq = give_back();
			if (!rq) [[unlikely]]
				return;
			if (!blk_mq_complete_request_remote(rq)) {
				// Not sent elsewhere: still the driver's, completed here and now.
				detail::mark_held(rq);
				O::complete(UniqueRequest(rq));
			}
		}
	}

	// Hands the request to its timer, which gives it to Ops::timer_expired @nanoseconds from
	// now, in hard interrupt context (a softirq on PREEMPT_RT): the callback ends or
	// completes it, and takes only IrqSpinLocks. The timer was set up with the request, so
	// this is one hrtimer_start(). Meanwhile nobody holds a handle: a tag lookup finds the
	// request but cannot take it (its count is 0), and Ops::timeout may see it (the timer
	// still ends it).
	template <class O = Ops>
	BLKMQ_CONSUMES void start_timer(std::uint64_t nanoseconds) &&noexcept {
		constexpr bool wired = requires {
			requires detail::has_signature<decltype(&O::timer_expired), void(UniqueRequest<O>)>;
		};
		static_assert(wired, "blkmq: start_timer() needs Ops::timer_expired, exactly static void "
				     "timer_expired(UniqueRequest<Ops>), to receive the request back");
		if constexpr (wired) {
			request *rq = give_back();
			if (!rq) [[unlikely]]
				return;
			Request<Ops>::from_raw(rq)->unchecked_pdu().timer.start(nanoseconds);
		}
	}

	// Hands the request to its work item, which gives it to Ops::work in process context, on
	// the tag set's workqueue: there the driver may sleep (a Mutex, Gfp::NoIo allocations,
	// I/O of its own) whatever the tag set. From any context, a timer or a completion
	// interrupt included. The item was set up with the request, so this is one queue_work().
	// Meanwhile nobody holds a handle, as for start_timer().
	template <class O = Ops>
	BLKMQ_CONSUMES void queue_work() &&noexcept {
		constexpr bool wired = requires {
			requires detail::has_signature<decltype(&O::work), void(UniqueRequest<O>)>;
		};
		static_assert(wired, "blkmq: queue_work() needs Ops::work, exactly static void "
				     "work(UniqueRequest<Ops>), to receive the request back");
		if constexpr (wired) {
			request *rq = give_back();
			if (!rq) [[unlikely]]
				return;
			Request<Ops>::from_raw(rq)->unchecked_pdu().work.queue(rq);
		}
	}

	// Gives the request back to the block layer, which puts it on the queue's requeue list and
	// runs that list at once: queue_rq gets the request again, as an OwnedRequest to start
	// anew. From any context (the block layer takes an irq-safe lock), for a request that
	// cannot be served now outside queue_rq; inside it, busy() says the same to the dispatch.
	BLKMQ_CONSUMES void requeue() &&noexcept {
		request *rq = give_back();
		if (!rq) [[unlikely]]
			return;
		blk_mq_requeue_request(rq, /*kick_requeue_list=*/true);
	}

	// Turns the only handle into the first shared one.
	[[nodiscard]] BLKMQ_CONSUMES ARef<Request<Ops>> share() &&noexcept {
		request *rq = std::exchange(rq_, nullptr);
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return ARef<Request<Ops>>();
		}
		return Request<Ops>::share_unique(rq);
	}

	// Gives the request back to the block layer, for queue_rq to return (requests/dispatch.hpp):
	// busy() has it requeued and dispatched again once one of this device's requests
	// ends, busy_retry_later() also after a short delay (for a shortage that no request's
	// end relieves); fail(status) has the block layer end it with @status, an error.
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult busy() &&noexcept {
		return DispatchResult::requeue(std::exchange(rq_, nullptr), /*started=*/true);
	}
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult busy_retry_later() &&noexcept {
		return DispatchResult::requeue_later(std::exchange(rq_, nullptr), /*started=*/true);
	}
	[[nodiscard]] BLKMQ_CONSUMES DispatchResult fail(Status status) &&noexcept {
		return DispatchResult::failure(std::exchange(rq_, nullptr), status, /*started=*/true);
	}

	template <class... Args>
	void end(Args &&...) const & {
		static_assert(detail::always_false<Args...>,
			      "blkmq: ending consumes the UniqueRequest: write std::move(rq).end(...)");
	}
	template <class Self = UniqueRequest>
	void end_ok() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: ending consumes the UniqueRequest: write std::move(rq).end_ok()");
	}
	template <class Self = UniqueRequest>
	void complete() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: complete() consumes the UniqueRequest: write std::move(rq).complete()");
	}
	template <class Self = UniqueRequest>
	void requeue() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: requeue() gives the request back and consumes the UniqueRequest: write "
			      "std::move(rq).requeue()");
	}
	template <class Self = UniqueRequest>
	void start_timer(std::uint64_t) const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: start_timer() hands the request to its timer and "
			      "consumes the UniqueRequest: write std::move(rq).start_timer(ns)");
	}
	template <class Self = UniqueRequest>
	void queue_work() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: queue_work() hands the request to its work item and "
			      "consumes the UniqueRequest: write std::move(rq).queue_work()");
	}
	// Deduced, like OwnedRequest::start() const &, so that this message comes first.
	template <class Self = UniqueRequest>
	auto share() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: share() consumes the UniqueRequest: write std::move(rq).share()");
		return ARef<Request<Ops>>();
	}
	template <class Self = UniqueRequest>
	auto busy() const & {
		static_assert(detail::always_false<Self>, "blkmq: busy() gives the request back and consumes the "
							  "UniqueRequest: write std::move(rq).busy()");
		return DispatchResult::accepted();
	}
	template <class Self = UniqueRequest>
	auto busy_retry_later() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: busy_retry_later() gives the request back and "
			      "consumes the UniqueRequest: write std::move(rq).busy_retry_later()");
		return DispatchResult::accepted();
	}
	template <class Self = UniqueRequest>
	auto fail(Status) const & {
		static_assert(detail::always_false<Self>, "blkmq: fail() gives the request back and consumes the "
							  "UniqueRequest: write std::move(rq).fail(status)");
		return DispatchResult::accepted();
	}
	// A const handle cannot be consumed, so nothing can end the request it holds.
	template <class... Args>
	void end(Args &&...) const && {
		static_assert(detail::always_false<Args...>, "blkmq: a const UniqueRequest cannot be ended: take "
							     "the handle by value, not as const");
	}
	template <class Self = UniqueRequest>
	void end_ok() const && {
		static_assert(detail::always_false<Self>, "blkmq: a const UniqueRequest cannot be ended: take the "
							  "handle by value, not as const");
	}
	template <class Self = UniqueRequest>
	void complete() const && {
		static_assert(detail::always_false<Self>, "blkmq: a const UniqueRequest cannot be completed: take "
							  "the handle by value, not as const");
	}
	template <class Self = UniqueRequest>
	auto share() const && {
		static_assert(detail::always_false<Self>, "blkmq: a const UniqueRequest cannot be shared: take the "
							  "handle by value, not as const");
		return ARef<Request<Ops>>();
	}
	// Moving from a const handle would copy it, and a handle is never copied
	// (`std::move(*option)` gives a const handle: write `std::move(option).take()`).
	// Copying from a non-const lvalue, the usual slip (`auto copy = rq;`), says so in the
	// library's words rather than as a deleted copy constructor.
	template <class Self>
	requires std::is_same_v<Self, UniqueRequest> UniqueRequest(Self &)
	noexcept {
		static_assert(detail::always_false<Self>,
			      "blkmq: a UniqueRequest is never copied, since a request has one "
			      "owner: move it with std::move(rq), or share it");
	}
	template <class Self>
	requires std::is_same_v<Self, UniqueRequest> UniqueRequest(const Self &&)
	noexcept {
		static_assert(detail::always_false<Self>, "blkmq: a const UniqueRequest cannot be moved from: take "
							  "the handle by value, not as const");
	}

	// After the request is ended it may already be reused: clang -Wconsumed reports a read
	// through a consumed handle.
	BLKMQ_UNLESS_CONSUMED Request<Ops> *operator->() const noexcept { return Request<Ops>::from_raw(rq_); }
	BLKMQ_UNLESS_CONSUMED Request<Ops> &operator*() const noexcept { return *Request<Ops>::from_raw(rq_); }

private:
	friend class OwnedRequest<Ops>;
	friend class Request<Ops>;
	friend class UniqueOrShared<Ops>;
	friend class TimedOutRequest<Ops>;
	friend class RequestList<Ops>;
	friend struct detail::Thunks<Ops>;

	BLKMQ_RETURNS_UNCONSUMED explicit UniqueRequest(request *rq) noexcept : rq_(rq) {}

	// Empties the handle for a transition that gives the request back (ends it, or hands it
	// to the block layer, a timer or a work item), marked given back for the checks; null,
	// reported, when the handle was moved from, and the transition then does nothing.
	[[nodiscard]] request *give_back() noexcept {
		request *rq = std::exchange(rq_, nullptr);
		if (!rq) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
			return nullptr;
		}
		detail::mark_given_back(rq);
		return rq;
	}

	// Empties the handle first, as OwnedRequest::fail_dropped does and for the same reason.
	[[gnu::cold, gnu::noinline]] static void fail_dropped(request **handle) noexcept {
		request *rq = std::exchange(*handle, nullptr);
		blkmq_report_misuse(BLKMQ_MISUSE_DROPPED_UNIQUE, rq);
		detail::mark_given_back(rq);
		blk_mq_end_request(rq, Status::io_error().raw());
	}

	request *rq_;
};

static_assert(sizeof(UniqueRequest<NoData>) == sizeof(void *));

// The result of ARef::try_unique(): the unique handle, or the shared one given back.
template <class Ops>
class [[nodiscard]] BLKMQ_WARN_UNUSED UniqueOrShared {
public:
	// Tested on the unique handle: try_unique() on an empty ARef gives neither.
	bool is_unique() const noexcept { return unique_.rq_ != nullptr; }
	// The unique handle; after a failed attempt (is_unique() false) that is a driver bug:
	// reported, and the handle given is empty.
	UniqueRequest<Ops> unique() &&noexcept {
		if (!is_unique()) [[unlikely]]
			blkmq_report_misuse(BLKMQ_MISUSE_NOT_UNIQUE, nullptr);
		return std::move(unique_);
	}
	ARef<Request<Ops>> shared() &&noexcept { return std::move(shared_); }

private:
	friend class Request<Ops>;
	explicit UniqueOrShared(UniqueRequest<Ops> &&unique) noexcept : unique_(std::move(unique)) {}
	explicit UniqueOrShared(ARef<Request<Ops>> &&shared) noexcept : unique_(nullptr), shared_(std::move(shared)) {}

	UniqueRequest<Ops> unique_;
	ARef<Request<Ops>> shared_;
};

template <class Ops>
UniqueOrShared<Ops> Request<Ops>::try_unique(ARef<Request> &&shared) noexcept {
	if (!shared) [[unlikely]] {
		blkmq_report_misuse(BLKMQ_MISUSE_MOVED_FROM, nullptr);
		return UniqueOrShared<Ops>(std::move(shared));
	}
	if (!shared->pdu().refcount.try_make_unique())
		return UniqueOrShared<Ops>(std::move(shared));
	// The 2 -> 0 exchange consumed the reference this ARef held.
	return UniqueOrShared<Ops>(UniqueRequest<Ops>(std::move(shared).leak()->raw()));
}

} // namespace blkmq
