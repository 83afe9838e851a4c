// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk's disks: the settings a disk is made from (nullblk_params: the module's parameters,
// or a configfs group's files), their checks, and the driver's table of the disks that exist.
//
// Driver holds every disk, at its index (the N of nullb_cpp<N> for the module's disks): the
// module's own from init to exit, a configfs group's from power=1 to power=0 or rmdir. It is
// only reached from init, exit and configfs's calls, which the subsystem's mutex serialises
// and which cannot overlap init or exit (configfs/subsystem.hpp), so it needs no lock.
//
// Included by nullblk.cpp alone, so its names have internal linkage (an unnamed namespace, as
// `static` in C): the compiler sees every caller, and inlines the I/O path as in one file.
#pragma once

#include <blkmq/blkmq.hpp>

#include "nullblk.h"
#include "ops.hpp"
#include "throttle.hpp"

#include <cstdint>
#include <utility>

namespace nullblk {
namespace {

using namespace blkmq;

constexpr unsigned int max_irqmode = 2;
constexpr unsigned int max_devices = 32;
// blk-mq's own limit (BLK_MQ_MAX_DEPTH).
constexpr unsigned int max_queue_depth = 10240;
// Keeps the size in bytes well inside 64 bits: 1 PiB.
constexpr unsigned long max_gb = 1ul << 20;
constexpr unsigned long max_size_mb = max_gb << 10;
// C null_blk's cap on cache_size, which keeps it in bytes within an unsigned long.
constexpr unsigned long max_cache_size = ~0ul >> 20;

// C null_blk's queue_mode values: only blk-mq is left.
enum class QueueMode : unsigned int {
	Bio = 0, // gone; taken as Mq, with C's message
	Rq = 1,  // gone; refused
	Mq = 2,
};

// Where settings come from, for the messages that name a wrong one: the module's parameters
// ("nullb_cpp: bs=1000: ...") or a configfs group's files ("nullb_cpp: disk: blocksize=1000:
// ..."), whose names differ only for the block size.
struct SettingNames {
	const char *prefix;     // "" or the group's name and ": "
	const char *block_size; // "bs" or "blocksize"
};
constexpr SettingNames module_parameter_names = {"", "bs"};

struct Device {
	Device(Option<TagSet<Ops>> &&own_tag_set, GenDisk<Ops> &&disk, const char *name) noexcept
	    : own_tag_set(std::move(own_tag_set)), disk(std::move(disk)) {
		scnprintf(this->name, sizeof(this->name), "%s", name);
	}

	// Empty with shared_tags=1. The disk holds its tag set, whichever of them goes first.
	Option<TagSet<Ops>> own_tag_set;
	GenDisk<Ops> disk;
	char name[GenDiskBuilder::max_name_length + 1]; // the disk's
};

struct Driver {
	explicit Driver(const nullblk_params &given) noexcept : given(given) {}

