// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// ARef<T>: a shared, reference-counted handle to an object that keeps its own count.
//
// T says how to count (the AlwaysRefCounted concept, as in Rust's kernel::types): copying
// an ARef takes a reference, destroying one drops it. Taking ownership of a reference that
// already exists (adoption) is private to T's friends, so every ARef in a driver was made
// by an operation whose name says it hands out a reference (share(), tag_to_rq()). T keeps
// inc_ref and dec_ref private too, reachable only through detail::RefCountAccess: a count
// taken or dropped by hand, by no handle, would break the protocol that decides who may end
// a request (Rust marks them unsafe; C++ can only hide them).
//
// ARef<Request<Ops>>: the request is started and owned by the driver; each ARef holds one
// count, giving const access. Meanwhile the block layer cannot get the request back: it can
// only be ended by a UniqueRequest, and std::move(aref).try_unique() gives one only to the
// last ARef (compare-exchange 2 -> 0). An ARef can never end a request by itself.
//
// The size of a pointer; a moved-from ARef is empty (operator bool).
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/sys.h>

#include <utility>

namespace blkmq {

namespace detail {
// T befriends this to let ARef count. The return types make a missing or inaccessible
// T::inc_ref a substitution failure, so that AlwaysRefCounted<T> is false rather than
// true for any T.
struct RefCountAccess {
	template <class T>
	static auto inc_ref(const T &object) noexcept -> decltype(T::inc_ref(object)) {
		return T::inc_ref(object);
	}
	template <class T>
	static auto dec_ref(const T &object) noexcept -> decltype(T::dec_ref(object)) {
		return T::dec_ref(object);
	}
};
} // namespace detail

template <class T>
concept AlwaysRefCounted = requires(const T &object) {
	detail::RefCountAccess::inc_ref(object);
	detail::RefCountAccess::dec_ref(object);
};

template <class T>
class ARef {
public:
	// An empty handle.
	constexpr ARef() noexcept = default;

	ARef(const ARef &other) noexcept : object_(other.object_) {
		if (object_)
			detail::RefCountAccess::inc_ref(*object_);
	}
	ARef(ARef &&other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
	ARef &operator=(ARef other) noexcept {
		std::swap(object_, other.object_);
		return *this;
	}
	~ARef() {
		if (object_)
			detail::RefCountAccess::dec_ref(*object_);
	}

	explicit operator bool() const noexcept { return object_ != nullptr; }
	const T *operator->() const noexcept { return object_; }
	const T &operator*() const &noexcept { return *object_; }
	// A reference taken from an rvalue ARef can outlive the count: a temporary drops it at
	// the end of the full expression (`const Request &rq = *lookup();`), and a moved-from
	// one has given it away. A member call through `->` ends within the expression, so it
	// is allowed.
	template <class Self = T>
	const Self &operator*() const &&noexcept {
		static_assert(
			detail::always_false<Self>,
			"blkmq: * of an rvalue ARef (a temporary, or std::move(ref)): the reference would outlive "
			"the count it holds; keep the ARef in a variable");
		return *object_;
	}

	// The name of this shared episode of the request, for a completion that arrives by
	// tag: TagSet::tag_to_rq(cookie) finds it until it is ended or shared anew
	// (requests/tag_cookie.hpp). Only a shared handle has one: taken from a unique handle, it would
	// name the previous episode, which the next share() ends.
	template <class Self = T>
	auto cookie() const noexcept -> decltype(std::declval<const Self &>().cookie()) {
		return object_->cookie();
	}

	// Trades this handle for a unique one if it is the last (see T::try_unique).
	template <class Self = T>
	[[nodiscard]] auto try_unique() &&noexcept {
		return Self::try_unique(std::move(*this));
	}
	// The same return type as the real one, so that the caller's code type-checks, and
	// deduced, so that the body (and its message) is instantiated at the call, before the
	// compiler looks at what the caller does with the result.
	template <class Self = T>
	auto try_unique() const & {
		static_assert(detail::always_false<Self>,
			      "blkmq: try_unique() consumes the ARef: write std::move(ref).try_unique()");
		return Self::try_unique(ARef());
	}
	template <class Self = T>
	auto try_unique() const && {
		static_assert(detail::always_false<Self>,
			      "blkmq: a const ARef cannot be consumed by try_unique(): take it by value "
			      "(from an Option: std::move(option).take().try_unique())");
		return Self::try_unique(ARef());
	}

	template <class... Args>
	void end(Args &&...) const {
		static_assert(
			detail::always_false<Args...>,
			"blkmq: an ARef cannot end a request: get the UniqueRequest with std::move(ref).try_unique()");
	}
	template <class... Args>
	void end_ok(Args &&...) const {
		static_assert(
			detail::always_false<Args...>,
			"blkmq: an ARef cannot end a request: get the UniqueRequest with std::move(ref).try_unique()");
	}
	template <class... Args>
	void complete(Args &&...) const {
		static_assert(detail::always_false<Args...>,
			      "blkmq: an ARef cannot complete a request: get the UniqueRequest with "
			      "std::move(ref).try_unique()");
	}

private:
	friend T;
	static_assert(AlwaysRefCounted<T>, "blkmq: ARef<T> needs T::inc_ref(const T&) and T::dec_ref(const T&), "
					   "reachable through detail::RefCountAccess");

	// Takes over a reference the caller already holds.
	static ARef adopt(const T *object) noexcept { return ARef(object); }
	explicit ARef(const T *object) noexcept : object_(object) {}

	// Gives up the reference without dropping it (the inverse of adopt).
	const T *leak() &&noexcept { return std::exchange(object_, nullptr); }

	const T *object_ = nullptr;
};

} // namespace blkmq
