// SPDX-License-Identifier: GPL-2.0 OR MIT
// A freeze belongs to the task that made it (memalloc_noio, lockdep): its FrozenQueue cannot
// be moved out of the scope that froze the queue.
// expect: deleted (function|constructor).*FrozenQueue
#include "../sample_ops.hpp"

#include <utility>

void driver_code(const blkmq::GenDisk<Ops> &disk) {
	blkmq::FrozenQueue frozen = disk.freeze();
#ifndef BLKMQ_CONTROL
	blkmq::FrozenQueue moved = std::move(frozen);
#endif
}
