/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * What the module's C glue (module parameters, module_init) hands the C++ driver.
 * Module parameters are C macros, so they stay in nullblk_mod.c; everything else is C++.
 */
#ifndef NULLBLK_H
#define NULLBLK_H

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
