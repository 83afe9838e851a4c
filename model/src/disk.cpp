// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Disks: allocation (with a hardware context per queue, init_hctx for each), add,
// delete and put, with the order the kernel requires checked.
#include "internal.hpp"

#include <atomic>
#include <bit>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <thread>

namespace blkmq::model {
namespace {
std::mutex disks_mutex;
std::vector<gendisk *> added_disks;
std::atomic<std::size_t> disks{0};

// blk_validate_block_size(): the model checks what the kernel would, apart from the library's
// own check, which it is there to verify.
bool valid_block_size(unsigned int bytes) {
	return bytes >= 512 && bytes <= BLKMQ_PAGE_SIZE && std::has_single_bit(bytes);
}

// The map that queue @qid belongs to (BLKMQ_HCTX_TYPE_*, the model's numbers). Zero, which
// is none of them, would be read in init_hctx, where the kernel has not set it either (it is
// the kernel's HCTX_TYPE_DEFAULT, which the library never compares with a model type).
unsigned short type_of_queue(const blk_mq_tag_set &set, unsigned int qid) {
	constexpr unsigned short types[3] = {BLKMQ_HCTX_TYPE_DEFAULT, BLKMQ_HCTX_TYPE_READ, BLKMQ_HCTX_TYPE_POLL};
	for (unsigned int i = 0; i < set.nr_maps; ++i)
		if (qid >= set.maps[i].queue_offset && qid < set.maps[i].queue_offset + set.maps[i].nr_queues)
			return types[i];
	record_violation("map_queues: queue " + std::to_string(qid) + " is in no map");
	return 0; // no type: a test that reads it fails
}

// blk_mq_exit_queue(): every exit_hctx, and the queue leaves its tag set's list. The kernel
// runs it in del_gendisk for a disk that was added, and at the last put for one never added.
void exit_queue(gendisk &disk) {
	const std::lock_guard update(disk.set->update_mutex);
	exit_hctxs(disk, disk.hctxs.size());
	std::lock_guard lock(disk.set->mutex);
	std::erase(disk.set->disks, &disk);
	check_no_driver_freeze(*disk.set, "a disk leaving the tag set");
}

bool has_requests_in_flight(gendisk &disk) {
	std::lock_guard lock(disk.set->mutex);
	for (const auto &pool : disk.set->pools)
		for (const request *rq : pool)
			if (state_of(rq) != RqState::Free && rq->q == &disk.queue)
				return true;
	return false;
}
} // namespace

std::size_t live_disks() { return disks.load(); }

unsigned int init_hctxs(gendisk &disk) {
	blk_mq_tag_set &set = *disk.set;
	disk.hctxs.clear();
	for (unsigned int i = 0; i < set.nr_hw_queues; ++i) {
		auto hctx = std::make_unique<blk_mq_hw_ctx>();
		hctx->queue = &disk.queue;
		hctx->queue_num = i;
		if (set.ops->init_hctx && set.ops->init_hctx(hctx.get(), set.driver_data, i) != 0)
			return i;
		disk.hctxs.push_back(std::move(hctx));
	}
	return set.nr_hw_queues;
}

void exit_hctxs(gendisk &disk, std::size_t count) {
	for (std::size_t i = 0; i < count; ++i)
		if (disk.set->ops->exit_hctx)
			disk.set->ops->exit_hctx(disk.hctxs[i].get(), static_cast<unsigned int>(i));
	disk.hctxs.clear();
}

void map_hctxs(gendisk &disk) {
	for (unsigned int i = 0; i < disk.hctxs.size(); ++i)
		disk.hctxs[i]->type = type_of_queue(*disk.set, i);
}

gendisk *find_disk(std::string_view name) {
	std::lock_guard lock(disks_mutex);
	for (gendisk *disk : added_disks)
		if (disk->name == name)
			return disk;
	return nullptr;
}

unsigned int nr_hw_queues(const gendisk *disk) { return static_cast<unsigned int>(disk->hctxs.size()); }

unsigned short hw_queue_type(const gendisk *disk, unsigned int qid) { return disk->hctxs.at(qid)->type; }

const blkmq_disk_config &disk_config(const gendisk *disk) { return disk->config; }

} // namespace blkmq::model