	// The module's parameters as given (a configfs group starts from them, as C null_blk's
	// groups start from its parameters) and as used: the shared tag set is made from these.
	nullblk_params given;
	nullblk_params params{};
	// Made with the first disk that uses it (shared_tags=1), kept until exit.
	Option<TagSet<Ops>> shared_tag_set;
	Option<Device> devices[max_devices];
};

// The fault of one parameter, or the error that names it.
Result<FaultInjection> fault_from(const char *parameter, const char *spec) {
	Result<FaultInjection> fault = FaultInjection::create(spec);
	if (!fault)
		blkmq_pr_err(NULLBLK_PR_PREFIX "%s=%s: must be <interval>,<probability>,<space>,<times>\n", parameter,
			     spec);
	return fault;
}

Result<Faults> faults_from(const nullblk_params &params) {
	Result<FaultInjection> timeout = fault_from("timeout", params.timeout);
	if (!timeout)
		return timeout.error();
	Result<FaultInjection> requeue = fault_from("requeue", params.requeue);
	if (!requeue)
		return requeue.error();
	Result<FaultInjection> init_hctx = fault_from("init_hctx", params.init_hctx);
	if (!init_hctx)
		return init_hctx.error();
	return Faults{std::move(timeout).value(), std::move(requeue).value(), std::move(init_hctx).value()};
}

// The settings as the driver uses them: what C null_blk changes on its own (queue_mode=0,
// use_per_node_hctx, cache_size, mbps) is changed here, with C's messages where it has them;
// nothing else is.
nullblk_params effective(const nullblk_params &params) {
	nullblk_params used = params;
	if (!params.memory_backed && params.cache_size != 0) {
		// C null_blk drops it without a word: "cache is meaningless".
		blkmq_pr_info(NULLBLK_PR_PREFIX "cache_size option is ignored without memory backing\n");
		used.cache_size = 0;
	}
	if (used.cache_size > max_cache_size)
		used.cache_size = max_cache_size;
	if (used.mbps > Throttle::max_mbps)
		used.mbps = Throttle::max_mbps;
	if (params.queue_mode == static_cast<unsigned int>(QueueMode::Bio)) {
		blkmq_pr_info(NULLBLK_PR_PREFIX "BIO-based IO path is no longer available, using blk-mq instead.\n");
		used.queue_mode = static_cast<unsigned int>(QueueMode::Mq);
	}
	if (params.use_per_node_hctx && params.submit_queues != params.nr_online_nodes) {
		blkmq_pr_info(NULLBLK_PR_PREFIX "submit_queues param is set to %u.\n", params.nr_online_nodes);
		used.submit_queues = params.nr_online_nodes;
	}
	return used;
}

// A tag set from the settings: each disk's, or the one of all with shared_tags=1.
Result<TagSet<Ops>> make_tag_set(const nullblk_params &params) {
	return TagSet<Ops>::create({
		.nr_hw_queues = params.submit_queues,
		.poll_queues = params.poll_queues,
		.queue_depth = params.hw_queue_depth,
		.numa_node = params.home_node,
		.timeout_ms = 5000, // as C null_blk's set->timeout = 5 * HZ
		// As C null_blk: "Do memory allocation, so set blocking".
		.blocking = params.blocking || params.memory_backed,
		.shared_tags = params.shared_tag_bitmap,
		.no_sched = params.no_sched != 0,
	});
}

// The submit queues a disk may have, at load, at power-on and when changed live: one to a CPU.
Result<void> check_submit_queues(unsigned int submit_queues, unsigned int nr_cpu_ids, const char *prefix) {
	if (submit_queues == 0 || submit_queues > nr_cpu_ids) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%ssubmit_queues=%u: must be 1 to %u (the number of CPUs)\n", prefix,
			     submit_queues, nr_cpu_ids);
		return Error::invalid_argument();
	}
	return {};
}

// Checks every setting of a disk but its size and says which one is wrong, before anything
// is made.
Result<void> validate_device(const nullblk_params &params, const SettingNames &names) {
	const char *prefix = names.prefix;
	if (!GenDiskBuilder::is_block_size(params.bs)) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%s%s=%u: must be a power of two from 512 to %u\n", prefix,
			     names.block_size, params.bs, BLKMQ_PAGE_SIZE);
		return Error::invalid_argument();
	}
	BLKMQ_TRY(check_submit_queues(params.submit_queues, params.nr_cpu_ids, prefix));
	if (params.poll_queues > params.nr_cpu_ids) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%spoll_queues=%u: must be 0 to %u (the number of CPUs)\n", prefix,
			     params.poll_queues, params.nr_cpu_ids);
		return Error::invalid_argument();
	}
	if (params.hw_queue_depth == 0 || params.hw_queue_depth > max_queue_depth) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%shw_queue_depth=%u: must be 1 to %u\n", prefix, params.hw_queue_depth,
			     max_queue_depth);
		return Error::invalid_argument();
	}
	if (params.queue_mode != static_cast<unsigned int>(QueueMode::Mq)) {
		blkmq_pr_err(NULLBLK_PR_PREFIX
			     "%squeue_mode=%u: must be 2 (multi-queue) or 0 (bio, no longer available: "
			     "taken as 2); the legacy request path (1) is no longer available\n",
			     prefix, params.queue_mode);
		return Error::invalid_argument();
	}
	if (params.home_node != -1 && !params.home_node_online) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%shome_node=%d: must be -1 (none) or an online node\n", prefix,
			     params.home_node);
		return Error::invalid_argument();
	}
	constexpr unsigned int min_max_sectors = BLKMQ_PAGE_SIZE / 512;
	if (params.max_sectors != 0 && params.max_sectors < min_max_sectors) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%smax_sectors=%u: must be 0 (the block layer's default) or at least %u "
					       "(a page)\n",
			     prefix, params.max_sectors, min_max_sectors);
		return Error::invalid_argument();
	}
	if (params.irqmode > max_irqmode) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%sirqmode=%u: must be 0 (none), 1 (softirq) or 2 (timer)\n", prefix,
			     params.irqmode);
		return Error::invalid_argument();
	}
	if (Result<Faults> faults = faults_from(params); !faults)
		return faults.error();
	if (params.discard && !params.memory_backed)
		blkmq_pr_info(NULLBLK_PR_PREFIX "discard option is ignored without memory backing\n");
	return {};
}

