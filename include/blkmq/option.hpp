// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Option<T>: a value that may be absent, such as the result of a tag lookup.
//
// std::optional compiles in the kernel, but its value() throws (it references
// __throw_bad_optional_access, which a module cannot link). Option has no throwing member:
// test it, then dereference or take().
#pragma once

#include <new>
#include <type_traits>
#include <utility>

namespace blkmq {

template <class T>
class [[nodiscard]] Option {
	static_assert(std::is_nothrow_move_constructible_v<T>, "blkmq: Option<T> needs a noexcept-movable T");

public:
	constexpr Option() noexcept : empty_() {}
	Option(T &&value) noexcept : has_value_(true) { new (&value_) T(std::move(value)); }
	Option(Option &&other) noexcept : has_value_(other.has_value_) {
		if (has_value_)
			new (&value_) T(std::move(other.value_));
	}
	Option(const Option &) = delete;
	Option &operator=(const Option &) = delete;
	Option &operator=(Option &&) = delete;
	~Option() { reset(); }

	// Constructs a value in place, replacing (destroying) any held before.
	template <class... Args>
	T &emplace(Args &&...args) noexcept {
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
	T &operator*() &noexcept { return value_; }
	const T &operator*() const &noexcept { return value_; }
	T *operator->() noexcept { return &value_; }
	const T *operator->() const noexcept { return &value_; }
	// Moves the value out; the Option must hold one.
	T take() &&noexcept { return std::move(value_); }

private:
	struct Empty {};
	union {
		Empty empty_;
		T value_;
	};
	bool has_value_ = false;
};

} // namespace blkmq
