// SPDX-License-Identifier: GPL-2.0 OR MIT
// A GenDisk owns an added disk: a copy would delete and put it twice.
// expect: deleted (function|constructor).*GenDisk
#include "../sample_ops.hpp"

void driver_code(blkmq::GenDisk<Ops> &disk) {
#ifndef BLKMQ_CONTROL
	blkmq::GenDisk<Ops> other = disk;
#else
	blkmq::GenDisk<Ops> other = std::move(disk);
#endif
}
