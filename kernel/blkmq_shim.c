// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel side of the C boundary (include/blkmq/sys.h).
 *
 * Compiled by Kbuild with the real kernel headers, and including sys.h after them, so
 * every declaration the C++ library relies on is checked against the kernel's own: an
 * exported function declared with another signature, or an ops signature that differs
 * from the struct blk_mq_ops member the C++ thunk is stored into, fails this build.
 *
 * Only what C++ cannot reach lives here: macros (blk_mq_alloc_disk), static inlines
 * (blk_mq_tag_to_rq), THIS_MODULE, and what differs between kernel versions (the
 * queue-limits API of 6.9 and 6.11, the tag-set flags of 6.14, init_request's NUMA node
 * type; docs/kernel.md lists them). None of it is on the I/O path.
 */
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/build_bug.h>
#include <linux/err.h>
#include <linux/fault-inject.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/refcount.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/version.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

/* init_request's NUMA node parameter, as this kernel declares it (see sys.h). */
#define BLKMQ_NUMA_NODE_ARG                                                                                            \
	__typeof__(__builtin_choose_expr(                                                                              \
		__same_type(((struct blk_mq_ops *)NULL)->init_request,                                                 \
			    int (*)(struct blk_mq_tag_set *, struct request *, unsigned int, int)),                    \
		(int)0, (unsigned int)0))
/* queue_rqs' list, as this kernel declares it (see sys.h). */
#ifdef rq_list_peek
#define BLKMQ_RQ_LIST_HAS_TAIL 0
#else
#define BLKMQ_RQ_LIST_HAS_TAIL 1
#endif
#include <blkmq/sys.h>

