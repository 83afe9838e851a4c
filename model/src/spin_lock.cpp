// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Spin locks and mutexes with the rules lockdep enforces that a userspace test can see: a lock
// is initialised before use, never taken twice by its holder (which would spin or sleep
// forever), and released only by its holder. A mutex is a spin lock that yields while it
// waits, which is all a test can tell apart.
#include "internal.hpp"

#include <atomic>
#include <string>
#include <thread>

namespace blkmq::model {
namespace {
constexpr unsigned int initialised = 0x5106c0deu;
std::atomic<unsigned long> next_thread_id{1};
thread_local const unsigned long this_thread_id = next_thread_id++;
thread_local int atomic_depth = 0;
thread_local int interrupt_depth = 0;
thread_local int interrupts_off_depth = 0;
thread_local int hardirq_depth = 0;
} // namespace

AtomicSection::AtomicSection(bool atomic) : atomic_(atomic) {
	if (atomic_)
		++atomic_depth;
}
AtomicSection::~AtomicSection() {
	if (atomic_)
		--atomic_depth;
}
InterruptContext::InterruptContext(Interrupt kind) : kind_(kind) {
	++interrupt_depth;
	if (kind_ == Interrupt::Hard) {
		++hardirq_depth;
		++interrupts_off_depth;
	}
}
InterruptContext::~InterruptContext() {
	--interrupt_depth;
	if (kind_ == Interrupt::Hard) {
		--hardirq_depth;
		--interrupts_off_depth;
	}
}
bool in_interrupt() { return interrupt_depth > 0; }

void check_interrupts_on(const char *operation) {
	if (interrupts_off_depth == 0)
		return;
	record_violation(std::string(operation) + ": turns interrupts back on, but runs with them off (" +
			 (hardirq_depth > 0 ? "in hard interrupt context: a timer's callback"
					    : "under a spin lock taken with interrupts off") +
			 ")");
}

void check_may_sleep(const char *operation) {
	if (atomic_depth == 0)
		return;
	record_violation(std::string(operation) + ": may sleep, but runs " +
			 (in_interrupt() ? "in interrupt context"
					 : "in an atomic section (a spin lock held, or a "
					   "non-blocking tag set's queue_rq)") +
			 " (sleeping function called from invalid context)");
}

void check_allocation_context(unsigned int gfp, const char *operation) {
	if ((gfp & ~BLKMQ_GFP_ZERO) != BLKMQ_GFP_ATOMIC)
		check_may_sleep(operation);
}

namespace {

model_spinlock *lock_of(void *lock, const char *operation) {
	auto *spinlock = static_cast<model_spinlock *>(lock);
	return check_set_up(spinlock->init_key, initialised, operation, "a spin lock") ? spinlock : nullptr;
}

// Lockdep's "inconsistent lock state": a lock taken in interrupt context and, elsewhere, with
// interrupts on, where that interrupt could arrive on the holder's CPU and spin forever.
void note_context(model_spinlock *spinlock, bool interrupts_off, const char *operation) {
	if (in_interrupt())
		__atomic_store_n(&spinlock->taken_in_interrupt, 1, __ATOMIC_RELAXED);
	else if (!interrupts_off)
		__atomic_store_n(&spinlock->taken_with_interrupts_on, 1, __ATOMIC_RELAXED);
	if (__atomic_load_n(&spinlock->taken_in_interrupt, __ATOMIC_RELAXED) &&
	    __atomic_load_n(&spinlock->taken_with_interrupts_on, __ATOMIC_RELAXED) &&
	    !__atomic_exchange_n(&spinlock->inconsistency_reported, 1, __ATOMIC_RELAXED))
		record_violation(std::string(operation) +
				 ": inconsistent lock state: a lock taken in interrupt "
				 "context is also taken with interrupts on (use an IrqSpinLock)");
}

void acquire(void *lock, const char *operation, bool interrupts_off = false) {
	model_spinlock *spinlock = lock_of(lock, operation);
	if (spinlock == nullptr)
		return;
	if (spinlock->is_mutex)
		check_may_sleep(operation);
	else
		note_context(spinlock, interrupts_off, operation);
	if (__atomic_load_n(&spinlock->locked, __ATOMIC_RELAXED) != 0 &&
	    __atomic_load_n(&spinlock->owner, __ATOMIC_RELAXED) == this_thread_id) {
		record_violation(std::string(operation) + ": the lock's holder takes it again (a deadlock)");
		return;
	}
	while (__atomic_exchange_n(&spinlock->locked, 1, __ATOMIC_ACQUIRE) != 0)
		std::this_thread::yield();
	__atomic_store_n(&spinlock->owner, this_thread_id, __ATOMIC_RELAXED);
	if (!spinlock->is_mutex)
		++atomic_depth;
}

void release(void *lock, const char *operation) {
	model_spinlock *spinlock = lock_of(lock, operation);
	if (spinlock == nullptr)
		return;
	if (__atomic_load_n(&spinlock->locked, __ATOMIC_RELAXED) == 0 ||
	    __atomic_load_n(&spinlock->owner, __ATOMIC_RELAXED) != this_thread_id) {
		record_violation(std::string(operation) + ": released by a thread that does not hold it");
		return;
	}
	__atomic_store_n(&spinlock->owner, 0ul, __ATOMIC_RELAXED);
	__atomic_store_n(&spinlock->locked, 0, __ATOMIC_RELEASE);
	if (!spinlock->is_mutex)
		--atomic_depth;
}
} // namespace
} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blkmq_spin_lock_init(void *lock, const char *name, struct lock_class_key *key) {
	if (name == nullptr || key == nullptr)
		record_violation("spin_lock_init: a lock without a lockdep name and class key");
	*static_cast<model_spinlock *>(lock) = {0, 0, initialised, 0, 0, 0, 0};
}

extern "C" void blkmq_spin_lock(void *lock) { acquire(lock, "spin_lock"); }
extern "C" void blkmq_spin_unlock(void *lock) { release(lock, "spin_unlock"); }
extern "C" unsigned long blkmq_spin_lock_irqsave(void *lock) {
	acquire(lock, "spin_lock_irqsave", /*interrupts_off=*/true);
	++interrupts_off_depth;
	return 0x200; // X86_EFLAGS_IF: what spin_unlock_irqrestore must get back
}
extern "C" void blkmq_spin_unlock_irqrestore(void *lock, unsigned long flags) {
	if (flags != 0x200)
		record_violation("spin_unlock_irqrestore: not the flags spin_lock_irqsave returned");
	release(lock, "spin_unlock_irqrestore");
	--interrupts_off_depth;
}

extern "C" void blkmq_mutex_init(void *lock, const char *name, struct lock_class_key *key) {
	blkmq_spin_lock_init(lock, name, key);
	static_cast<model_spinlock *>(lock)->is_mutex = 1;
}
extern "C" void blkmq_mutex_lock(void *lock) { acquire(lock, "mutex_lock"); }
extern "C" void blkmq_mutex_unlock(void *lock) { release(lock, "mutex_unlock"); }
