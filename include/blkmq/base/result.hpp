// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Error and Result<T>: fallible setup calls without exceptions.
//
// Error carries a kernel errno. errno numbers are part of the Linux system-call ABI
// (include/uapi/asm-generic/errno*.h) and never change, unlike blk_status_t, so the few
// the library returns are named here. Result<T> is [[nodiscard]]: an error cannot be
// dropped silently, as with SerenityOS's ErrorOr.
#pragma once

#include <blkmq/sys.h>

#include <new>
#include <type_traits>
#include <utility>

namespace blkmq {

template <class T>
class Result;

class Error {
public:
	// @negative_errno: a kernel error code, -1 to -4095 (-MAX_ERRNO), such as -EINVAL. Any
	// other value is a bug of the caller's (a positive errno, or 0, which would turn the
	// error into a success): it is reported and becomes -EINVAL, so that it stays an error.
	static constexpr Error from_errno(int negative_errno) noexcept {
		if (negative_errno < -max_errno || negative_errno > -1) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_BAD_ERRNO, nullptr);
			return invalid_argument();
		}
		return Error(negative_errno);
	}
	static constexpr Error invalid_argument() noexcept { return Error(-22); } // -EINVAL
	static constexpr Error out_of_memory() noexcept { return Error(-12); }    // -ENOMEM
	static constexpr Error busy() noexcept { return Error(-16); }             // -EBUSY
	static constexpr Error bad_address() noexcept { return Error(-14); }      // -EFAULT
	static constexpr Error not_supported() noexcept { return Error(-95); }    // -EOPNOTSUPP
	static constexpr Error already_exists() noexcept { return Error(-17); }   // -EEXIST
	static constexpr Error no_space() noexcept { return Error(-28); }         // -ENOSPC
	static constexpr Error no_device() noexcept { return Error(-19); }        // -ENODEV

	constexpr int to_errno() const noexcept { return errno_; }
	constexpr bool operator==(const Error &) const noexcept = default;

private:
	friend class Result<void>;
	static constexpr int max_errno = 4095; // MAX_ERRNO, include/linux/err.h

	constexpr explicit Error(int negative_errno) noexcept : errno_(negative_errno) {}
	int errno_;
};

// Either a T or an Error. Accessing the wrong alternative is a programming error; callers
// test has_value() (or use BLKMQ_TRY) first.
template <class T>
class [[nodiscard]] Result {
	static_assert(std::is_nothrow_move_constructible_v<T>, "blkmq: Result<T> needs a noexcept-movable T");

public:
	Result(T &&value) noexcept : has_value_(true) { new (&value_) T(std::move(value)); }
	Result(Error error) noexcept : error_(error), has_value_(false) {}
	Result(Result &&other) noexcept : has_value_(other.has_value_) {
		if (has_value_)
			new (&value_) T(std::move(other.value_));
		else
			error_ = other.error_;
	}
	Result(const Result &) = delete;
	Result &operator=(const Result &) = delete;
	Result &operator=(Result &&) = delete;
	~Result() {
		if (has_value_)
			value_.~T();
	}

	bool has_value() const noexcept { return has_value_; }
	explicit operator bool() const noexcept { return has_value_; }

	T &value() &noexcept { return value_; }
	const T &value() const &noexcept { return value_; }
	// Moves the value out: `T t = std::move(result).value();`
	T value() &&noexcept { return std::move(value_); }
	Error error() const noexcept { return error_; }

private:
	union {
		T value_;
		Error error_;
	};
	bool has_value_;
};

// Success is held as the errno 0, which no Error made by from_errno() can be.
template <>
class [[nodiscard]] Result<void> {
public:
	Result() noexcept : error_(Error(0)) {}
	Result(Error error) noexcept : error_(error) {}

	bool has_value() const noexcept { return error_.to_errno() == 0; }
	explicit operator bool() const noexcept { return has_value(); }
	void value() &&noexcept {}
	Error error() const noexcept { return error_; }

private:
	Error error_;
};

} // namespace blkmq

// Propagates an error from a Result-returning expression, like Rust's `?`.
#define BLKMQ_TRY(expression)                                                                                          \
	({                                                                                                             \
		auto blkmq_try_result_ = (expression);                                                                 \
		if (!blkmq_try_result_.has_value())                                                                    \
			return blkmq_try_result_.error();                                                              \
		std::move(blkmq_try_result_).value();                                                                  \
	})
