// SPDX-License-Identifier: GPL-2.0 OR MIT
// A lock is released in the scope that took it: its guard cannot be moved out of it.
// expect: deleted (function|constructor).*LockGuard
#include "../sample_ops.hpp"

struct Counter {
	int value = 0;
};

int driver_code(const blkmq::SpinLock<Counter> &lock) {
	auto guard = lock.lock();
#ifndef BLKMQ_CONTROL
	auto moved = std::move(guard);
	return moved->value;
#else
	return guard->value;
#endif
}
