// SPDX-License-Identifier: GPL-2.0 OR MIT
// A SpinLock's data is reached only through the guard that holds the lock.
// expect: data_.*is (a )?private
#include "../sample_ops.hpp"

struct Counter {
	int value = 0;
};

int driver_code(const blkmq::SpinLock<Counter> &lock) {
#ifndef BLKMQ_CONTROL
	return lock.data_.value;
#else
	return lock.lock()->value;
#endif
}
