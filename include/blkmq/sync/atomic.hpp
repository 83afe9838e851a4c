// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Atomic<T>: a word that threads share, for state a driver mutates through shared access.
//
// blkmq hands out shared access as const: an ARef<Request> gives `const RequestData&`, and
// queue_rq, commit_rqs and poll get `const HwQueue&`, because other CPUs may hold the same
// object at once (as Rust hands out `&T`). What is changed through such access must be
// synchronised by its own type, and std::atomic cannot be that type in a module: <atomic>
// pulls in pthread.h, and its members are non-const, so a `const RequestData&` could not
// touch one without `mutable`. Atomic<T> is the library's own: every operation is const
// (the value is the one thing about the object that may change), and each compiles to the
// compiler's __atomic builtins, which on x86 are the kernel's own instructions (lock xadd,
// lock cmpxchg, plain mov for relaxed, acquire and release), with no call and no libatomic.
//
// T is an integer, an enum or a pointer of 1, 2, 4 or 8 bytes. Every operation names its
// memory order; Order::SeqCst is the default, as for std::atomic. fetch_add / fetch_sub /
// fetch_and / fetch_or / fetch_xor are for integers only.
//
// Not copyable or movable: its address is what the threads share.
#pragma once

#include <type_traits>

namespace blkmq {

// The C++ memory orders, as the __atomic builtins number them.
enum class Order : int {
	Relaxed = __ATOMIC_RELAXED,
	Acquire = __ATOMIC_ACQUIRE,
	Release = __ATOMIC_RELEASE,
	AcqRel = __ATOMIC_ACQ_REL,
	SeqCst = __ATOMIC_SEQ_CST,
};

template <class T>
class Atomic {
	static_assert(std::is_integral_v<T> || std::is_enum_v<T> || std::is_pointer_v<T>,
		      "blkmq: Atomic<T> holds an integer, an enum or a pointer");
	static_assert(sizeof(T) == 1 || sizeof(T) == 2 || sizeof(T) == 4 || sizeof(T) == 8,
		      "blkmq: Atomic<T> holds a 1, 2, 4 or 8-byte value: larger ones need a lock");
	static constexpr bool is_integer = std::is_integral_v<T> && !std::is_same_v<T, bool>;

public:
	constexpr Atomic() noexcept : value_() {}
	constexpr explicit Atomic(T value) noexcept : value_(value) {}
	Atomic(const Atomic &) = delete;
	Atomic &operator=(const Atomic &) = delete;

	T load(Order order = Order::SeqCst) const noexcept { return __atomic_load_n(&value_, int(order)); }
	void store(T value, Order order = Order::SeqCst) const noexcept {
		__atomic_store_n(&value_, value, int(order));
	}
	T exchange(T value, Order order = Order::SeqCst) const noexcept {
		return __atomic_exchange_n(&value_, value, int(order));
	}
	// Stores @desired if the value is @expected; else loads the value into @expected, with
	// @success's order minus its release part (as std::atomic does), or with @failure,
	// which may not be Release or AcqRel nor stronger than @success.
	bool compare_exchange(T &expected, T desired, Order success = Order::SeqCst) const noexcept {
		return compare_exchange(expected, desired, success, failure_order_of(success));
	}
	bool compare_exchange(T &expected, T desired, Order success, Order failure) const noexcept {
		return __atomic_compare_exchange_n(&value_, &expected, desired, /*weak=*/false, int(success),
						   int(failure));
	}

	// Each returns the value before the operation.
	T fetch_add(T operand, Order order = Order::SeqCst) const noexcept requires is_integer {
		return __atomic_fetch_add(&value_, operand, int(order));
	}
	T fetch_sub(T operand, Order order = Order::SeqCst) const noexcept requires is_integer {
		return __atomic_fetch_sub(&value_, operand, int(order));
	}
	T fetch_and(T operand, Order order = Order::SeqCst) const noexcept requires is_integer {
		return __atomic_fetch_and(&value_, operand, int(order));
	}
	T fetch_or(T operand, Order order = Order::SeqCst) const noexcept requires is_integer {
		return __atomic_fetch_or(&value_, operand, int(order));
	}
	T fetch_xor(T operand, Order order = Order::SeqCst) const noexcept requires is_integer {
		return __atomic_fetch_xor(&value_, operand, int(order));
	}

private:
	static constexpr Order failure_order_of(Order success) noexcept {
		if (success == Order::AcqRel)
			return Order::Acquire;
		if (success == Order::Release)
			return Order::Relaxed;
		return success;
	}

	// mutable because the value is what shared (const) access may change; nothing else
	// about an Atomic ever does.
	mutable T value_;
};

static_assert(sizeof(Atomic<unsigned long>) == sizeof(unsigned long));

} // namespace blkmq