/* The C++ thunks are stored straight into struct blk_mq_ops: their types must match. */
#define BLKMQ_CHECK_OP(member, fn_type)                                                                                \
	static_assert(__same_type(((struct blk_mq_ops *)NULL)->member, fn_type *),                                     \
		      "sys.h: " #fn_type " does not match struct blk_mq_ops." #member)
BLKMQ_CHECK_OP(queue_rq, blkmq_queue_rq_fn);
BLKMQ_CHECK_OP(commit_rqs, blkmq_commit_rqs_fn);
BLKMQ_CHECK_OP(queue_rqs, blkmq_queue_rqs_fn);
BLKMQ_CHECK_OP(timeout, blkmq_timeout_fn);
BLKMQ_CHECK_OP(poll, blkmq_poll_fn);
BLKMQ_CHECK_OP(complete, blkmq_complete_fn);
BLKMQ_CHECK_OP(init_hctx, blkmq_init_hctx_fn);
BLKMQ_CHECK_OP(exit_hctx, blkmq_exit_hctx_fn);
BLKMQ_CHECK_OP(map_queues, blkmq_map_queues_fn);
BLKMQ_CHECK_OP(init_request, blkmq_init_request_fn);
BLKMQ_CHECK_OP(exit_request, blkmq_exit_request_fn);
static_assert(sizeof(blkmq_status_t) == sizeof(blk_status_t), "blk_status_t is not a byte");

/* Disks get their block device operations here because only C sees THIS_MODULE. */
static const struct block_device_operations blkmq_fops = {
	.owner = THIS_MODULE,
};

struct request *blkmq_tag_to_rq(struct blk_mq_tag_set *set, unsigned int qid, unsigned int tag) {
	/* With BLK_MQ_F_TAG_HCTX_SHARED every set->tags[i] is the shared map. */
	if (qid >= set->nr_hw_queues || !set->tags[qid])
		return NULL;
	return blk_mq_tag_to_rq(set->tags[qid], tag);
}

/*
 * The tag set with what the kernel's own flags no longer say: from 6.14 merging is the
 * default, and a tag set that asks for none has its disks marked QUEUE_FLAG_NOMERGES.
 */
struct blkmq_tag_set {
	struct blk_mq_tag_set set;
	/* The creator's reference and one per disk made on the set (sys.h). */
	refcount_t refs;
	void (*release_driver_data)(void *driver_data);
	/* With BLKMQ_TAG_SET_WORK: where blkmq_queue_request_work() queues. */
	struct workqueue_struct *workqueue;
	bool no_merges;
	/* Each map's hardware queues (enum hctx_type), for blkmq_map_queues. */
	unsigned int nr_map_queues[HCTX_MAX_TYPES];
	/*
	 * During an update, the counts before it: what blkmq_map_queues lays out when the block
	 * layer falls back to the old number of queues. Both change under update_lock once the
	 * tag set is made.
	 */
	unsigned int prev_map_queues[HCTX_MAX_TYPES];
	struct mutex update_lock;
};

static unsigned int blkmq_kernel_flags(unsigned int flags) {
	unsigned int kernel_flags = 0;

	if (flags & BLKMQ_TAG_SET_BLOCKING)
		kernel_flags |= BLK_MQ_F_BLOCKING;
	if (flags & BLKMQ_TAG_SET_SHARED_TAGS)
		kernel_flags |= BLK_MQ_F_TAG_HCTX_SHARED;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	if (flags & BLKMQ_TAG_SET_NO_SCHED)
		kernel_flags |= BLK_MQ_F_NO_SCHED_BY_DEFAULT;
#else
	if (flags & BLKMQ_TAG_SET_SHOULD_MERGE)
		kernel_flags |= BLK_MQ_F_SHOULD_MERGE;
	if (flags & BLKMQ_TAG_SET_NO_SCHED)
		kernel_flags |= BLK_MQ_F_NO_SCHED;
#endif
	return kernel_flags;
}

int blkmq_tag_set_create(const struct blkmq_tag_set_config *config, struct blk_mq_tag_set **out) {
	struct blkmq_tag_set *wrapper;
	struct blk_mq_tag_set *set;
	int err;

	wrapper = kzalloc(sizeof(*wrapper), GFP_KERNEL);
	if (!wrapper)
		return -ENOMEM;
	refcount_set(&wrapper->refs, 1);
	mutex_init(&wrapper->update_lock);
	wrapper->no_merges = !(config->flags & BLKMQ_TAG_SET_SHOULD_MERGE);
	set = &wrapper->set;
	set->ops = config->ops;
	set->driver_data = config->driver_data;
	wrapper->release_driver_data = config->release_driver_data;
	wrapper->nr_map_queues[HCTX_TYPE_DEFAULT] = config->nr_hw_queues;
	wrapper->nr_map_queues[HCTX_TYPE_READ] = config->nr_read_queues;
	wrapper->nr_map_queues[HCTX_TYPE_POLL] = config->nr_poll_queues;
	set->nr_hw_queues = config->nr_hw_queues + config->nr_read_queues + config->nr_poll_queues;
	/*
	 * As many maps as the last with queues needs: a tag set of default queues alone keeps one
	 * map, whose queues the block layer caps at the CPUs as for any driver (it caps no other).
	 */
	set->nr_maps = config->nr_poll_queues ? HCTX_TYPE_POLL + 1 : config->nr_read_queues ? HCTX_TYPE_READ + 1 : 1;
	set->queue_depth = config->queue_depth;
	set->cmd_size = config->cmd_size;
	set->numa_node = config->numa_node;
	set->flags = blkmq_kernel_flags(config->flags);
	if (config->timeout_ms)
		set->timeout = msecs_to_jiffies(config->timeout_ms);

	if (config->flags & BLKMQ_TAG_SET_WORK) {
		wrapper->workqueue = alloc_workqueue("blkmq_work", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
		if (!wrapper->workqueue) {
			kfree(wrapper);
			return -ENOMEM;
		}
	}
	err = blk_mq_alloc_tag_set(set);
	if (err) {
		if (wrapper->workqueue)
			destroy_workqueue(wrapper->workqueue);
		kfree(wrapper);
		return err;
	}
	*out = set;
	return 0;
}

void blkmq_tag_set_put(struct blk_mq_tag_set *set) {
	struct blkmq_tag_set *wrapper = container_of(set, struct blkmq_tag_set, set);
	bool in_use;

	/* The last reference is dropped with the tag list locked, so no disk joins meanwhile. */
	if (!refcount_dec_and_mutex_lock(&wrapper->refs, &set->tag_list_lock))
		return;
	/*
	 * A queue leaves set->tag_list when its disk is deleted, so one still there means a put
	 * too many: freeing the set under it would be a use-after-free. Report it and keep the
	 * reference, which that disk's blkmq_disk_put() drops.
	 */
	in_use = !list_empty(&set->tag_list);
	if (in_use)
		refcount_set(&wrapper->refs, 1);
	mutex_unlock(&set->tag_list_lock);
	if (in_use) {
		blkmq_report_misuse(BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY, NULL);
		return;
	}
	blk_mq_free_tag_set(set); /* exit_request cancels each request's work */
	if (wrapper->workqueue)
		destroy_workqueue(wrapper->workqueue);
	if (wrapper->release_driver_data)
		wrapper->release_driver_data(set->driver_data);
	kfree(wrapper);
}

unsigned int blkmq_tag_set_nr_hw_queues(const struct blk_mq_tag_set *set) { return set->nr_hw_queues; }

static unsigned int blkmq_sum_of(const unsigned int counts[HCTX_MAX_TYPES]) {
	return counts[HCTX_TYPE_DEFAULT] + counts[HCTX_TYPE_READ] + counts[HCTX_TYPE_POLL];
}

/* Whether each map of @set has the queues @counts gives it (a lone default map aside). */
static bool blkmq_maps_are(const struct blk_mq_tag_set *set, const unsigned int counts[HCTX_MAX_TYPES]) {
	unsigned int i;

	if (set->nr_maps == 1)
		return true;
	for (i = 0; i < set->nr_maps; i++)
		if (set->map[i].nr_queues != counts[i])
			return false;
	return true;
}

int blkmq_tag_set_update_nr_hw_queues(struct blk_mq_tag_set *set, unsigned int nr_hw_queues,
				      unsigned int nr_read_queues, unsigned int nr_poll_queues) {
	struct blkmq_tag_set *wrapper = container_of(set, struct blkmq_tag_set, set);
	unsigned int expected;
	int err = 0;

	might_sleep();
	if (!nr_hw_queues || (nr_read_queues && set->nr_maps <= HCTX_TYPE_READ) ||
	    (nr_poll_queues && set->nr_maps <= HCTX_TYPE_POLL))
		return -EINVAL;
	mutex_lock(&wrapper->update_lock);
	memcpy(wrapper->prev_map_queues, wrapper->nr_map_queues, sizeof(wrapper->prev_map_queues));
	wrapper->nr_map_queues[HCTX_TYPE_DEFAULT] = nr_hw_queues;
	wrapper->nr_map_queues[HCTX_TYPE_READ] = nr_read_queues;
	wrapper->nr_map_queues[HCTX_TYPE_POLL] = nr_poll_queues;
	expected = blkmq_sum_of(wrapper->nr_map_queues);
	/* As the block layer caps a lone default map, at creation and here. */
	if (set->nr_maps == 1 && expected > nr_cpu_ids)
		expected = nr_cpu_ids;
	blk_mq_update_nr_hw_queues(set, (int)expected);
	/*
	 * As C null_blk checks it: the block layer says nothing when it kept the old queues. With
	 * several maps each is checked too: an update that keeps the count but splits it otherwise
	 * can fail before the maps are laid out again (switching the schedulers off, say).
	 */
	if (set->nr_hw_queues != expected || !blkmq_maps_are(set, wrapper->nr_map_queues)) {
		memcpy(wrapper->nr_map_queues, wrapper->prev_map_queues, sizeof(wrapper->nr_map_queues));
		err = -ENOMEM;
	}
	mutex_unlock(&wrapper->update_lock);
	return err;
}

/*
 * As C null_blk's null_map_queues: the maps take consecutive queues, and a map without any is
 * left unmapped, which sends its I/O to the default map.
 */
void blkmq_map_queues(struct blk_mq_tag_set *set) {
	const struct blkmq_tag_set *wrapper = container_of(set, struct blkmq_tag_set, set);
	/*
	 * An update the block layer could not make leaves it with the old number of queues, which
	 * it maps again: with the counts before the update (as C null_blk's prev_submit_queues).
	 */
	const unsigned int *counts = set->nr_maps > 1 && blkmq_sum_of(wrapper->nr_map_queues) != set->nr_hw_queues
					     ? wrapper->prev_map_queues
					     : wrapper->nr_map_queues;
	unsigned int offset = 0;
	unsigned int i;

	for (i = 0; i < set->nr_maps; i++) {
		struct blk_mq_queue_map *map = &set->map[i];

		/* A single map has the queues the block layer left it (capped at the CPUs). */
		map->nr_queues = set->nr_maps == 1 ? set->nr_hw_queues : counts[i];
		map->queue_offset = offset;
		offset += map->nr_queues;
		if (map->nr_queues)
			blk_mq_map_queues(map);
	}
}

/*
 * The batch ends its requests with success, so a failed one is never offered to it (from 6.12
 * blk_mq_add_to_batch() would take a failed passthrough request). Its is_error argument, an
 * int in 6.1 and a bool by 6.12, is then always false.
 */
BLKMQ_BOOL blkmq_add_to_batch(struct request *rq, struct io_comp_batch *iob, blkmq_status_t status) {
	if (status != BLK_STS_OK)
		return false;
	return blk_mq_add_to_batch(rq, iob, false, blk_mq_end_request_batch);
}

int blkmq_disk_create(struct blk_mq_tag_set *set, void *queuedata, const struct blkmq_disk_config *config,
		      struct gendisk **out) {
	struct gendisk *disk;

	if (strlen(config->name) >= DISK_NAME_LEN)
		return -EINVAL;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 9, 0)
	{
		struct queue_limits lim = {
			.logical_block_size = config->logical_block_size,
			.physical_block_size = config->physical_block_size,
			.max_hw_sectors = config->max_hw_sectors,
			.max_segments = config->max_segments,
			.max_segment_size = config->max_segment_size,
			.virt_boundary_mask = config->virt_boundary_mask,
			.dma_alignment = config->dma_alignment_mask,
			.max_hw_discard_sectors = config->max_discard_sectors,
			.max_write_zeroes_sectors = config->max_write_zeroes_sectors,
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
			/* 6.11 made these limits, checked with the rest. */
			.features = (config->rotational ? BLK_FEAT_ROTATIONAL : 0) |
				    (config->write_cache ? BLK_FEAT_WRITE_CACHE : 0) | (config->fua ? BLK_FEAT_FUA : 0),
#endif
		};

		disk = blk_mq_alloc_disk(set, &lim, queuedata);
	}
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
	if (!IS_ERR(disk)) {
		if (!config->rotational)
			blk_queue_flag_set(QUEUE_FLAG_NONROT, disk->queue);
		blk_queue_write_cache(disk->queue, config->write_cache, config->fua);
	}
#endif
#else
	disk = blk_mq_alloc_disk(set, queuedata);
	if (!IS_ERR(disk)) {
		struct request_queue *q = disk->queue;

		blk_queue_logical_block_size(q, config->logical_block_size);
		blk_queue_physical_block_size(q, config->physical_block_size);
		if (config->max_hw_sectors)
			blk_queue_max_hw_sectors(q, config->max_hw_sectors);
		if (config->max_segments)
			blk_queue_max_segments(q, config->max_segments);
		if (config->max_segment_size)
			blk_queue_max_segment_size(q, config->max_segment_size);
		if (config->virt_boundary_mask)
			blk_queue_virt_boundary(q, config->virt_boundary_mask);
		if (config->dma_alignment_mask)
			blk_queue_dma_alignment(q, config->dma_alignment_mask);
		if (config->max_discard_sectors) {
			q->limits.discard_granularity = config->logical_block_size;
			blk_queue_max_discard_sectors(q, config->max_discard_sectors);
		}
		blk_queue_max_write_zeroes_sectors(q, config->max_write_zeroes_sectors);
		if (!config->rotational)
			blk_queue_flag_set(QUEUE_FLAG_NONROT, q);
		blk_queue_write_cache(q, config->write_cache, config->fua);
	}
#endif
	if (IS_ERR(disk))
		return PTR_ERR(disk);

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	if (container_of(set, struct blkmq_tag_set, set)->no_merges)
		blk_queue_flag_set(QUEUE_FLAG_NOMERGES, disk->queue);
#endif
	refcount_inc(&container_of(set, struct blkmq_tag_set, set)->refs);
	if (config->no_partitions)
		disk->flags |= GENHD_FL_NO_PART;
	disk->fops = &blkmq_fops;
	disk->private_data = queuedata;
	strscpy(disk->disk_name, config->name, DISK_NAME_LEN);
	set_capacity(disk, config->capacity_sectors);
	*out = disk;
	return 0;
}

/*
 * From 6.14 the freeze itself puts the task in memalloc_noio (its allocations may not recurse
 * into I/O on the frozen queue) and hands back the flags to restore; before, the shim does the
 * same, so that a frozen queue means the same on every kernel.
 */
unsigned int blkmq_disk_freeze(struct gendisk *disk) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	return blk_mq_freeze_queue(disk->queue);
#else
	unsigned int memflags = memalloc_noio_save();

	blk_mq_freeze_queue(disk->queue);
	return memflags;
#endif
}

