// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Option<T>: a value that may be absent, such as the result of a tag lookup.
//
// std::optional compiles in the kernel, but its value() throws (it references
// __throw_bad_optional_access, which a module cannot link), and its operator* on an empty
// optional is undefined behaviour. Option has neither: test it, then read the value through
// operator* / operator-> (const access) or move it out with take() or *std::move(option),
// which leave the Option empty. Reaching into an empty Option is a driver bug with no
// value to go on with: it is reported (BLKMQ_MISUSE_EMPTY_OPTION) and the kernel stops the
// thread there (a trap, as Rust's unwrap() on None panics), the same on every build and at
// every optimisation level, never a read of whatever the storage holds.
//
// There is no mutable lvalue access: `std::move(*option)` would move the value out and leave
// the Option claiming to hold it.
#pragma once

#include <blkmq/sys.h>

#include <new>
#include <type_traits>
#include <utility>

namespace blkmq {

namespace detail {
// Not [[noreturn]] itself: in a module an inline function is a weak symbol, which objtool
// never takes for one that does not return, so a call to it that ended a path would read as
// falling through into the next function. The trap is at each call site instead.
[[gnu::cold, gnu::noinline]] inline void report_empty_option() noexcept {
	blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_OPTION, nullptr);
}
} // namespace detail

template <class T>
class [[nodiscard]] Option {
	static_assert(std::is_nothrow_move_constructible_v<T>, "blkmq: Option<T> needs a noexcept-movable T");

public:
	constexpr Option() noexcept : empty_() {}
	Option(T &&value) noexcept : has_value_(true) { new (&value_) T(std::move(value)); }
	Option(Option &&other) noexcept : has_value_(other.has_value_) {
		if (has_value_) {
			new (&value_) T(std::move(other.value_));
			other.reset();
		}
	}
	Option(const Option &) = delete;
	Option &operator=(const Option &) = delete;
	// Replaces (destroys) any value held before, as emplace() does.
	// @other may live inside the value this one holds (`head = std::move(head->next)`):
	// its value is taken out before this one is destroyed.
	Option &operator=(Option &&other) noexcept {
		if (this == &other)
			return *this;
		if (!other.has_value_) {
			reset();
			return *this;
		}
		T value = std::move(other).take();
		emplace(std::move(value));
		return *this;
	}
	~Option() { reset(); }

	// Constructs a value in place, replacing (destroying) any held before.
	template <class... Args>
	const T &emplace(Args &&...args) noexcept {
		reset();
		new (&value_) T(std::forward<Args>(args)...);
		has_value_ = true;
		return value_;
	}
	void reset() noexcept {
		if (has_value_)
			value_.~T();
		has_value_ = false;
	}

	bool has_value() const noexcept { return has_value_; }
	explicit operator bool() const noexcept { return has_value_; }

	const T &operator*() const &noexcept {
		check();
		return value_;
	}
	const T *operator->() const noexcept {
		check();
		return &value_;
	}
	// Moves the value out and leaves the Option empty: `Shared ref = *std::move(found);`
	T operator*() &&noexcept { return std::move(*this).take(); }
	T take() &&noexcept {
		check();
		T value = std::move(value_);
		reset();
		// clang -Wconsumed cannot follow a handle through the union, so it calls the value
		// "unknown" here; the caller's analysis starts afresh from the returned handle.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wconsumed"
#endif
		return value;
#if defined(__clang__)
#pragma clang diagnostic pop
#endif
	}

private:
	void check() const noexcept {
		if (!has_value_) [[unlikely]] {
			detail::report_empty_option();
			__builtin_trap();
		}
	}

	struct Empty {};
	union {
		Empty empty_;
		T value_;
	};
	bool has_value_ = false;
};

} // namespace blkmq
