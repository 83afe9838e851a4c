// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The module's C glue: module parameters and init/exit are kernel macros, so they are
 * declared here and handed to the C++ driver (nullblk.cpp). Defaults are C null_blk's.
 */
#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/nodemask.h>
#include <linux/numa.h>

#include <blkmq/sys.h>

#include "nullblk.h"

static unsigned int nr_devices = 1;
module_param(nr_devices, uint, 0444);
MODULE_PARM_DESC(nr_devices, "Number of devices to register (0 to 32)");

static unsigned long gb = 250;
module_param(gb, ulong, 0444);
MODULE_PARM_DESC(gb, "Size in GiB");

static unsigned int bs = 512;
module_param(bs, uint, 0444);
MODULE_PARM_DESC(bs, "Block size in bytes: a power of two from 512 to the page size");

static unsigned int submit_queues = 1;
module_param(submit_queues, uint, 0444);
MODULE_PARM_DESC(submit_queues, "Number of hardware queues (1 to the number of CPUs)");

static unsigned int poll_queues = 1;
module_param(poll_queues, uint, 0444);
MODULE_PARM_DESC(poll_queues, "Number of IOPOLL submission queues");

static unsigned int hw_queue_depth = 64;
module_param(hw_queue_depth, uint, 0444);
MODULE_PARM_DESC(hw_queue_depth, "Queue depth of each hardware queue");

static unsigned int irqmode = 1;
module_param(irqmode, uint, 0444);
MODULE_PARM_DESC(irqmode, "IRQ completion handler. 0-none, 1-softirq, 2-timer");

static unsigned long completion_nsec = 10000;
module_param(completion_nsec, ulong, 0444);
MODULE_PARM_DESC(completion_nsec, "Time in ns to complete a request in hardware. Default: 10,000ns");

static bool rotational;
module_param(rotational, bool, 0444);
MODULE_PARM_DESC(rotational, "Report a rotational device");

static bool memory_backed;
module_param(memory_backed, bool, 0444);
MODULE_PARM_DESC(memory_backed, "Store the data written, in memory allocated as it is written (default: false)");

static bool discard;
module_param(discard, bool, 0444);
MODULE_PARM_DESC(discard, "Support discard operations (requires memory-backed null_blk device). Default: false");

static unsigned long cache_size;
module_param(cache_size, ulong, 0444);
MODULE_PARM_DESC(cache_size, "Cache size in MiB for memory-backed device. Default: 0 (none)");

static bool fua = true;
module_param(fua, bool, 0444);
MODULE_PARM_DESC(fua, "Enable/disable FUA support when cache_size is used. Default: true");

static bool virt_boundary;
module_param(virt_boundary, bool, 0444);
MODULE_PARM_DESC(virt_boundary, "Require a virtual boundary for the device. Default: False");

static unsigned int mbps;
module_param(mbps, uint, 0444);
MODULE_PARM_DESC(mbps, "Limit maximum bandwidth (in MiB/s). Default: 0 (no limit)");

static bool blocking;
module_param(blocking, bool, 0444);
MODULE_PARM_DESC(blocking, "Register as a blocking blk-mq driver device");

static bool shared_tags;
module_param(shared_tags, bool, 0444);
MODULE_PARM_DESC(shared_tags, "Share tag set between devices for blk-mq");

static bool shared_tag_bitmap;
module_param(shared_tag_bitmap, bool, 0444);
MODULE_PARM_DESC(shared_tag_bitmap, "Use shared tag bitmap for all submission queues for blk-mq");

static int no_sched;
module_param(no_sched, int, 0444);
MODULE_PARM_DESC(no_sched, "No io scheduler");

static unsigned int queue_mode = 2;
module_param(queue_mode, uint, 0444);
MODULE_PARM_DESC(queue_mode, "Block interface to use (0=bio,1=rq,2=multiqueue)");

static int home_node = NUMA_NO_NODE;
module_param(home_node, int, 0444);
MODULE_PARM_DESC(home_node, "Home node for the device");

static bool use_per_node_hctx;
module_param(use_per_node_hctx, bool, 0444);
MODULE_PARM_DESC(use_per_node_hctx, "Use per-node allocation for hardware context queues. Default: false");

static unsigned int max_sectors;
module_param(max_sectors, uint, 0444);
MODULE_PARM_DESC(max_sectors, "Maximum size of a command (in 512B sectors)");

#ifdef CONFIG_FAULT_INJECTION
/* As C null_blk's, where it has them (CONFIG_BLK_DEV_NULL_BLK_FAULT_INJECTION). */
static char g_timeout_str[80];
module_param_string(timeout, g_timeout_str, sizeof(g_timeout_str), 0444);
MODULE_PARM_DESC(timeout, "Fault injection. timeout=<interval>,<probability>,<space>,<times>");

static char g_requeue_str[80];
module_param_string(requeue, g_requeue_str, sizeof(g_requeue_str), 0444);
MODULE_PARM_DESC(requeue, "Fault injection. requeue=<interval>,<probability>,<space>,<times>");

static char g_init_hctx_str[80];
module_param_string(init_hctx, g_init_hctx_str, sizeof(g_init_hctx_str), 0444);
MODULE_PARM_DESC(init_hctx, "Fault injection to fail hctx init. init_hctx=<interval>,<probability>,<space>,<times>");
#else
static const char g_timeout_str[1], g_requeue_str[1], g_init_hctx_str[1];
#endif

static int __init nullblk_mod_init(void) {
	const struct nullblk_params params = {
		.nr_devices = nr_devices,
		.gb = gb,
		.bs = bs,
		.submit_queues = submit_queues,
		.poll_queues = poll_queues,
		.hw_queue_depth = hw_queue_depth,
		.irqmode = irqmode,
		.completion_nsec = completion_nsec,
		.rotational = rotational,
		.memory_backed = memory_backed,
		.discard = discard,
		.cache_size = cache_size,
		.fua = fua,
		.virt_boundary = virt_boundary,
		.mbps = mbps,
		.timeout = g_timeout_str,
		.requeue = g_requeue_str,
		.init_hctx = g_init_hctx_str,
		.blocking = blocking,
		.shared_tags = shared_tags,
		.shared_tag_bitmap = shared_tag_bitmap,
		.no_sched = no_sched,
		.queue_mode = queue_mode,
		.home_node = home_node,
		.home_node_online = home_node >= 0 && home_node < MAX_NUMNODES && node_online(home_node),
		.use_per_node_hctx = use_per_node_hctx,
		.max_sectors = max_sectors,
		.nr_cpu_ids = nr_cpu_ids,
		.nr_online_nodes = nr_online_nodes,
	};

	return nullblk_init(&params);
}

static void __exit nullblk_mod_exit(void) { nullblk_exit(); }

module_init(nullblk_mod_init);
module_exit(nullblk_mod_exit);

MODULE_DESCRIPTION("Null block device written in C++ on blkmq");
MODULE_LICENSE("Dual MIT/GPL");
