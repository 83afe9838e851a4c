/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the module's C glue (module parameters, module_init) hands the C++ driver.
 * Module parameters are C macros, so they stay in nullblk_mod.c; everything else is C++.
 */
#ifndef NULLBLK_H
#define NULLBLK_H

/*
 * The driver's names. The default build is nullb_cpp.ko with disks nullb_cpp<N> and the configfs
 * subsystem nullb_cpp, so that it loads beside C null_blk. The drop-in build (Kbuild:
 * NULLBLK_DROP_IN=y) is null_blk.ko with C null_blk's: disks nullb<N>, /sys/kernel/config/nullb,
 * /sys/module/null_blk, messages "null_blk: ", so that what drives C null_blk drives it unchanged.
 * The module's name is Kbuild's (KBUILD_MODNAME); these are what the driver names itself.
 */
#ifdef NULLBLK_DROP_IN
#define NULLBLK_NAME "nullb" /* disks NULLBLK_NAME<N>, the configfs subsystem */
#define NULLBLK_PR_PREFIX "null_blk: "
#else
#define NULLBLK_NAME "nullb_cpp"
#define NULLBLK_PR_PREFIX "nullb_cpp: "
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct nullblk_params {
	unsigned int nr_devices;
	unsigned long gb;
	unsigned int bs;
	unsigned int submit_queues;
	unsigned int poll_queues;
	unsigned int hw_queue_depth;
	unsigned int irqmode;
	unsigned long completion_nsec;
	BLKMQ_BOOL rotational;
	BLKMQ_BOOL memory_backed;
	BLKMQ_BOOL discard;
	unsigned long cache_size; /* MiB of write-back cache, for memory_backed */
	BLKMQ_BOOL fua;           /* FUA honoured by the driver with cache_size, else emulated */
	BLKMQ_BOOL virt_boundary; /* segments split at page boundaries */
	unsigned int mbps;        /* bandwidth limit, MiB/s; 0: none */
	/* Fault injection, "<interval>,<probability>,<space>,<times>"; "" for none (and on kernels
	 * without fault injection, which have no such parameters). */
	const char *timeout;
	const char *requeue;
	const char *init_hctx;
	BLKMQ_BOOL blocking;
	BLKMQ_BOOL shared_tags;       /* one tag set for all devices */
	BLKMQ_BOOL shared_tag_bitmap; /* one tag space for all hardware queues of a tag set */
	int no_sched;
	unsigned int queue_mode;
	int home_node;               /* -1: NUMA_NO_NODE */
	BLKMQ_BOOL home_node_online; /* node_online(home_node), for a node in range */
	BLKMQ_BOOL use_per_node_hctx;
	unsigned int max_sectors;
	/* A configfs group's only (C null_blk's badblocks_once, badblocks_partial_io): how a
	 * request that touches a bad block ends. */
	BLKMQ_BOOL badblocks_once;
	BLKMQ_BOOL badblocks_partial_io;
	unsigned int nr_cpu_ids;
	unsigned int nr_online_nodes;
};

/* 0 or a negative errno; on error nothing is left registered. */
int nullblk_init(const struct nullblk_params *given);
void nullblk_exit(void);

#ifdef __cplusplus
}
#endif

#endif /* NULLBLK_H */
