// SPDX-License-Identifier: GPL-2.0 OR MIT
// A HwQueue is a view of the kernel's hardware context, valid for one callback: it cannot be
// copied out.
// expect: deleted (function|constructor).*HwQueue
#include "../sample_ops.hpp"

unsigned int driver_code(blkmq::HwQueue<Ops> &queue) {
#ifndef BLKMQ_CONTROL
	blkmq::HwQueue<Ops> copy = queue;
#else
	const blkmq::HwQueue<Ops> &copy = queue;
#endif
	return copy.index();
}