void blkmq_disk_unfreeze(struct gendisk *disk, unsigned int memflags) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 14, 0)
	blk_mq_unfreeze_queue(disk->queue, memflags);
#else
	blk_mq_unfreeze_queue(disk->queue);
	memalloc_noio_restore(memflags);
#endif
}

void blkmq_disk_quiesce(struct gendisk *disk) { blk_mq_quiesce_queue(disk->queue); }

void blkmq_disk_unquiesce(struct gendisk *disk) { blk_mq_unquiesce_queue(disk->queue); }

void blkmq_disk_put(struct gendisk *disk) {
	struct blk_mq_tag_set *set = disk->queue->tag_set;

	put_disk(disk);
	blkmq_tag_set_put(set);
}

void *blkmq_alloc(unsigned long size, unsigned int gfp) { return kzalloc(size, (__force gfp_t)gfp); }

void blkmq_free(const void *ptr) { kfree(ptr); }

void blkmq_memcpy_from_page(void *to, struct page *page, unsigned int offset, unsigned int len) {
	memcpy_from_page(to, page, offset, len);
}

void blkmq_memcpy_to_page(struct page *page, unsigned int offset, const void *from, unsigned int len) {
	memcpy_to_page(page, offset, from, len);
}

/* memcpy_page() leaves the data cache to the caller, unlike memcpy_to_page(). */
void blkmq_memcpy_page(struct page *to, unsigned int to_offset, struct page *from, unsigned int from_offset,
		       unsigned int len) {
	memcpy_page(to, to_offset, from, from_offset, len);
	flush_dcache_page(to);
}

