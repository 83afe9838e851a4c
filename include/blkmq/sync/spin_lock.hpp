// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// SpinLock<T> and IrqSpinLock<T>: Lock<T, Kind> (sync/lock.hpp) on the kernel's spinlock_t.
//
// The two kinds differ in where the lock may be taken, which is decided once, by its type:
//   SpinLock<T>     spin_lock(): never taken in interrupt context (queue_rq, work items,
//                   setup; not Ops::complete, which may run in a softirq)
//   IrqSpinLock<T>  spin_lock_irqsave(): also taken where interrupts are off or from an
//                   interrupt handler (Ops::timer_expired, Ops::complete)
// A lock taken both in a task and in an interrupt must be an IrqSpinLock: with a plain one
// the interrupt could spin forever on the lock its own CPU holds (lockdep reports that as
// "inconsistent lock state"). While any guard is held the holder must not sleep: no Mutex, no
// allocation but Gfp::Atomic (debug kernels report "sleeping function called from invalid
// context"); LockGuard::unlocked() releases it for what must.
#pragma once

#include <blkmq/sync/lock.hpp>

namespace blkmq {
namespace detail {

struct TaskSpinLockKind {
	static constexpr unsigned long size = BLKMQ_SPINLOCK_SIZE;
	static constexpr unsigned long align = BLKMQ_SPINLOCK_ALIGN;
	struct State {};
	static void init(void *lock, const char *name, lock_class_key *key) noexcept {
		blkmq_spin_lock_init(lock, name, key);
	}
	static State acquire(void *lock) noexcept {
		blkmq_spin_lock(lock);
		return {};
	}
	static void release(void *lock, State) noexcept { blkmq_spin_unlock(lock); }
};

struct IrqSpinLockKind {
	static constexpr unsigned long size = BLKMQ_SPINLOCK_SIZE;
	static constexpr unsigned long align = BLKMQ_SPINLOCK_ALIGN;
	struct State {
		unsigned long flags; // the interrupt state to restore
	};
	static void init(void *lock, const char *name, lock_class_key *key) noexcept {
		blkmq_spin_lock_init(lock, name, key);
	}
	static State acquire(void *lock) noexcept { return {blkmq_spin_lock_irqsave(lock)}; }
	static void release(void *lock, State state) noexcept { blkmq_spin_unlock_irqrestore(lock, state.flags); }
};

} // namespace detail

template <class T>
using SpinLock = Lock<T, detail::TaskSpinLockKind>;
template <class T>
using IrqSpinLock = Lock<T, detail::IrqSpinLockKind>;

} // namespace blkmq