namespace {
// blk_validate_limits() (6.9 on): rounded down to whole logical blocks, at least one page;
// 0 means the default.
bool valid_max_hw_sectors(const blkmq_disk_config &config) {
	if (config.max_hw_sectors == 0)
		return true;
	const unsigned int block_sectors = config.logical_block_size / 512;
	return config.max_hw_sectors / block_sectors * block_sectors >= BLKMQ_PAGE_SIZE / 512;
}

// The segment limits blk_validate_limits() checks, the strictest kernel's: a virtual boundary
// with a segment size WARNs on 6.1 (boundary first) and was refused during 6.9's release
// candidates.
bool valid_segment_limits(const blkmq_disk_config &config) {
	const unsigned long mask = config.virt_boundary_mask;
	if (config.max_segments > 0xffff)
		return false;
	if (config.max_segment_size != 0 && config.max_segment_size < BLKMQ_PAGE_SIZE)
		return false;
	if (config.dma_alignment_mask >= BLKMQ_PAGE_SIZE || !std::has_single_bit(config.dma_alignment_mask + 1))
		return false;
	return mask == 0 || (mask >= 511 && std::has_single_bit(mask + 1) && config.max_segment_size == 0);
}
} // namespace

using namespace blkmq::model;

extern "C" int blkmq_disk_create(struct blk_mq_tag_set *set, void *queuedata, const struct blkmq_disk_config *config,
				 struct gendisk **out) {
	// The library validates all of this first: reaching the model invalid is its bug.
	if (!set || !config->name || std::string_view(config->name).empty() ||
	    std::string_view(config->name).size() > 31 || !valid_block_size(config->logical_block_size) ||
	    !valid_block_size(config->physical_block_size) ||
	    config->physical_block_size < config->logical_block_size || config->capacity_sectors == 0 ||
	    !valid_max_hw_sectors(*config) || !valid_segment_limits(*config) || (config->fua && !config->write_cache)) {
		record_violation("blkmq_disk_create: an invalid configuration reached the block layer");
		return -EINVAL;
	}
	if (take_injected_alloc_failure())
		return -ENOMEM;

	auto disk = std::make_unique<gendisk>();
	disk->set = set;
	disk->queue.disk = disk.get();
	disk->queue.queuedata = queuedata;
	disk->queue.tag_set = set;
	disk->config = *config;
	disk->name = config->name;
	disk->config.name = disk->name.c_str();
	// Its queues made and the disk on the set's list with no update in between
	// (blk_mq_init_allocated_queue() and blk_mq_add_queue_tag_set()).
	const std::lock_guard update(set->update_mutex);
	if (const unsigned int made = init_hctxs(*disk); made < set->nr_hw_queues) {
		exit_hctxs(*disk, made);
		// blk_mq_init_allocated_queue() fails with -ENOMEM whatever init_hctx returned.
		return -ENOMEM;
	}
	// After every init_hctx: until then each queue reads as a default one.
	map_hctxs(*disk);
	{
		std::lock_guard lock(set->mutex);
		check_no_driver_freeze(*set, "a disk joining the tag set");
		set->disks.push_back(disk.get());
		++set->refs;
	}
	++disks;
	*out = disk.release();
	return 0;
}

extern "C" int device_add_disk(struct device *, struct gendisk *disk, const struct attribute_group **) {
	if (disk->added) {
		record_violation("device_add_disk: the disk was added already");
		return -EINVAL;
	}
	if (const int err = take_injected_add_disk_failure())
		return err;
	std::lock_guard lock(disks_mutex);
	for (const gendisk *other : added_disks)
		if (other->name == disk->name)
			return -EEXIST;
	added_disks.push_back(disk);
	disk->added = true;
	return 0;
}

