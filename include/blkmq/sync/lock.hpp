// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Lock<T, Kind> and LockGuard: a T that is reached only while its lock is held. Drivers use
// the kinds by name: SpinLock<T>, IrqSpinLock<T> (sync/spin_lock.hpp) and Mutex<T> (sync/mutex.hpp).
//
// The data lives inside the lock, and the only way to it is a guard that holds the lock (as
// Rust's Lock<T, B>, and unlike C, where a lock and the data it guards are related by a
// comment): lock() takes the kernel's lock and gives the guard, whose destruction releases it.
// A guard cannot be copied or moved, so it is released in the scope that took it (unless a
// driver puts it where a scope does not end, in an Option or on the heap: do not). What the
// guard lends (T&, or a pointer into T) must not be kept past it.
//
// lock() is const, like every operation of Atomic<T>: a lock is how shared, const-accessed
// state (QueueData, HwData) is mutated. Each lock type is its own lockdep class (the class key
// is a static member of the C++ type, and the class is named after the type): two locks of the
// same Lock<T, Kind> are one class, as two locks from one spin_lock_init() site are in C.
//
// A Kind is the kernel lock underneath: its size and alignment (from <blkmq_layout.h>), and
// init / acquire / release through the C shim, with the State acquire returns and release
// needs (the saved interrupt flags of spin_lock_irqsave).
//
// Not copyable or movable: its address is what the CPUs share.
#pragma once

#include <blkmq/sys.h>
#include <blkmq_layout.h>

#include <utility>

namespace blkmq {

template <class T, class Kind>
class Lock;

// The holder of a lock, and the one way to its data.
template <class T, class Kind>
class [[nodiscard]] LockGuard {
public:
	~LockGuard() { Kind::release(lock_.raw(), state_); }
	LockGuard(const LockGuard &) = delete;
	LockGuard &operator=(const LockGuard &) = delete;

	T &operator*() const noexcept { return lock_.data_; }
	T *operator->() const noexcept { return &lock_.data_; }

	// Runs @work with the lock released, and takes it again before returning what @work
	// returns: for what must not be done under the lock, such as an allocation that may sleep
	// under a spin lock. Whatever the data lent before (a pointer from an XArray::get()) may
	// have changed meanwhile: look it up again, and do not touch the data from @work.
	template <class Work>
	decltype(auto) unlocked(Work &&work) noexcept {
		struct Relock {
			LockGuard &guard;
			~Relock() { guard.state_ = Kind::acquire(guard.lock_.raw()); }
		} relock{*this};
		Kind::release(lock_.raw(), state_);
		return std::forward<Work>(work)();
	}

private:
	friend class Lock<T, Kind>;
	explicit LockGuard(const Lock<T, Kind> &lock) noexcept : lock_(lock), state_(Kind::acquire(lock.raw())) {}

	const Lock<T, Kind> &lock_;
	typename Kind::State state_;
};

template <class T, class Kind>
class Lock {
public:
	// The data default-constructed, or made from @args. Not explicit without arguments, so
	// that a lock member of an aggregate may be left to its default.
	Lock() noexcept : data_() { init(); }
	template <class First, class... Rest>
	explicit Lock(First &&first, Rest &&...rest) noexcept
	    : data_(std::forward<First>(first), std::forward<Rest>(rest)...) {
		init();
	}
	Lock(const Lock &) = delete;
	Lock &operator=(const Lock &) = delete;

	// Waits until the lock is free (spinning or sleeping, by Kind), takes it, and lends the
	// data through the guard.
	LockGuard<T, Kind> lock() const noexcept { return LockGuard<T, Kind>(*this); }

private:
	friend class LockGuard<T, Kind>;

	void init() noexcept { Kind::init(raw(), lock_name(), reinterpret_cast<lock_class_key *>(class_key)); }
	void *raw() const noexcept { return const_cast<unsigned char *>(lock_); }
	// What lockdep calls this lock class: the C++ type, T and Kind included.
	static const char *lock_name() noexcept { return __PRETTY_FUNCTION__; }

	// Lockdep wants a class key in static storage: one per lock type, zero-initialised, and
	// written by lockdep (so not const).
	// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables)
	alignas(BLKMQ_LOCK_CLASS_KEY_ALIGN) static inline constinit unsigned char class_key
		[BLKMQ_LOCK_CLASS_KEY_SIZE > 0 ? BLKMQ_LOCK_CLASS_KEY_SIZE : 1] = {};

	alignas(Kind::align) unsigned char lock_[Kind::size];
	mutable T data_;
};

} // namespace blkmq
