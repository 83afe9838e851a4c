// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Mutex<T>: Lock<T, Kind> (sync/lock.hpp) on the kernel's struct mutex.
//
// A holder waiting for a Mutex sleeps, and may sleep while holding it (allocate with
// Gfp::NoIo, wait for I/O). So it is for process context only: setup and teardown, work
// items, and the operations of a blocking tag set (TagSetConfig::blocking: queue_rq may then
// sleep). In a non-blocking queue_rq, in Ops::complete or in a timer, it is a bug that debug
// kernels report ("sleeping function called from invalid context").
#pragma once

#include <blkmq/sync/lock.hpp>

namespace blkmq {
namespace detail {

struct MutexKind {
	static constexpr unsigned long size = BLKMQ_MUTEX_SIZE;
	static constexpr unsigned long align = BLKMQ_MUTEX_ALIGN;
	struct State {};
	static void init(void *lock, const char *name, lock_class_key *key) noexcept {
		blkmq_mutex_init(lock, name, key);
	}
	static State acquire(void *lock) noexcept {
		blkmq_mutex_lock(lock);
		return {};
	}
	static void release(void *lock, State) noexcept { blkmq_mutex_unlock(lock); }
};

} // namespace detail

template <class T>
using Mutex = Lock<T, detail::MutexKind>;

} // namespace blkmq
