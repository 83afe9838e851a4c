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
//   static void commit_rqs(const HwQueue<Ops>&);              // a batch ended without is_last
//   static void complete(UniqueRequest<Ops>);           // after std::move(rq).complete()
//   static TimeoutAction timeout(const Request<Ops>&);  // the request's timer expired
//   static int poll(const HwQueue<Ops>&);                     // returns requests completed
//   static Result<void> init_hctx(HwQueue<Ops>&);       // after HwData is constructed
//   static void exit_hctx(HwQueue<Ops>&);               // before HwData is destroyed
//
// Optional member types: RequestData (per request, in the PDU; default-constructed in
// init_request, destroyed in exit_request), QueueData (per disk), HwData (per hardware
// queue, default-constructed).
//
// Each member, when present, must have exactly the signature above (noexcept allowed):
// a look-alike that merely accepts the arguments (taking `const OwnedRequest&`, say) could
// not consume the request. Each check below names the member it is about, so a mistake
// is reported by name.
#pragma once

#include <blkmq/dispatch.hpp>
#include <blkmq/hw_queue.hpp>
#include <blkmq/owned_request.hpp>
#include <blkmq/request.hpp>
#include <blkmq/result.hpp>
#include <blkmq/unique_request.hpp>

#include <concepts>
#include <type_traits>

namespace blkmq {

// What timeout() asks of the block layer (enum blk_eh_timer_return).
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
using CompleteFn = void(UniqueRequest<Ops>);
template <class Ops>
using TimeoutFn = TimeoutAction(const Request<Ops> &);
template <class Ops>
using PollFn = int(const HwQueue<Ops> &);
template <class Ops>
using InitHctxFn = Result<void>(HwQueue<Ops> &);
template <class Ops>
using ExitHctxFn = void(HwQueue<Ops> &);

namespace detail {

template <class Signature>
struct noexcept_of;
template <class R, class... Args>
struct noexcept_of<R(Args...)> {
	using type = R(Args...) noexcept;
};

// F, the type of &Ops::member, is a pointer to exactly Signature, noexcept or not.
template <class F, class Signature>
concept has_signature = std::same_as<F, Signature *> || std::same_as<F, typename noexcept_of<Signature>::type *>;

// Whether Ops declares a member named as given, whatever its type.
#define BLKMQ_DECLARES(member)                                                                                         \
	requires { &Ops::member; }

} // namespace detail

template <class Ops>
concept QueueRqOperation = detail::has_signature<decltype(&Ops::queue_rq), QueueRqFn<Ops>>;
template <class Ops>
concept CommitRqsOperation = detail::has_signature<decltype(&Ops::commit_rqs), CommitRqsFn<Ops>>;
template <class Ops>
concept CompleteOperation = detail::has_signature<decltype(&Ops::complete), CompleteFn<Ops>>;
template <class Ops>
concept TimeoutOperation = detail::has_signature<decltype(&Ops::timeout), TimeoutFn<Ops>>;
template <class Ops>
concept PollOperation = detail::has_signature<decltype(&Ops::poll), PollFn<Ops>>;
template <class Ops>
concept InitHctxOperation = detail::has_signature<decltype(&Ops::init_hctx), InitHctxFn<Ops>>;
template <class Ops>
concept ExitHctxOperation = detail::has_signature<decltype(&Ops::exit_hctx), ExitHctxFn<Ops>>;

namespace detail {

template <class Ops>
consteval bool has_commit_rqs() {
	return BLKMQ_DECLARES(commit_rqs);
}
template <class Ops>
consteval bool has_complete() {
	return BLKMQ_DECLARES(complete);
}
template <class Ops>
consteval bool has_timeout() {
	return BLKMQ_DECLARES(timeout);
}
template <class Ops>
consteval bool has_poll() {
	return BLKMQ_DECLARES(poll);
}
template <class Ops>
consteval bool has_init_hctx() {
	return BLKMQ_DECLARES(init_hctx);
}
template <class Ops>
consteval bool has_exit_hctx() {
	return BLKMQ_DECLARES(exit_hctx);
}

template <class T>
concept request_data_type = std::is_nothrow_default_constructible_v<T> && std::is_nothrow_destructible_v<T>;

// Each optional operation is either absent or has its exact signature.
template <class Ops>
consteval bool optional_operations_valid() {
	const bool commit_rqs = !has_commit_rqs<Ops>() || CommitRqsOperation<Ops>;
	const bool complete = !has_complete<Ops>() || CompleteOperation<Ops>;
	const bool timeout = !has_timeout<Ops>() || TimeoutOperation<Ops>;
	const bool poll = !has_poll<Ops>() || PollOperation<Ops>;
	const bool init_hctx = !has_init_hctx<Ops>() || InitHctxOperation<Ops>;
	const bool exit_hctx = !has_exit_hctx<Ops>() || ExitHctxOperation<Ops>;
	return commit_rqs && complete && timeout && poll && init_hctx && exit_hctx;
}

} // namespace detail

template <class Ops>
concept Operations = std::is_class_v<Ops> && QueueRqOperation<Ops> && detail::optional_operations_valid<Ops>() &&
	detail::request_data_type<RequestDataOf<Ops>> && detail::request_data_type<HwDataOf<Ops>>;

// Explains, member by member, why Ops is not Operations. TagSet<Ops> runs it, so the
// first error a driver author sees names the member at fault.
template <class Ops>
consteval bool check_operations() {
	static_assert(std::is_class_v<Ops>, "blkmq: the operations type must be a class with static members");
	static_assert(BLKMQ_DECLARES(queue_rq), "blkmq: Ops::queue_rq is missing: declare static DispatchResult "
						"queue_rq(const HwQueue<Ops>&, OwnedRequest<Ops>, bool is_last)");
	static_assert(QueueRqOperation<Ops>, "blkmq: Ops::queue_rq must be exactly static DispatchResult "
					     "queue_rq(const HwQueue<Ops>&, OwnedRequest<Ops>, bool is_last)");
	static_assert(!detail::has_commit_rqs<Ops>() || CommitRqsOperation<Ops>,
		      "blkmq: Ops::commit_rqs must be exactly static void commit_rqs(const HwQueue<Ops>&)");
	static_assert(!detail::has_complete<Ops>() || CompleteOperation<Ops>,
		      "blkmq: Ops::complete must be exactly static void complete(UniqueRequest<Ops>)");
	static_assert(!detail::has_timeout<Ops>() || TimeoutOperation<Ops>,
		      "blkmq: Ops::timeout must be exactly static TimeoutAction timeout(const Request<Ops>&)");
	static_assert(!detail::has_poll<Ops>() || PollOperation<Ops>,
		      "blkmq: Ops::poll must be exactly static int poll(const HwQueue<Ops>&)");
	static_assert(!detail::has_init_hctx<Ops>() || InitHctxOperation<Ops>,
		      "blkmq: Ops::init_hctx must be exactly static Result<void> init_hctx(HwQueue<Ops>&)");
	static_assert(!detail::has_exit_hctx<Ops>() || ExitHctxOperation<Ops>,
		      "blkmq: Ops::exit_hctx must be exactly static void exit_hctx(HwQueue<Ops>&)");
	static_assert(detail::request_data_type<RequestDataOf<Ops>>,
		      "blkmq: Ops::RequestData must be noexcept default-constructible and destructible "
		      "(it is built in init_request, which cannot fail)");
	static_assert(detail::request_data_type<HwDataOf<Ops>>,
		      "blkmq: Ops::HwData must be noexcept default-constructible and destructible");
	return Operations<Ops>;
}

#undef BLKMQ_DECLARES

} // namespace blkmq
