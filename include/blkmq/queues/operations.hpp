// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Operations: the C++20 concept a driver's operations type satisfies.
//
// An operations type is a class with static member functions (no object, no virtual
// calls: the block layer calls them through the kernel's own struct blk_mq_ops, which
// TagSet<Ops> fills at compile time). Required:
//
//   static DispatchResult queue_rq(const HwQueue<Ops>&, OwnedRequest<Ops>, bool is_last);
//
// Optional; a driver that does not define one leaves its slot in blk_mq_ops null:
//
//   static void commit_rqs(const HwQueue<Ops>&);        // a dispatch stopped early (below)
//   static void queue_rqs(DispatchBatch<Ops>&);         // a plug's requests at once
//                                                       // (requests/dispatch_batch.hpp)
//   static void complete(UniqueRequest<Ops>);           // after std::move(rq).complete()
//   static TimeoutAction timeout(TimedOutRequest<Ops>); // the block layer's deadline passed
//   static int poll(const HwQueue<Ops>&, CompletionBatch&); // a poll queue's: returns the
//                                                       // requests it ended
//   static void timer_expired(UniqueRequest<Ops>);      // after std::move(rq).start_timer(ns)
//   static void work(UniqueRequest<Ops>);               // after std::move(rq).queue_work(), in
//                                                       // process context (it may sleep)
//   static Result<void> init_hctx(HwQueue<Ops>&);       // after HwData is constructed
//   static void exit_hctx(HwQueue<Ops>&);               // before HwData is destroyed
//
// commit_rqs: a driver that defers work until is_last (ringing a doorbell once per batch)
// must also do it here. The block layer calls it after a batch in which queue_rq accepted
// some requests but the batch did not end as announced: it stopped before the request
// marked is_last (no tag, no budget, a busy answer) or a queue_rq failed one. Not after
// every batch, and not after one that ended normally with is_last.
//
// queue_rqs: a driver whose queue_rqs serves each request with its own queue_rq (the simple
// way, C null_blk's) gives queue_rq a second caller; mark it [[gnu::always_inline]], or GCC
// may call one out-of-line copy from the queue_rq thunk too: a call per I/O more than C.
//
// poll: the block layer calls it for a poll queue (TagSetConfig::poll_queues, which a tag
// set can have only when Ops::poll exists) while a submitter waits for its polled I/O. It
// ends what the device has finished, each with std::move(rq).end(status, batch), and returns
// how many; 0 makes the caller poll again. Requests reach it through driver state, such as a
// SpinLock<RequestList<Ops>> in HwData that queue_rq fills (requests/request_list.hpp).
//
// Optional member types: RequestData (per request, in the PDU; default-constructed in
// init_request, destroyed in exit_request), QueueData (per disk), HwData (per hardware
// queue, default-constructed), TagSetData (per tag set, shared by its disks).
//
// Each member, when present, must be one function with exactly the signature above
// (noexcept allowed): a look-alike that merely accepts the arguments (taking
// `const OwnedRequest&`, say) could not consume the request, and an overload set or a
// template has no single address to put in the table. Members of struct blk_mq_ops that
// blkmq does not wire (map_queues, init_request, budgets...) are errors too: the block
// layer would never call them. Each check below names the member it is about, so a
// mistake is reported by name.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/detail/declares_member.hpp>
#include <blkmq/detail/request_timer.hpp>
#include <blkmq/detail/signature.hpp>
#include <blkmq/queues/hw_queue.hpp>
#include <blkmq/requests/completion_batch.hpp>
#include <blkmq/requests/dispatch.hpp>
#include <blkmq/requests/dispatch_batch.hpp>
#include <blkmq/requests/owned_request.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/timed_out_request.hpp>
#include <blkmq/requests/unique_request.hpp>

#include <concepts>
#include <type_traits>

