// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// QuiescedQueue: a disk's request queue, quiesced (blk_mq_quiesce_queue). While it lives, no
// queue_rq or queue_rqs of the disk runs: those running when it was made have returned, and
// requests submitted meanwhile wait in the block layer, dispatched when it ends. Requests the
// driver already holds are its own as before: they may end, time out, be polled or requeued
// (a requeued request waits too). What a driver quiesces for: to change what queue_rq reads
// while requests stay in flight (a reconnect, a reset), where a freeze would wait for them.
//
// Made by GenDisk::quiesce(), which sleeps until the running dispatches return; ended by its
// destructor, which unquiesces and runs the disk's queues. Unlike a freeze, a quiesce is not
// the task's: a QuiescedQueue may be moved, to a work item that ends it later, say; the one
// moved from no longer holds the queue. Quiesces nest: each QuiescedQueue is one level.
//
// Never quiesce from queue_rq or queue_rqs of the same disk (the quiesce waits for it to
// return), and never freeze the disk, delete it or change its tag set's queues while requests
// wait on the quiesce: each waits for them, and they wait for the unquiesce. A QuiescedQueue
// lives within the life of its GenDisk.
#pragma once

#include <blkmq/sys.h>

#include <utility>

namespace blkmq {

template <class Ops>
class GenDisk;

class [[nodiscard]] QuiescedQueue {
public:
	QuiescedQueue(QuiescedQueue &&other) noexcept : disk_(std::exchange(other.disk_, nullptr)) {}
	QuiescedQueue(const QuiescedQueue &) = delete;
	QuiescedQueue &operator=(const QuiescedQueue &) = delete;
	QuiescedQueue &operator=(QuiescedQueue &&) = delete;
	~QuiescedQueue() {
		if (disk_)
			blkmq_disk_unquiesce(disk_);
	}

private:
	template <class>
	friend class GenDisk;

	// @disk is null for an empty GenDisk, whose quiesce was reported and did nothing.
	explicit QuiescedQueue(gendisk *disk) noexcept : disk_(disk) {
		if (disk_)
			blkmq_disk_quiesce(disk_);
	}

	gendisk *disk_;
};

} // namespace blkmq
