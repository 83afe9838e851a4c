// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// SpinLock<T> and IrqSpinLock<T>: a T that is reached only while its lock is held.
//
// The data lives inside the lock, and the only way to it is a guard that holds the lock
// (as Rust's SpinLock<T>, and unlike C, where a lock and the data it guards are related by a
// comment): lock() takes the kernel's spinlock and gives the guard, whose destruction
// releases it. A guard cannot be copied or moved, so it is released in the scope that took
// it. What the guard lends (T&) must not be kept past it.
//
// The two kinds differ in where the lock may be taken, which is decided once, by its type:
//   SpinLock<T>     spin_lock(): never taken in interrupt context (queue_rq, work items,
//                   a blocking tag set's callbacks, setup)
//   IrqSpinLock<T>  spin_lock_irqsave(): also taken where interrupts are off or from an
//                   interrupt handler (a hard-irq timer's completion, Ops::complete)
// A lock taken both in a task and in an interrupt must be an IrqSpinLock: with a plain one
// the interrupt could spin forever on the lock its own CPU holds (lockdep reports that as
// "inconsistent lock state"). While any guard is held the holder must not sleep; debug
// kernels report a sleep there ("sleeping function called from invalid context").
//
// lock() is const, like every operation of Atomic<T>: a lock is how shared, const-accessed
// state (QueueData, HwData) is mutated. Each lock type is its own lockdep class: two locks of
// the same SpinLock<T> are one class, as two locks from one spin_lock_init() site are in C.
//
// Not copyable or movable: its address is what the CPUs share.
#pragma once

#include <blkmq/sys.h>
#include <blkmq_layout.h>

#include <utility>

namespace blkmq {

enum class SpinLockKind {
	Task,      // never taken in interrupt context
	Interrupt, // also taken in interrupt context: interrupts are off while it is held
};

template <class T, SpinLockKind kind>
class BasicSpinLock;

// The holder of a lock, and the one way to its data.
template <class T, SpinLockKind kind>
class [[nodiscard]] SpinLockGuard {
public:
	~SpinLockGuard() { release(); }
	SpinLockGuard(const SpinLockGuard &) = delete;
	SpinLockGuard &operator=(const SpinLockGuard &) = delete;

	T &operator*() const noexcept { return lock_.data_; }
	T *operator->() const noexcept { return &lock_.data_; }

	// Runs @work with the lock released, and takes it again before returning what @work
	// returns: for what must not be done under a spin lock, such as an allocation that may
	// sleep. Whatever the data lent before (a pointer from an XArray::get()) may have
	// changed meanwhile: look it up again.
	template <class Work>
	decltype(auto) unlocked(Work &&work) noexcept {
		struct Relock {
			SpinLockGuard &guard;
			~Relock() { guard.acquire(); }
		} relock{*this};
		release();
		return std::forward<Work>(work)();
	}

private:
	friend class BasicSpinLock<T, kind>;
	explicit SpinLockGuard(const BasicSpinLock<T, kind> &lock) noexcept : lock_(lock) { acquire(); }

	void acquire() noexcept {
		if constexpr (kind == SpinLockKind::Interrupt)
			flags_ = blkmq_spin_lock_irqsave(lock_.raw());
		else
			blkmq_spin_lock(lock_.raw());
	}
	void release() noexcept {
		if constexpr (kind == SpinLockKind::Interrupt)
			blkmq_spin_unlock_irqrestore(lock_.raw(), flags_);
		else
			blkmq_spin_unlock(lock_.raw());
	}

	const BasicSpinLock<T, kind> &lock_;
	unsigned long flags_ = 0; // the interrupt state to restore (Interrupt locks)
};

template <class T, SpinLockKind kind>
class BasicSpinLock {
public:
	// The data default-constructed, or made from @args. Not explicit without arguments, so
	// that a lock member of an aggregate may be left to its default.
	BasicSpinLock() noexcept : data_() { init(); }
	template <class First, class... Rest>
	explicit BasicSpinLock(First &&first, Rest &&...rest) noexcept
	    : data_(std::forward<First>(first), std::forward<Rest>(rest)...) {
		init();
	}
	BasicSpinLock(const BasicSpinLock &) = delete;
	BasicSpinLock &operator=(const BasicSpinLock &) = delete;

	// Spins until the lock is free, takes it, and lends the data through the guard.
	SpinLockGuard<T, kind> lock() const noexcept { return SpinLockGuard<T, kind>(*this); }

private:
	friend class SpinLockGuard<T, kind>;

	void init() noexcept {
		blkmq_spin_lock_init(raw(), lock_name(), reinterpret_cast<lock_class_key *>(class_key));
	}
	void *raw() const noexcept { return const_cast<unsigned char *>(lock_); }
	// What lockdep calls this lock class: the C++ type, T included.
	static const char *lock_name() noexcept { return __PRETTY_FUNCTION__; }

	// Lockdep wants a class key in static storage: one per lock type, zero-initialised, and
	// written by lockdep (so not const).
	// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
	alignas(BLKMQ_LOCK_CLASS_KEY_ALIGN) static inline constinit unsigned char class_key
		[BLKMQ_LOCK_CLASS_KEY_SIZE > 0 ? BLKMQ_LOCK_CLASS_KEY_SIZE : 1] = {};

	alignas(BLKMQ_SPINLOCK_ALIGN) unsigned char lock_[BLKMQ_SPINLOCK_SIZE];
	mutable T data_;
};

template <class T>
using SpinLock = BasicSpinLock<T, SpinLockKind::Task>;
template <class T>
using IrqSpinLock = BasicSpinLock<T, SpinLockKind::Interrupt>;

} // namespace blkmq