void blkmq_memzero_page(struct page *page, unsigned int offset, unsigned int len) { memzero_page(page, offset, len); }

void *blkmq_kmap_local_page(struct page *page) { return kmap_local_page(page); }

/* The bytes may have been written through the mapping. */
void blkmq_kunmap_local(struct page *page, const void *address) {
	kunmap_local(address);
	flush_dcache_page(page);
}

struct page *blkmq_alloc_page(unsigned int gfp) {
	return alloc_page((__force gfp_t)gfp);
}

void blkmq_free_page(struct page *page) { __free_page(page); }

void blkmq_xa_init(struct xarray *xa) { xa_init(xa); }

int blkmq_xa_insert(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp) {
	return xa_insert(xa, index, entry, (__force gfp_t)gfp);
}

void *blkmq_xa_find(struct xarray *xa, unsigned long *index, unsigned long max) {
	return xa_find(xa, index, max, XA_PRESENT);
}

void blkmq_cond_resched(void) { cond_resched(); }

/*
 * spin_lock_init() with the C++ lock type's key rather than one of this call site's: each branch
 * is the kernel's own macro (include/linux/spinlock.h, spinlock_rt.h).
 */
void blkmq_spin_lock_init(void *lock, const char *name, struct lock_class_key *key) {
#if defined(CONFIG_PREEMPT_RT)
	rt_mutex_base_init(&((spinlock_t *)lock)->lock);
	__rt_spin_lock_init(lock, name, key, false);
#elif defined(CONFIG_DEBUG_SPINLOCK)
	__raw_spin_lock_init(spinlock_check(lock), name, key, LD_WAIT_CONFIG);
#else
	(void)name;
	(void)key;
	spin_lock_init((spinlock_t *)lock);
#endif
}

