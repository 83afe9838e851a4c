// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Spin locks and mutexes with the rules lockdep enforces that a userspace test can see: a lock
// is initialised before use, never taken twice by its holder (which would spin or sleep
// forever), and released only by its holder. A mutex is a spin lock that yields while it
// waits, which is all a test can tell apart.
#include "internal.hpp"

#include <atomic>
#include <thread>

namespace blkmq::model {
namespace {
constexpr unsigned int initialised = 0x5106c0deu;
std::atomic<unsigned long> next_thread_id{1};
thread_local const unsigned long this_thread_id = next_thread_id++;

model_spinlock *lock_of(void *lock, const char *operation) {
	auto *spinlock = static_cast<model_spinlock *>(lock);
	if (spinlock->init_key != initialised) {
		record_violation(std::string(operation) + ": a spin lock that was never initialised");
		return nullptr;
	}
	return spinlock;
}

void acquire(void *lock, const char *operation) {
	model_spinlock *spinlock = lock_of(lock, operation);
	if (spinlock == nullptr)
		return;
	if (__atomic_load_n(&spinlock->locked, __ATOMIC_RELAXED) != 0 &&
	    __atomic_load_n(&spinlock->owner, __ATOMIC_RELAXED) == this_thread_id) {
		record_violation(std::string(operation) + ": the lock's holder takes it again (a deadlock)");
		return;
	}
	while (__atomic_exchange_n(&spinlock->locked, 1, __ATOMIC_ACQUIRE) != 0)
		std::this_thread::yield();
	__atomic_store_n(&spinlock->owner, this_thread_id, __ATOMIC_RELAXED);
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
}
} // namespace
} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blkmq_spin_lock_init(void *lock, const char *name, struct lock_class_key *key) {
	if (name == nullptr || key == nullptr)
		record_violation("spin_lock_init: a lock without a lockdep name and class key");
	*static_cast<model_spinlock *>(lock) = {0, 0, initialised};
}

extern "C" void blkmq_spin_lock(void *lock) { acquire(lock, "spin_lock"); }
extern "C" void blkmq_spin_unlock(void *lock) { release(lock, "spin_unlock"); }
extern "C" unsigned long blkmq_spin_lock_irqsave(void *lock) {
	acquire(lock, "spin_lock_irqsave");
	return 0x200; // X86_EFLAGS_IF: what spin_unlock_irqrestore must get back
}
extern "C" void blkmq_spin_unlock_irqrestore(void *lock, unsigned long flags) {
	if (flags != 0x200)
		record_violation("spin_unlock_irqrestore: not the flags spin_lock_irqsave returned");
	release(lock, "spin_unlock_irqrestore");
}

extern "C" void blkmq_mutex_init(void *lock, const char *name, struct lock_class_key *key) {
	blkmq_spin_lock_init(lock, name, key);
}
extern "C" void blkmq_mutex_lock(void *lock) { acquire(lock, "mutex_lock"); }
extern "C" void blkmq_mutex_unlock(void *lock) { release(lock, "mutex_unlock"); }
