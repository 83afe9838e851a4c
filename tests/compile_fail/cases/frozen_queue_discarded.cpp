// SPDX-License-Identifier: GPL-2.0 OR MIT
// A freeze is held for a scope: one whose FrozenQueue is dropped at once unfreezes at once,
// and protects nothing.
// expect: unused-result
#include "../sample_ops.hpp"

void driver_code(const blkmq::GenDisk<Ops> &disk) {
#ifndef BLKMQ_CONTROL
	disk.freeze();
#else
	const blkmq::FrozenQueue frozen = disk.freeze();
#endif
}