void blkmq_spin_lock(void *lock) { spin_lock(lock); }

void blkmq_spin_unlock(void *lock) { spin_unlock(lock); }

unsigned long blkmq_spin_lock_irqsave(void *lock) {
	unsigned long flags;

	spin_lock_irqsave((spinlock_t *)lock, flags);
	return flags;
}

void blkmq_spin_unlock_irqrestore(void *lock, unsigned long flags) { spin_unlock_irqrestore(lock, flags); }

/* mutex_init() with the C++ lock type's key; __mutex_init() picks the RT or lockdep variant. */
void blkmq_mutex_init(void *lock, const char *name, struct lock_class_key *key) { __mutex_init(lock, name, key); }

void blkmq_mutex_lock(void *lock) { mutex_lock(lock); }

void blkmq_mutex_unlock(void *lock) { mutex_unlock(lock); }

/*
 * The C++ callback returns an unsigned int where the kernel's returns enum hrtimer_restart:
 * compatible types in C, and the assignments below fail to compile where they are not.
 */
void blkmq_hrtimer_setup(struct hrtimer *timer, blkmq_hrtimer_fn *function) {
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
	hrtimer_setup(timer, function, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
#else
	hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	timer->function = function;
#endif
}

void blkmq_work_init(struct work_struct *work, blkmq_work_fn *function) { INIT_WORK(work, function); }

void blkmq_queue_request_work(struct request *rq, struct work_struct *work) {
	queue_work(container_of(rq->q->tag_set, struct blkmq_tag_set, set)->workqueue, work);
}

unsigned int blkmq_memalloc_noio_save(void) { return memalloc_noio_save(); }

void blkmq_memalloc_noio_restore(unsigned int flags) { memalloc_noio_restore(flags); }

void blkmq_hrtimer_start(struct hrtimer *timer, unsigned long long nanoseconds) {
	hrtimer_start(timer, ns_to_ktime(nanoseconds), HRTIMER_MODE_REL);
}

/*
 * A driver bug, reported loudly but without WARN: the request involved has already been
 * failed with an I/O error by the library, so the system stays consistent. The stack
 * shows the driver code at fault.
 */
void blkmq_report_misuse(enum blkmq_misuse what, const struct request *rq) {
	/*
	 * One limit for message and stack, so that a flood cannot push the messages out of the
	 * log with stacks alone.
	 */
	static DEFINE_RATELIMIT_STATE(limit, DEFAULT_RATELIMIT_INTERVAL, DEFAULT_RATELIMIT_BURST);
	static const char *const messages[] = {
		[BLKMQ_MISUSE_MOVED_FROM] = "a request handle was used after it was moved from or consumed",
		[BLKMQ_MISUSE_DROPPED_OWNED] =
			"an OwnedRequest was dropped without being started or handed back: failed with an I/O error",
		[BLKMQ_MISUSE_DROPPED_UNIQUE] =
			"a UniqueRequest was dropped without being ended: failed with an I/O error",
		[BLKMQ_MISUSE_DROPPED_DISPATCH] =
			"a DispatchResult giving a request back was dropped, not returned: failed with an I/O error",
		[BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY] =
			"a tag set's last reference was put while a disk still used it: kept for the disk",
		[BLKMQ_MISUSE_EMPTY_OPTION] = "an empty Option was dereferenced: test it first; stopping here",
		[BLKMQ_MISUSE_NOT_UNIQUE] =
			"unique() was taken from a try_unique() that failed: test is_unique() first",
		[BLKMQ_MISUSE_BAD_ERRNO] = "Error::from_errno() was given no negative errno: -EINVAL instead",
		[BLKMQ_MISUSE_EMPTY_TAG_SET] = "an empty (moved-from) TagSet was used (a disk built on it, its data "
					       "read or its queues changed)",
		[BLKMQ_MISUSE_FOREIGN_DISPATCH] =
			"queue_rq gave back a request other than the one dispatched: that one failed with an I/O error",
		[BLKMQ_MISUSE_USE_AFTER_END] = "a request was read after it was given back to the block layer (a "
					       "Request& outlived its handle)",
		[BLKMQ_MISUSE_PAGE_RANGE] = "a page range reached past its page, or a copy was asked between ranges of "
					    "different lengths: nothing was copied",
		[BLKMQ_MISUSE_EMPTY_DISK] = "an empty (moved-from) GenDisk was frozen or quiesced: nothing was done",
		[BLKMQ_MISUSE_EMPTY_BAD_BLOCKS] = "an empty (moved-from) BadBlocks was used: nothing was marked, and "
						  "no bad block is found in it",
	};
	const char *message = what < ARRAY_SIZE(messages) && messages[what] ? messages[what] : "unknown misuse";

	if (!__ratelimit(&limit))
		return;
	pr_err("blkmq: misuse: %s (request tag %d)\n", message, rq ? rq->tag : -1);
	dump_stack();
}

#ifdef CONFIG_FAULT_INJECTION
/*
 * As C null_blk sets up its fault parameters: the attribute's defaults, then the string, and
 * no report of each fault injected. setup_fault_attr() writes nothing to @spec, but takes a
 * char *: a copy is parsed.
 */
int blkmq_fault_attr_create(const char *spec, struct fault_attr **attr) {
	static const struct fault_attr defaults = FAULT_ATTR_INITIALIZER;
	struct fault_attr *created;
	char *copy = kstrdup(spec, GFP_KERNEL);
	int parsed;

	if (!copy)
		return -ENOMEM;
	created = kmalloc(sizeof(*created), GFP_KERNEL);
	if (!created) {
		kfree(copy);
		return -ENOMEM;
	}
	*created = defaults;
	parsed = setup_fault_attr(created, copy);
	kfree(copy);
	if (!parsed) {
		kfree(created);
		return -EINVAL;
	}
	created->verbose = 0;
	*attr = created;
	return 0;
}

void blkmq_fault_attr_destroy(struct fault_attr *attr) { kfree(attr); }

BLKMQ_BOOL blkmq_should_fail(struct fault_attr *attr) { return should_fail(attr, 1); }
#endif