// The module's parameters: how many disks and their size, then what every disk is checked for.
Result<void> validate_module(const nullblk_params &params) {
	// 0 is allowed, as in C null_blk: the disks are then made through configfs.
	if (params.nr_devices > max_devices) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "nr_devices=%u: must be 0 to %u\n", params.nr_devices, max_devices);
		return Error::invalid_argument();
	}
	if (params.gb == 0 || params.gb > max_gb) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "gb=%lu: must be 1 to %lu\n", params.gb, max_gb);
		return Error::invalid_argument();
	}
	return validate_device(params, module_parameter_names);
}

// Whether a disk named @name exists.
bool has_disk_named(const Driver &driver, const char *name) {
	for (const Option<Device> &device : driver.devices)
		if (device && __builtin_strcmp(device->name, name) == 0)
			return true;
	return false;
}

// The lowest index no disk has, if any is left.
Option<unsigned int> free_index(const Driver &driver) {
	for (unsigned int index = 0; index < max_devices; ++index)
		if (!driver.devices[index])
			return index;
	return {};
}

// Makes a disk of @size_mb MiB at the free @index from validated, effective @params, named
// @name (at most 31 characters) or, if that is null, nullb_cpp<index>, whose requests fail
// where @bad_blocks (a configfs group's table, which outlives the disk; null: none yet) says.
Result<void> add_device(Driver &driver, unsigned int index, const nullblk_params &params, unsigned long size_mb,
			const char *name, const BadBlocks *bad_blocks) {
	// Each disk's own, as in C null_blk on 7.x: a fault's count of times is per disk.
	Result<Faults> faults = faults_from(params);
	if (!faults)
		return faults.error();
	if (params.shared_tags && !driver.shared_tag_set) {
		Result<TagSet<Ops>> shared = make_tag_set(driver.params);
		if (!shared)
			return shared.error();
		driver.shared_tag_set = std::move(shared).value();
	}
	Option<TagSet<Ops>> own_tag_set;
	if (!params.shared_tags) {
		Result<TagSet<Ops>> created = make_tag_set(params);
		if (!created)
			return created.error();
		own_tag_set = std::move(created).value();
	}
	const TagSet<Ops> &tag_set = own_tag_set ? *own_tag_set : *driver.shared_tag_set;
	char disk_name[GenDiskBuilder::max_name_length + 1];
	if (name)
		scnprintf(disk_name, sizeof(disk_name), "%s", name);
	else
		scnprintf(disk_name, sizeof(disk_name), NULLBLK_NAME "%u", index);
	GenDiskBuilder builder;
	builder.name(disk_name)
		.capacity_sectors(std::uint64_t{size_mb} << (20 - 9))
		.logical_block_size(params.bs)
		.rotational(params.rotational)
		.max_hw_sectors(params.max_sectors)
		.virt_boundary(params.virt_boundary ? Page::size : 0)
		.dma_alignment(2) // direct I/O from any even address, as C null_blk from 6.19 on
		.no_partitions()  // as C null_blk's
		// C null_blk's limit: all a 32-bit byte count can carry.
		.max_discard_sectors(params.memory_backed && params.discard ? UINT32_MAX >> 9 : 0);
	if (params.cache_size != 0)
		builder.volatile_write_cache(params.fua ? Fua::Supported : Fua::Emulated);
	Result<GenDisk<Ops>> disk = builder.build(tag_set, params, std::move(faults).value(), bad_blocks);
	if (!disk)
		return disk.error(); // own_tag_set is destroyed on return
	driver.devices[index].emplace(std::move(own_tag_set), std::move(disk).value(), disk_name);
	return {};
}

} // namespace
} // namespace nullblk
