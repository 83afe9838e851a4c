// SPDX-License-Identifier: GPL-2.0 OR MIT
// A quiesce is held until its QuiescedQueue ends: one dropped at once holds nothing back.
// expect: unused-result
#include "../sample_ops.hpp"

#include <utility>

blkmq::QuiescedQueue driver_code(const blkmq::GenDisk<Ops> &disk) {
#ifndef BLKMQ_CONTROL
	disk.quiesce();
#endif
	// Handed on, to end later elsewhere: what a QuiescedQueue allows.
	blkmq::QuiescedQueue quiesced = disk.quiesce();
	return quiesced;
}
