// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk: a null block device in C++, on blkmq, like C null_blk: requests end without data
// transfer, and the point is the cost of the block layer and the driver framework, and a
// driver to copy. irqmode picks where requests end: in queue_rq (0), in Ops::complete on the
// submitting CPU (1, the default) or in Ops::timer_expired completion_nsec later (2, a timer
// per request). Polled I/O goes to poll_queues extra queues (1, as C), where queue_rq keeps
// each request in its queue's list and Ops::poll ends it when the submitter polls. With
// memory_backed=1 each disk keeps what is written in a PageStore, as C
// null_blk's memory_backed mode does, and discard=1 lets it free it; cache_size=<MiB> puts a
// volatile write-back cache in front of it, which flushes empty and FUA writes (fua=1, the
// default) pass by. virt_boundary=1 has the block layer split segments at page boundaries,
// as for hardware with one descriptor per page, and mbps=<MiB/s> limits each disk's bandwidth.
// On kernels with fault
// injection, timeout=, requeue= and init_hctx= inject C null_blk's faults: a request left to
// the block layer's timeout, a request sent back (busy, or requeued), a queue that fails to
// initialise.
//
// Each device is a GenDisk named nullb_cpp<N> (C null_blk's are nullb<N>, so both can be
// loaded side by side) on its own TagSet, or, with shared_tags=1, on one TagSet for all.
// More are made and removed through configfs, under /sys/kernel/config/nullb_cpp, as C
// null_blk's are under /sys/kernel/config/nullb (configfs_tree.hpp). The drop-in build
// (NULLBLK_DROP_IN=y) takes C null_blk's names instead: null_blk.ko, nullb<N>, nullb
// (nullblk.h).
//
// The parts: throttle.hpp (mbps), ops.hpp (the blk-mq operations), device.hpp (settings,
// their checks, the table of disks), configfs_tree.hpp; here, the module's init and exit.
#include <blkmq/blkmq.hpp>

#include "configfs_tree.hpp"
#include "device.hpp"
#include "nullblk.h"
#include "ops.hpp"

#include <utility>

namespace nullblk {
namespace {

struct Module {
	explicit Module(Box<Driver> &&driver) noexcept : driver(std::move(driver)) {}

	Box<Driver> driver;
	// After the driver: unregistered before the disks go.
	Option<ConfigfsSubsystem<DeviceDirs>> configfs;
};

// The module's only global: constant-initialised, because the kernel never runs C++
// global constructors.
constinit Module *the_module = nullptr; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)

} // namespace
} // namespace nullblk

extern "C" int nullblk_init(const nullblk_params *given) {
	using namespace nullblk;
	const nullblk_params params = effective(*given);
	if (Result<void> valid = validate_module(params); !valid)
		return valid.error().to_errno();
	Result<Box<Driver>> created = Box<Driver>::create(*given);
	if (!created)
		return created.error().to_errno();
	Box<Driver> driver = std::move(created).value();
	driver->params = params;
	for (unsigned int i = 0; i < params.nr_devices; ++i) {
		if (Result<void> added =
			    add_device(*driver, i, params, params.gb << 10, /*name=*/nullptr, /*bad_blocks=*/nullptr);
		    !added) {
			blkmq_pr_err(NULLBLK_PR_PREFIX "adding device %u failed: %d\n", i, added.error().to_errno());
			return added.error().to_errno(); // driver removes the devices added so far
		}
	}
	Result<Box<Module>> module = Box<Module>::create(std::move(driver));
	if (!module)
		return module.error().to_errno();
	// Last: a mkdir may come as soon as it is registered, and nothing after it can fail.
	Result<ConfigfsSubsystem<DeviceDirs>> configfs =
		ConfigfsSubsystem<DeviceDirs>::create(NULLBLK_NAME, *module.value()->driver);
	if (!configfs) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "registering /sys/kernel/config/" NULLBLK_NAME " failed: %d\n",
			     configfs.error().to_errno());
		return configfs.error().to_errno();
	}
	module.value()->configfs = std::move(configfs).value();
	blkmq_pr_info(NULLBLK_PR_PREFIX
		      "%u device(s), %lu GiB, %u-byte blocks, %u queue(s) + %u poll queue(s) of depth %u, "
		      "irqmode %u%s%s, %lu MiB write cache, %lu PDU bytes per request\n",
		      params.nr_devices, params.gb, params.bs, params.submit_queues, params.poll_queues,
		      params.hw_queue_depth, params.irqmode, params.memory_backed ? ", memory-backed" : "",
		      params.memory_backed && params.discard ? ", discard" : "", params.cache_size,
		      TagSet<Ops>::request_pdu_bytes);
	the_module = std::move(module).value().into_raw();
	return 0;
}

extern "C" void nullblk_exit() {
	using namespace nullblk;
	(void)Box<Module>::from_raw(std::exchange(the_module, nullptr));
}