namespace blkmq {

// What timeout() asks of the block layer (enum blk_eh_timer_return); when each is right is
// in requests/timed_out_request.hpp.
enum class TimeoutAction : unsigned int {
	// The driver has ended, or will end, the request itself.
	Done = BLKMQ_EH_DONE,
	// The request is still being worked on: restart its timer.
	ResetTimer = BLKMQ_EH_RESET_TIMER,
};

// The signature of each operation.
template <class Ops>
using QueueRqFn = DispatchResult(const HwQueue<Ops> &, OwnedRequest<Ops>, bool is_last);
template <class Ops>
using CommitRqsFn = void(const HwQueue<Ops> &);
template <class Ops>
using QueueRqsFn = void(DispatchBatch<Ops> &);
template <class Ops>
using CompleteFn = void(UniqueRequest<Ops>);
template <class Ops>
using TimerExpiredFn = void(UniqueRequest<Ops>);
template <class Ops>
using WorkFn = void(UniqueRequest<Ops>);
template <class Ops>
using TimeoutFn = TimeoutAction(TimedOutRequest<Ops>);
template <class Ops>
using PollFn = int(const HwQueue<Ops> &, CompletionBatch &);
template <class Ops>
using InitHctxFn = Result<void>(HwQueue<Ops> &);
template <class Ops>
using ExitHctxFn = void(HwQueue<Ops> &);

// The operations blkmq wires into struct blk_mq_ops.
BLKMQ_DEFINE_DECLARES_MEMBER(queue_rq)
BLKMQ_DEFINE_DECLARES_MEMBER(commit_rqs)
BLKMQ_DEFINE_DECLARES_MEMBER(queue_rqs)
BLKMQ_DEFINE_DECLARES_MEMBER(complete)
BLKMQ_DEFINE_DECLARES_MEMBER(timeout)
BLKMQ_DEFINE_DECLARES_MEMBER(poll)
BLKMQ_DEFINE_DECLARES_MEMBER(init_hctx)
BLKMQ_DEFINE_DECLARES_MEMBER(exit_hctx)
// Members of struct blk_mq_ops that blkmq does not wire (yet, or ever): declaring one
// would do nothing, so it is an error.
BLKMQ_DEFINE_DECLARES_MEMBER(get_budget)
BLKMQ_DEFINE_DECLARES_MEMBER(put_budget)
BLKMQ_DEFINE_DECLARES_MEMBER(set_rq_budget_token)
BLKMQ_DEFINE_DECLARES_MEMBER(get_rq_budget_token)
BLKMQ_DEFINE_DECLARES_MEMBER(init_request)
BLKMQ_DEFINE_DECLARES_MEMBER(exit_request)
BLKMQ_DEFINE_DECLARES_MEMBER(cleanup_rq)
BLKMQ_DEFINE_DECLARES_MEMBER(busy)
BLKMQ_DEFINE_DECLARES_MEMBER(map_queues)
BLKMQ_DEFINE_DECLARES_MEMBER(show_rq)

// Each concept holds when Ops declares exactly one such member with exactly its signature:
// only then is it wired into the ops table.
template <class Ops>
concept QueueRqOperation = detail::has_signature<decltype(&Ops::queue_rq), QueueRqFn<Ops>>;
template <class Ops>
concept CommitRqsOperation = detail::has_signature<decltype(&Ops::commit_rqs), CommitRqsFn<Ops>>;
template <class Ops>
concept QueueRqsOperation = detail::has_signature<decltype(&Ops::queue_rqs), QueueRqsFn<Ops>>;
template <class Ops>
concept CompleteOperation = detail::has_signature<decltype(&Ops::complete), CompleteFn<Ops>>;
template <class Ops>
concept TimerExpiredOperation = detail::has_signature<decltype(&Ops::timer_expired), TimerExpiredFn<Ops>>;
template <class Ops>
concept WorkOperation = detail::has_signature<decltype(&Ops::work), WorkFn<Ops>>;
template <class Ops>
concept TimeoutOperation = detail::has_signature<decltype(&Ops::timeout), TimeoutFn<Ops>>;
template <class Ops>
concept PollOperation = detail::has_signature<decltype(&Ops::poll), PollFn<Ops>>;
template <class Ops>
concept InitHctxOperation = detail::has_signature<decltype(&Ops::init_hctx), InitHctxFn<Ops>>;
template <class Ops>
concept ExitHctxOperation = detail::has_signature<decltype(&Ops::exit_hctx), ExitHctxFn<Ops>>;

namespace detail {

template <class T>
concept request_data_type = std::is_nothrow_default_constructible_v<T> && std::is_nothrow_destructible_v<T>;

// An optional operation is either not declared at all or wired: anything in between (an
// overload set, a template, a look-alike signature) would leave its slot null unnoticed.
template <class Ops>
consteval bool optional_operations_valid() {
	const bool commit_rqs = !declares_commit_rqs<Ops> || CommitRqsOperation<Ops>;
	const bool queue_rqs = !declares_queue_rqs<Ops> || QueueRqsOperation<Ops>;
	const bool complete = !declares_complete<Ops> || CompleteOperation<Ops>;
	const bool timer_expired = !declares_timer_expired<Ops> || TimerExpiredOperation<Ops>;
	const bool work = !declares_work<Ops> || WorkOperation<Ops>;
	const bool timeout = !declares_timeout<Ops> || TimeoutOperation<Ops>;
	const bool poll = !declares_poll<Ops> || PollOperation<Ops>;
	const bool init_hctx = !declares_init_hctx<Ops> || InitHctxOperation<Ops>;
	const bool exit_hctx = !declares_exit_hctx<Ops> || ExitHctxOperation<Ops>;
	return commit_rqs && queue_rqs && complete && timer_expired && work && timeout && poll && init_hctx &&
	       exit_hctx;
}

template <class Ops>
consteval bool declares_unwired_operation() {
	return declares_get_budget<Ops> || declares_put_budget<Ops> || declares_set_rq_budget_token<Ops> ||
	       declares_get_rq_budget_token<Ops> || declares_init_request<Ops> || declares_exit_request<Ops> ||
	       declares_cleanup_rq<Ops> || declares_busy<Ops> || declares_map_queues<Ops> || declares_show_rq<Ops>;
}

} // namespace detail

template <class Ops>
concept Operations = std::is_class_v<Ops> && !std::is_final_v<Ops> && QueueRqOperation<Ops> &&
		     detail::optional_operations_valid<Ops>() && !detail::declares_unwired_operation<Ops>() &&
		     detail::request_data_type<RequestDataOf<Ops>> && detail::request_data_type<HwDataOf<Ops>>;

// The explanation for an operation Ops declares but blkmq cannot wire: an overload set or
// a template (whose address cannot be taken), or one function of another signature.
// NOLINTBEGIN(bugprone-macro-parentheses): the arguments are a name and a concept.
#define BLKMQ_CHECK_OPERATION(member, Concept, signature)                                                              \
	static_assert(                                                                                                 \
		!detail::declares_##member<Ops> || requires { &Ops::member; },                                         \
		"blkmq: Ops::" #member " is not one accessible function (an overload set, a template, private, "       \
		"or inherited twice): the block layer calls one function, so declare exactly one " signature);         \
	static_assert(                                                                                                 \
		!detail::declares_##member<Ops> || !requires { &Ops::member; } || Concept<Ops>,                        \
		"blkmq: Ops::" #member " must be exactly " signature)

// NOLINTEND(bugprone-macro-parentheses)

#define BLKMQ_CHECK_UNWIRED(member, why)                                                                               \
	static_assert(!detail::declares_##member<Ops>, "blkmq: Ops::" #member " is never called: " why)

// Explains, member by member, why Ops is not Operations. TagSet<Ops> runs it, so the
// first error a driver author sees names the member at fault.
template <class Ops>
consteval bool check_operations() {
	static_assert(std::is_class_v<Ops>, "blkmq: the operations type must be a class with static members");
	static_assert(!std::is_final_v<Ops>, "blkmq: the operations type must not be final: blkmq finds its "
					     "operations by name lookup in a class derived from it");
	static_assert(detail::declares_queue_rq<Ops>, "blkmq: Ops::queue_rq is missing: declare static DispatchResult "
						      "queue_rq(const HwQueue<Ops>&, OwnedRequest<Ops>, bool is_last)");
	BLKMQ_CHECK_OPERATION(queue_rq, QueueRqOperation,
			      "static DispatchResult queue_rq(const HwQueue<Ops>&, OwnedRequest<Ops>, bool is_last)");
	BLKMQ_CHECK_OPERATION(commit_rqs, CommitRqsOperation, "static void commit_rqs(const HwQueue<Ops>&)");
	BLKMQ_CHECK_OPERATION(queue_rqs, QueueRqsOperation, "static void queue_rqs(DispatchBatch<Ops>&)");
	BLKMQ_CHECK_OPERATION(complete, CompleteOperation, "static void complete(UniqueRequest<Ops>)");
	BLKMQ_CHECK_OPERATION(timer_expired, TimerExpiredOperation, "static void timer_expired(UniqueRequest<Ops>)");
	BLKMQ_CHECK_OPERATION(work, WorkOperation, "static void work(UniqueRequest<Ops>)");
	BLKMQ_CHECK_OPERATION(timeout, TimeoutOperation, "static TimeoutAction timeout(TimedOutRequest<Ops>)");
	BLKMQ_CHECK_OPERATION(poll, PollOperation, "static int poll(const HwQueue<Ops>&, CompletionBatch&)");
	BLKMQ_CHECK_OPERATION(init_hctx, InitHctxOperation, "static Result<void> init_hctx(HwQueue<Ops>&)");
	BLKMQ_CHECK_OPERATION(exit_hctx, ExitHctxOperation, "static void exit_hctx(HwQueue<Ops>&)");
	BLKMQ_CHECK_UNWIRED(init_request, "blkmq owns init_request: give Ops::RequestData a constructor instead");
	BLKMQ_CHECK_UNWIRED(exit_request, "blkmq owns exit_request: give Ops::RequestData a destructor instead");
	BLKMQ_CHECK_UNWIRED(map_queues, "blkmq maps the queues itself: give TagSetConfig read_queues and "
					"poll_queues");
	BLKMQ_CHECK_UNWIRED(get_budget, "blkmq does not wire dispatch budgets (a SCSI feature)");
	BLKMQ_CHECK_UNWIRED(put_budget, "blkmq does not wire dispatch budgets (a SCSI feature)");
	BLKMQ_CHECK_UNWIRED(set_rq_budget_token, "blkmq does not wire dispatch budgets (a SCSI feature)");
	BLKMQ_CHECK_UNWIRED(get_rq_budget_token, "blkmq does not wire dispatch budgets (a SCSI feature)");
	BLKMQ_CHECK_UNWIRED(cleanup_rq, "blkmq does not wire cleanup_rq (request-based device mapper only)");
	BLKMQ_CHECK_UNWIRED(busy, "blkmq does not wire busy (request-based device mapper only)");
	BLKMQ_CHECK_UNWIRED(show_rq, "blkmq does not wire show_rq (debugfs)");
	static_assert(detail::request_data_type<RequestDataOf<Ops>>,
		      "blkmq: Ops::RequestData must be noexcept default-constructible and destructible "
		      "(it is built in init_request, which cannot fail)");
	static_assert(detail::request_data_type<HwDataOf<Ops>>,
		      "blkmq: Ops::HwData must be noexcept default-constructible and destructible");
	return Operations<Ops>;
}

#undef BLKMQ_CHECK_OPERATION
#undef BLKMQ_CHECK_UNWIRED

} // namespace blkmq