extern "C" void del_gendisk(struct gendisk *disk) {
	if (!disk->added || disk->deleted) {
		record_violation("del_gendisk: the disk is not added, or was deleted already");
		return;
	}
	{
		std::lock_guard lock(disks_mutex);
		std::erase(added_disks, disk);
	}
	{
		const std::lock_guard lock(disk->set->mutex);
		if (disk->driver_freezes != 0 || disk->quiesce_depth != 0)
			record_violation("del_gendisk: the disk's queue is frozen or quiesced by the driver (a "
					 "FrozenQueue or QuiescedQueue outlives its GenDisk)");
	}
	disk->deleted = true;
	// del_gendisk freezes the queue: in-flight I/O drains first.
	const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
	while (has_requests_in_flight(*disk)) {
		if (std::chrono::steady_clock::now() > deadline) {
			record_violation("del_gendisk: requests of the disk were never ended");
			break;
		}
		std::this_thread::sleep_for(std::chrono::milliseconds(1));
	}
	exit_queue(*disk);
}

// blk_mq_freeze_queue(): one level more, then a wait until no request of the disk is in
// flight (nor held by a timeout handler). A freeze that never drains is reported after 10 s,
// not left to hang: a freeze from the disk's own I/O path waits for itself, and one of a
// quiesced disk with requests waiting waits for the unquiesce. Under the update lock, which
// keeps the pools it reads from being rebuilt.
extern "C" unsigned int blkmq_disk_freeze(struct gendisk *disk) {
	check_may_sleep("blk_mq_freeze_queue");
	blk_mq_tag_set *set = disk->set;
	const std::lock_guard update(set->update_mutex);
	std::unique_lock lock(set->mutex);
	++disk->freeze_depth;
	++disk->driver_freezes;
	auto drained = [&] {
		for (const auto &pool : set->pools)
			for (const request *rq : pool)
				if (rq->q == &disk->queue &&
				    (state_of(rq) != RqState::Free || ModelRequest::of(rq).timeout_refs != 0))
					return false;
		return true;
	};
	if (!set->request_ended.wait_for(lock, std::chrono::seconds(10), drained))
		record_violation("blk_mq_freeze_queue: waited 10 s for requests of the disk that never ended "
				 "(frozen from its own I/O path, or while quiesced with requests waiting?)");
	return 0;
}

extern "C" void blkmq_disk_unfreeze(struct gendisk *disk, unsigned int /*memflags*/) {
	check_may_sleep("blk_mq_unfreeze_queue"); // it takes the queue's mq_freeze_lock, a mutex
	blk_mq_tag_set *set = disk->set;
	const std::lock_guard lock(set->mutex);
	if (disk->driver_freezes == 0) {
		record_violation("blk_mq_unfreeze_queue: the queue is not frozen by the driver");
		return;
	}
	--disk->driver_freezes;
	if (--disk->freeze_depth == 0)
		set->unfrozen.notify_all();
}

extern "C" void put_disk(struct gendisk *disk) {
	if (disk->added && !disk->deleted) {
		record_violation("put_disk: the disk is still added (del_gendisk first)");
		// Unlist it anyway: the disk is freed below, and a dangling entry would make
		// every later find_disk() and device_add_disk() read freed memory.
		std::lock_guard lock(disks_mutex);
		std::erase(added_disks, disk);
	}
	if (!disk->deleted)
		exit_queue(*disk);
	{
		// The disk's release cancels its queue's work synchronously (blk_mq_cancel_work_sync):
		// a requeue work whose queue_rq ended the last request may still be leaving the gate.
		std::unique_lock lock(disk->set->mutex);
		disk->set->dispatch_gate.wait(lock, [&] { return disk->dispatching == 0; });
	}
	--disks;
	delete disk;
}

extern "C" void blkmq_disk_put(struct gendisk *disk) {
	blk_mq_tag_set *set = disk->set;
	put_disk(disk);
	blkmq_tag_set_put(set);
}
