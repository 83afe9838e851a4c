// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// FrozenQueue: a disk's request queue, frozen (blk_mq_freeze_queue). While it lives, every
// request of the disk that had entered the queue has ended, and new I/O waits to enter until
// the FrozenQueue ends: no operation of the disk runs for a request (queue_rq, queue_rqs,
// complete, timeout, poll), so state the I/O path reads can be changed under the driver's own
// lock without a request seeing half of it (what loop does to change its backing file).
//
// Made by GenDisk::freeze(), which sleeps until the queue has drained; ended only by its
// destructor, at the end of the scope that made it, which unfreezes. It is neither copied nor
// moved: a freeze belongs to the task that made it. Lockdep counts it as a lock the task holds
// (from 6.13, and in 6.12's later stable releases), and the task allocates as with GFP_NOIO
// until the unfreeze (memalloc_noio: reclaim may not write to the frozen disk and wait for
// it; the kernel does this from 6.14, the C side before). So the task that froze is the one
// that unfreezes, once. Freezes nest: each FrozenQueue is one level.
//
// Meanwhile, never: wait for I/O of the same disk (it waits for the unfreeze: a deadlock);
// freeze from an operation of the disk, whose own request the freeze would wait for; freeze a
// disk quiesced with requests waiting (they cannot end until the unquiesce); change the queues
// of its tag set (TagSet::update_nr_hw_queues) or build or drop a disk on it: the kernel takes
// the tag set's locks and then freezes its queues, and lockdep reports the reverse order. The
// model reports each of these. A FrozenQueue lives within the life of its GenDisk, as a lock
// guard within that of its lock.
#pragma once

#include <blkmq/sys.h>

namespace blkmq {

template <class Ops>
class GenDisk;

class [[nodiscard]] FrozenQueue {
public:
	FrozenQueue(const FrozenQueue &) = delete;
	FrozenQueue &operator=(const FrozenQueue &) = delete;
	~FrozenQueue() {
		if (disk_)
			blkmq_disk_unfreeze(disk_, memflags_);
	}

private:
	template <class>
	friend class GenDisk;

	// @disk is null for an empty GenDisk, whose freeze was reported and did nothing.
	explicit FrozenQueue(gendisk *disk) noexcept : disk_(disk), memflags_(disk ? blkmq_disk_freeze(disk) : 0) {}

	gendisk *const disk_;
	// What the freeze saved of the task's allocation flags, for the unfreeze to restore.
	const unsigned int memflags_;
};

} // namespace blkmq
