// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A RAM disk on blkmq: the example to start from for a driver that moves data.
//
// One disk, blkmq_ram0, whose data lives in a PageStore: pages are allocated as they are
// first written and freed by discard or at unload; what was never written reads as zeros.
// Every request is served in queue_rq: its segments (Request::segments(), one page range
// at a time) are copied to or from the store under the store's lock, and the request ends
// there. The tag set is blocking (queue_rq may sleep), as C null_blk's is when memory-backed,
// so that pages are allocated as for any I/O (Gfp::NoIo) under a Mutex. With use_work=1 the
// tag set is not blocking, and queue_rq hands each request to its work item instead, which
// serves it in process context (Ops::work), as a driver does whose queue_rq must not sleep.
// docs/data.md shows the loop PageStore::serve() runs, for data kept elsewhere.
#include <blkmq/blkmq.hpp>

#include "ramdisk.h"

#include <cstdint>
#include <utility>

namespace ramdisk {
namespace {

using namespace blkmq;

constexpr unsigned long max_size_mb = 1ul << 20; // 1 TiB

struct Ops {
	// The disk's data: built in place with the disk, freed after its last request.
	struct QueueData {
		explicit QueueData(bool use_work) noexcept : use_work(use_work) {}

		Mutex<PageStore> store;
		bool use_work;
	};

	static DispatchResult queue_rq(const HwQueue<Ops> &hw, OwnedRequest<Ops> rq, bool) {
		UniqueRequest<Ops> started = std::move(rq).start();
		if (hw.queue_data().use_work)
			std::move(started).queue_work(); // to Ops::work, in process context
		else
			serve(std::move(started)); // the tag set is blocking: queue_rq may sleep
		return DispatchResult::accepted();
	}

	static void work(UniqueRequest<Ops> rq) { serve(std::move(rq)); }

	// Reads, writes and discards, segment by segment, sleeping on the mutex and in
	// allocations for I/O (Gfp::NoIo), which only process context or a blocking queue_rq may.
	static void serve(UniqueRequest<Ops> rq) {
		Status status = Status::ok();
		{
			auto store = rq->queue_data().store.lock();
			status = store->serve(*rq, Gfp::NoIo);
		}
		std::move(rq).end(status);
	}
};

struct Device {
	TagSet<Ops> tag_set;
	GenDisk<Ops> disk;
};

// The module's only global: constant-initialised (the kernel runs no C++ constructors).
constinit Device *the_device = nullptr;

Result<Box<Device>> create(unsigned long size_mb, bool use_work) {
	Result<TagSet<Ops>> tag_set =
		TagSet<Ops>::create({.nr_hw_queues = 1, .queue_depth = 64, .blocking = !use_work});
	if (!tag_set)
		return tag_set.error();
	Result<GenDisk<Ops>> disk = GenDiskBuilder()
					    .name("blkmq_ram", 0)
					    .capacity_sectors(std::uint64_t{size_mb} << (20 - 9))
					    .max_discard_sectors(UINT32_MAX >> 9)
					    .build(tag_set.value(), use_work);
	if (!disk)
		return disk.error();
	return Box<Device>::create(std::move(tag_set).value(), std::move(disk).value());
}

} // namespace
} // namespace ramdisk

extern "C" int ramdisk_init(unsigned long size_mb, bool use_work) {
	using namespace ramdisk;
	if (size_mb == 0 || size_mb > max_size_mb) {
		blkmq_pr_err("blkmq_ramdisk: size_mb=%lu: must be 1 to %lu\n", size_mb, max_size_mb);
		return Error::invalid_argument().to_errno();
	}
	Result<Box<Device>> created = create(size_mb, use_work);
	if (!created)
		return created.error().to_errno();
	the_device = std::move(created).value().into_raw();
	return 0;
}

extern "C" void ramdisk_exit() {
	using namespace ramdisk;
	(void)Box<Device>::from_raw(std::exchange(the_device, nullptr));
}
