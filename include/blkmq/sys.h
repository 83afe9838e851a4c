/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * blkmq/sys.h - the C boundary: everything the C++ library may call.
 *
 * Two implementations exist and both are checked against this header:
 *  - kernel/blkmq_shim.c compiles it together with the real kernel headers, so a
 *    declaration below that disagrees with the kernel's own is a compile error;
 *  - model/ implements it in userspace for the unit tests.
 *
 * Kernel structures are opaque here. Fields the I/O path reads (request tag, sector,
 * length, op, the PDU) are reached inline through offsets in <blkmq_layout.h>, which the
 * build generates from the same headers, like the kernel's asm-offsets.h. So the hot path
 * (queue_rq -> start -> end) makes exactly the calls a C driver makes:
 * blk_mq_start_request() and blk_mq_end_request(), nothing in between.
 *
 * Conventions: functions named blk_* / del_gendisk / put_disk are the kernel's exported
 * functions, declared with C-compatible types; functions named blkmq_* are shims for what
 * only C can reach (macros, static inlines, THIS_MODULE). Errors are negative errnos.
 */
/*
 * C++ reads one fact about the kernel here from <blkmq_layout.h> (below). Outside the include
 * guard: the model's <blkmq_layout.h> includes this header again for the structures it lays
 * out, after defining that fact.
 */
#if defined(__cplusplus) && !defined(BLKMQ_INIT_REQUEST_NODE_IS_INT)
#include <blkmq_layout.h>
#endif

#ifndef BLKMQ_SYS_H
#define BLKMQ_SYS_H

#ifdef __cplusplus
extern "C" {
#endif

struct request;
struct request_queue;
struct blk_mq_hw_ctx;
struct blk_mq_tag_set;
struct blk_mq_queue_data;
struct io_comp_batch;
struct gendisk;
struct device;
struct attribute_group;
struct page;
struct xarray;
struct badblocks;
struct hrtimer;
struct work_struct;
struct lock_class_key;

/* The kernel's bool is C's _Bool; C++ spells the same type bool. */
#ifdef __cplusplus
#define BLKMQ_BOOL bool
#else
#define BLKMQ_BOOL _Bool
#endif

/* blk_status_t is a u8 (typedef u8 __bitwise blk_status_t); its values are generated. */
typedef unsigned char blkmq_status_t;

/*
 * The driver's operations, with the kernel's exact signatures. The C side checks each
 * against the matching struct blk_mq_ops member (__same_type), so a C++ thunk of one of
 * these types can be stored straight into the kernel's ops table.
 */
typedef blkmq_status_t blkmq_queue_rq_fn(struct blk_mq_hw_ctx *hctx, const struct blk_mq_queue_data *bd);
typedef void blkmq_commit_rqs_fn(struct blk_mq_hw_ctx *hctx);
/* Returns enum blk_eh_timer_return, an unsigned int-compatible enum in C. */
typedef unsigned int blkmq_timeout_fn(struct request *rq);
typedef int blkmq_poll_fn(struct blk_mq_hw_ctx *hctx, struct io_comp_batch *iob);
typedef void blkmq_complete_fn(struct request *rq);
typedef int blkmq_init_hctx_fn(struct blk_mq_hw_ctx *hctx, void *tag_set_data, unsigned int hctx_idx);
typedef void blkmq_exit_hctx_fn(struct blk_mq_hw_ctx *hctx, unsigned int hctx_idx);
typedef void blkmq_map_queues_fn(struct blk_mq_tag_set *set);
/*
 * The list queue_rqs receives: up to 6.12 the pointer to its first request (struct request **),
 * linked through rq_next; from 6.13, and in Debian's 6.12, a struct rq_list of the first and
 * the last request, linked the same way. The head comes first in both. C++ learns which from
 * <blkmq_layout.h>; the shim from the kernel's rq_list helpers before it includes this header.
 */
#ifdef BLKMQ_RQ_LIST_HAS_TAIL
#if BLKMQ_RQ_LIST_HAS_TAIL
struct rq_list;
typedef struct rq_list blkmq_rq_list_t;
#else
typedef struct request *blkmq_rq_list_t;
#endif
typedef void blkmq_queue_rqs_fn(blkmq_rq_list_t *rqlist);
#endif
/*
 * The NUMA node init_request receives is an unsigned int up to 6.x and an int in 7.x. The
 * shim derives the type from the kernel's struct blk_mq_ops before it includes this header;
 * C++ reads the same fact from <blkmq_layout.h>, generated from that struct. Other C files
 * have no use for this type, and do not see it.
 */
#if !defined(BLKMQ_NUMA_NODE_ARG) && defined(BLKMQ_INIT_REQUEST_NODE_IS_INT)
#if BLKMQ_INIT_REQUEST_NODE_IS_INT
#define BLKMQ_NUMA_NODE_ARG int
#else
#define BLKMQ_NUMA_NODE_ARG unsigned int
#endif
#endif
#ifdef BLKMQ_NUMA_NODE_ARG
typedef int blkmq_init_request_fn(struct blk_mq_tag_set *set, struct request *rq, unsigned int hctx_idx,
				  BLKMQ_NUMA_NODE_ARG numa_node);
#endif
typedef void blkmq_exit_request_fn(struct blk_mq_tag_set *set, struct request *rq, unsigned int hctx_idx);

/* --- Request lifecycle: exported kernel functions, called directly. --- */
void blk_mq_start_request(struct request *rq);
void blk_mq_end_request(struct request *rq, blkmq_status_t error);
/* Returns true when the completion was sent to another CPU; false: complete inline. */
BLKMQ_BOOL blk_mq_complete_request_remote(struct request *rq);
/* Back to the block layer, which dispatches it again from its requeue list (run at once). */
void blk_mq_requeue_request(struct request *rq, BLKMQ_BOOL kick_requeue_list);
/*
 * Ends @rq in the poll's completion batch @iob (blk_mq_add_to_batch, a static inline): the
 * block layer ends the batch's requests together, with success, after the poll. False when the
 * batch cannot take it (no batch, an error @status, a request of the I/O scheduler or with its
 * own end_io, a batch of another completion function): then nothing was done and the caller
 * ends it itself.
 */
BLKMQ_BOOL blkmq_add_to_batch(struct request *rq, struct io_comp_batch *iob, blkmq_status_t status);
blkmq_status_t errno_to_blk_status(int errnum);

/*
 * blk_mq_tag_to_rq() for hardware queue @qid, or NULL when @qid or @tag is out of range.
 * The returned request may be idle or owned by someone else: the caller decides, through
 * the PDU reference count, whether it may use it.
 */
struct request *blkmq_tag_to_rq(struct blk_mq_tag_set *set, unsigned int qid, unsigned int tag);

/* --- Tag set --- */
struct blkmq_tag_set_config {
	const void *ops;   /* a struct blk_mq_ops laid out by the C++ side */
	void *driver_data; /* set->driver_data, handed to init_hctx */
	/*
	 * The hardware queues of each map (enum hctx_type), numbered in this order: default,
	 * read, poll. Reads go to the read queues when there are any, polled I/O to the poll
	 * queues; everything else, and what a map without queues would get, to the default ones.
	 */
	unsigned int nr_hw_queues; /* the default map's; capped at the CPUs when it is the only map */
	unsigned int nr_read_queues;
	unsigned int nr_poll_queues;
	unsigned int queue_depth;
	unsigned int cmd_size;   /* PDU bytes after each struct request */
	int numa_node;           /* -1: NUMA_NO_NODE */
	unsigned int flags;      /* BLKMQ_TAG_SET_* below; the C side maps them to each kernel's */
	unsigned int timeout_ms; /* 0: the block layer's default */
	/*
	 * Called with driver_data once the last put has freed the tag set (a successful
	 * blkmq_tag_set_create() only; on failure driver_data stays the caller's). NULL: none.
	 */
	void (*release_driver_data)(void *driver_data);
};
/*
 * What a tag set asks of the block layer. The kernel's BLK_MQ_F_* flags changed in 6.14
 * (merging became the default and BLK_MQ_F_SHOULD_MERGE went, BLK_MQ_F_NO_SCHED became
 * BLK_MQ_F_NO_SCHED_BY_DEFAULT), so these are blkmq's own, mapped by the C side.
 */
enum blkmq_tag_set_flags {
	BLKMQ_TAG_SET_SHOULD_MERGE = 1u << 0, /* merge adjacent bios into one request */
	BLKMQ_TAG_SET_BLOCKING = 1u << 1,     /* queue_rq may sleep */
	BLKMQ_TAG_SET_SHARED_TAGS = 1u << 2,  /* one tag space for all hardware queues */
	BLKMQ_TAG_SET_NO_SCHED = 1u << 3,     /* no I/O scheduler (by default, from 6.14) */
	BLKMQ_TAG_SET_WORK = 1u << 4,         /* requests go to work items: the set gets a workqueue */
};
/* Allocates and registers a tag set; *out is set only on success. */
int blkmq_tag_set_create(const struct blkmq_tag_set_config *config, struct blk_mq_tag_set **out);
/*
 * A tag set lives while it has holders: its creator, and each disk blkmq_disk_create() made
 * on it (blkmq_disk_put() drops the disk's). The last put runs blk_mq_free_tag_set() and
 * frees the memory; a last put while a queue still uses the set is a put too many, reported
 * (BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY), and the reference is kept for that disk's put.
 */
void blkmq_tag_set_put(struct blk_mq_tag_set *set);
/* Every hardware queue, of all maps. */
unsigned int blkmq_tag_set_nr_hw_queues(const struct blk_mq_tag_set *set);
/*
 * Gives the tag set's maps @nr_hw_queues default, @nr_read_queues read and @nr_poll_queues poll
 * queues (blk_mq_update_nr_hw_queues()): every disk on it frozen, every hardware queue exited
 * and initialised anew, the maps laid out again, the disks unfrozen. A lone default map is
 * capped at the CPUs, as at creation. 0, or -EINVAL for no default queue or read or poll queues
 * in a tag set made without that map (nothing changes), or -ENOMEM when the block layer could
 * not allocate the new queues and kept the old ones. Process context; never from an operation of
 * the tag set, whose request the freeze would wait for. Updates of one tag set are serialised.
 */
int blkmq_tag_set_update_nr_hw_queues(struct blk_mq_tag_set *set, unsigned int nr_hw_queues,
				      unsigned int nr_read_queues, unsigned int nr_poll_queues);
/*
 * The tag set's map_queues: each map gets its share of the hardware queues and spreads the CPUs
 * over them (blk_mq_map_queues). The C++ ops table points at it.
 */
void blkmq_map_queues(struct blk_mq_tag_set *set);

/* --- Disk --- */
struct blkmq_disk_config {
	const char *name;                    /* at most 31 characters, like disk_name */
	unsigned long long capacity_sectors; /* 512-byte sectors */
	unsigned int logical_block_size;
	unsigned int physical_block_size;
	unsigned int max_hw_sectors;           /* 0: the block layer's default */
	unsigned int max_segments;             /* 0: the block layer's default (BLK_MAX_SEGMENTS) */
	unsigned int max_segment_size;         /* bytes; 0: the block layer's default */
	unsigned long virt_boundary_mask;      /* 0: none */
	unsigned int dma_alignment_mask;       /* 0: the block layer's default (511) */
	unsigned int max_discard_sectors;      /* 0: no discard */
	unsigned int max_write_zeroes_sectors; /* 0: no write zeroes */
	BLKMQ_BOOL rotational;
	BLKMQ_BOOL write_cache;   /* a volatile write cache: flushes reach the driver */
	BLKMQ_BOOL fua;           /* REQ_FUA reaches the driver (only with write_cache) */
	BLKMQ_BOOL no_partitions; /* GENHD_FL_NO_PART: no partition table is read or made */
};
/*
 * blk_mq_alloc_disk() (a macro with a lockdep key), then the queue limits, capacity and
 * name from @config; the disk holds a reference to @set. The disk is not added yet: on any
 * later failure only blkmq_disk_put().
 */
int blkmq_disk_create(struct blk_mq_tag_set *set, void *queuedata, const struct blkmq_disk_config *config,
		      struct gendisk **out);
int device_add_disk(struct device *parent, struct gendisk *disk, const struct attribute_group **groups);
void del_gendisk(struct gendisk *disk);
/* Only through blkmq_disk_put() for a disk of blkmq_disk_create(): it holds its tag set. */
void put_disk(struct gendisk *disk);
/* put_disk(), then the disk's reference to its tag set. */
void blkmq_disk_put(struct gendisk *disk);

/*
 * blk_mq_freeze_queue() on the disk's queue: new I/O waits to enter it, and this waits until
 * every request of the disk that had entered has ended. Sleeps: process context, never from an
 * operation of the disk. Freezes nest. The task allocates as with GFP_NOIO until the unfreeze
 * (memalloc_noio: the kernel's own from 6.14, the shim's before) and lockdep sees the freeze
 * as a lock the task holds (6.13 on): the unfreeze is made by the same task, with what the
 * freeze returned.
 */
unsigned int blkmq_disk_freeze(struct gendisk *disk);
void blkmq_disk_unfreeze(struct gendisk *disk, unsigned int memflags);
/*
 * blk_mq_quiesce_queue() on the disk's queue: no queue_rq or queue_rqs of the disk is called
 * until the unquiesce, and this waits for those running to return. Requests still enter and
 * wait in the block layer; requests the driver holds still end. Sleeps. Quiesces nest; the
 * unquiesce may be made by another task, and runs the queues.
 */
void blkmq_disk_quiesce(struct gendisk *disk);
void blkmq_disk_unquiesce(struct gendisk *disk);

/* cond_resched(): lets other tasks run in a long loop of process context. */
void blkmq_cond_resched(void);

/* --- Memory, for setup paths only (never on the I/O path). --- */
void *blkmq_alloc(unsigned long size, unsigned int gfp); /* zeroed; NULL on failure */
void blkmq_free(const void *ptr);

/*
 * --- Pages: a request's data (its bio_vecs' pages) and a driver's own. Each is a kernel
 * static inline (highmem.h), so that a page above the direct map is mapped and unmapped
 * around the access (kmap_local_page); on x86_64 that costs nothing. ---
 */
void blkmq_memcpy_from_page(void *to, struct page *page, unsigned int offset, unsigned int len);
void blkmq_memcpy_to_page(struct page *page, unsigned int offset, const void *from, unsigned int len);
void blkmq_memcpy_page(struct page *to, unsigned int to_offset, struct page *from, unsigned int from_offset,
		       unsigned int len);
void blkmq_memzero_page(struct page *page, unsigned int offset, unsigned int len);
/*
 * kmap_local_page() and kunmap_local(): mappings nest, and are undone in reverse order. The
 * unmap flushes the page from the data cache (flush_dcache_page(), nothing on x86).
 */
void *blkmq_kmap_local_page(struct page *page);
void blkmq_kunmap_local(struct page *page, const void *address);
/* alloc_page(), NULL on failure; __free_page(). */
struct page *blkmq_alloc_page(unsigned int gfp);
void blkmq_free_page(struct page *page);

/*
 * --- xarray: the kernel's sparse array of pointers, in memory the C++ side reserves
 * (BLKMQ_XARRAY_SIZE). Entries are pointers aligned to 4 bytes at least; xa_load takes the
 * RCU read lock itself, and the other calls take the array's own lock. ---
 */
void blkmq_xa_init(struct xarray *xa);
void *xa_load(struct xarray *xa, unsigned long index);
void *xa_erase(struct xarray *xa, unsigned long index);
/* xa_insert(): 0, -EBUSY when @index holds an entry, -ENOMEM. */
int blkmq_xa_insert(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp);
/* The first entry from *@index to @max, whose index is stored in *@index; NULL if none. */
void *blkmq_xa_find(struct xarray *xa, unsigned long *index, unsigned long max);
void xa_destroy(struct xarray *xa);

/*
 * --- badblocks: the kernel's table of bad sector ranges (block/badblocks.c, md's and C
 * null_blk's), allocated by the C side. Ranges are in 512-byte sectors below sector 2^54 (what
 * an entry holds), every range marked bad is acknowledged, and the table holds up to
 * BLKMQ_BADBLOCKS_MAX_ENTRIES entries (a page's worth) of up to 512 sectors each. The calls take
 * the table's own seqlock: check and copy read without waiting, set may run in any context,
 * clear turns interrupts back on (write_seqlock_irq): not with interrupts off. ---
 */
/* An empty table (kzalloc + badblocks_init): may sleep; NULL when out of memory. */
struct badblocks *blkmq_badblocks_create(void);
void blkmq_badblocks_destroy(struct badblocks *bb);
/* Marks @count sectors from @first bad: 0, -EINVAL for @count 0 or a range past sector 2^54,
 * -ENOSPC when the table is full (the kernel may have marked part of the range). */
int blkmq_badblocks_set(struct badblocks *bb, unsigned long long first, unsigned long long count);
/* Marks them good again: 0, -EINVAL as for set, -ENOSPC when an entry to be split in two did
 * not fit (the kernel may have cleared other parts of the range). */
int blkmq_badblocks_clear(struct badblocks *bb, unsigned long long first, unsigned long long count);
/* Whether an entry overlaps the @count sectors from @first (@count above 0): if so the first
 * (lowest) one is stored in *@bad_first and *@bad_count. Lockless: any context. */
BLKMQ_BOOL blkmq_badblocks_check(struct badblocks *bb, unsigned long long first, unsigned long long count,
				 unsigned long long *bad_first, unsigned long long *bad_count);
/* Copies up to @max entries, in sector order (first sector, count), read at one instant as
 * badblocks_show() reads them; returns how many. */
unsigned int blkmq_badblocks_copy(struct badblocks *bb, unsigned long long (*entries)[2], unsigned int max);

/*
 * --- Spin locks, in memory the C++ side reserves (BLKMQ_SPINLOCK_SIZE). The lock class key
 * is static storage, one per C++ lock type, so that lockdep tells the driver's locks apart
 * as it tells C's apart by the spin_lock_init() call site. ---
 */
void blkmq_spin_lock_init(void *lock, const char *name, struct lock_class_key *key);
void blkmq_spin_lock(void *lock);
void blkmq_spin_unlock(void *lock);
unsigned long blkmq_spin_lock_irqsave(void *lock);
void blkmq_spin_unlock_irqrestore(void *lock, unsigned long flags);
/* The same for struct mutex (BLKMQ_MUTEX_SIZE): process context only, may sleep. */
void blkmq_mutex_init(void *lock, const char *name, struct lock_class_key *key);
void blkmq_mutex_lock(void *lock);
void blkmq_mutex_unlock(void *lock);

/*
 * --- High-resolution timers, in memory the C++ side reserves (BLKMQ_HRTIMER_SIZE): monotonic,
 * relative, expiring in hard interrupt context (softirq on PREEMPT_RT), as C null_blk's
 * completion timer. ---
 */
/* Returns enum hrtimer_restart, an unsigned int-compatible enum in C (HRTIMER_NORESTART). */
typedef unsigned int blkmq_hrtimer_fn(struct hrtimer *timer);
/* hrtimer_setup() from 6.13, hrtimer_init() and ->function before. */
void blkmq_hrtimer_setup(struct hrtimer *timer, blkmq_hrtimer_fn *function);
void blkmq_hrtimer_start(struct hrtimer *timer, unsigned long long nanoseconds);
/* Cancels the timer and waits for a running callback; 1 if it was armed. */
int hrtimer_cancel(struct hrtimer *timer);
/* Cancels the timer without waiting: 1 if it was armed, 0 if not, -1 if its callback runs. */
int hrtimer_try_to_cancel(struct hrtimer *timer);
/*
 * --- Work items, in memory the C++ side reserves (BLKMQ_WORK_SIZE): run in process context by
 * the workqueue of a tag set made with BLKMQ_TAG_SET_WORK (unbound, WQ_MEM_RECLAIM: it makes
 * progress under memory pressure, and a slow item holds up no other driver's work). ---
 */
typedef void blkmq_work_fn(struct work_struct *work);
/* INIT_WORK() (a macro with a lockdep key). */
void blkmq_work_init(struct work_struct *work, blkmq_work_fn *function);
/* Queues @work on the workqueue of @rq's tag set (queue_work()). */
void blkmq_queue_request_work(struct request *rq, struct work_struct *work);
/* Takes @work off its queue without waiting: true if it was queued (and now will not run). */
BLKMQ_BOOL cancel_work(struct work_struct *work);
/* The same, then waits for a callback that runs; process context only. */
BLKMQ_BOOL cancel_work_sync(struct work_struct *work);
/*
 * memalloc_noio_save() / _restore(): between them every allocation of the thread is GFP_NOIO,
 * so that serving I/O never waits on reclaim that writes back to the same disk.
 */
unsigned int blkmq_memalloc_noio_save(void);
void blkmq_memalloc_noio_restore(unsigned int flags);

/*
 * --- configfs: a directory under /sys/kernel/config (the subsystem) in which user space makes
 * groups with mkdir and removes them with rmdir, each group a directory of the same
 * attribute files, and the subsystem with attribute files of its own. ---
 */
struct config_item;
struct blkmq_configfs_subsystem;
/*
 * An attribute's show and store, with configfs's signatures (the C side checks them against
 * struct configfs_attribute): show writes at most BLKMQ_CONFIGFS_ATTR_SIZE bytes at @page and
 * returns how many, store gets what one write() wrote (@len bytes, 1 to
 * BLKMQ_CONFIGFS_ATTR_SIZE - 1 of them, NUL-terminated at @page[@len]) and returns @len;
 * either returns a negative errno, which the reader's read() or the writer's write() returns.
 */
#define BLKMQ_CONFIGFS_ATTR_SIZE 4096 /* fs/configfs/file.c's SIMPLE_ATTR_SIZE, on every page size */
typedef long blkmq_configfs_show_fn(struct config_item *item, char *page);
typedef long blkmq_configfs_store_fn(struct config_item *item, const char *page, unsigned long len);
/* An attribute file: readable (0444) with a show, writable by root (0200) with a store. */
struct blkmq_configfs_attribute {
	const char *name;
	blkmq_configfs_show_fn *show;
	blkmq_configfs_store_fn *store;
};
struct blkmq_configfs_config {
	const char *name; /* the subsystem's directory */
	void *data;       /* the subsystem's data: make_group's first argument */
	/* mkdir @name: the new group's data in *@out, or a negative errno, which mkdir returns. */
	int (*make_group)(void *subsystem_data, const char *name, void **out);
	/*
	 * rmdir of a group: once its attribute calls have returned, and before any other can
	 * start. NULL: nothing to do then.
	 */
	void (*drop_group)(void *group_data);
	/* The group's last reference gone: at rmdir, unless a kernel user holds one longer. */
	void (*release_group)(void *group_data);
	const struct blkmq_configfs_attribute *group_attributes;
	unsigned int nr_group_attributes;
	const struct blkmq_configfs_attribute *subsystem_attributes;
	unsigned int nr_subsystem_attributes;
};
/*
 * Makes the subsystem's directory: 0 and *@out, or -EINVAL (a name of 20 characters or more),
 * -EEXIST (a subsystem of that name is registered), -ENOMEM. The configuration's arrays must
 * outlive the subsystem. Each group holds a reference to the module (so the module cannot be
 * unloaded while a group exists), and so does each open attribute file. A mkdir may land as
 * soon as this returns, even while the module's init still runs, and only user space removes
 * a group: register last in init, when nothing after it can fail.
 */
int blkmq_configfs_register(const struct blkmq_configfs_config *config, struct blkmq_configfs_subsystem **out);
/*
 * Removes the directory; its groups must be gone (rmdir), which the module's references ensure
 * once init has returned. A group left (registered before a step of init that failed) is
 * reported: its data then outlives the module's.
 */
void blkmq_configfs_unregister(struct blkmq_configfs_subsystem *subsystem);
/*
 * The subsystem's lock, a mutex: every attribute call and make_group and drop_group of the
 * subsystem runs under it (the C++ side takes it in its show and store), so that none of them
 * meets another half-done.
 */
void blkmq_configfs_lock(struct config_item *item);
void blkmq_configfs_unlock(struct config_item *item);
/* The data of @item: a group's (from make_group) or, for the subsystem's own item, the subsystem's. */
void *blkmq_configfs_group_data(struct config_item *item);
void *blkmq_configfs_subsystem_data(struct config_item *item);
/* The kernel's parsers, as configfs attributes of C drivers use them: 0 or -EINVAL, -ERANGE. */
int kstrtouint(const char *s, unsigned int base, unsigned int *res);
int kstrtoull(const char *s, unsigned int base, unsigned long long *res);
int kstrtobool(const char *s, BLKMQ_BOOL *res);
/* Whether @s1 and @s2 are equal, a newline at the end of either ignored (lib/string.c). */
BLKMQ_BOOL sysfs_streq(const char *s1, const char *s2);
/* The kernel's scnprintf(): what it wrote, never more than @size - 1 bytes and a NUL. */
int scnprintf(char *buf, unsigned long size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* CLOCK_MONOTONIC now, in nanoseconds (a ktime_t: s64). */
long long ktime_get(void);

/*
 * --- Fault injection (lib/fault-inject.c), where the kernel has it (BLKMQ_HAS_FAULT_INJECTION;
 * elsewhere these are not defined). ---
 */
struct fault_attr;
/*
 * A new fault attribute set from "<interval>,<probability>,<space>,<times>", as C null_blk's
 * fault parameters are (setup_fault_attr(), not verbose): 0 and *attr, or -EINVAL for a
 * string that does not parse, -ENOMEM.
 */
int blkmq_fault_attr_create(const char *spec, struct fault_attr **attr);
void blkmq_fault_attr_destroy(struct fault_attr *attr);
/* should_fail(attr, 1): whether to inject the fault now. */
BLKMQ_BOOL blkmq_should_fail(struct fault_attr *attr);

/*
 * --- Logging: the kernel's printk, exported. Prefix the format with a BLKMQ_KERN_*
 * level (blkmq/base/printk.hpp does). ---
 */
int _printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* --- Run-time misuse reports: a clear message, never a WARN or an oops. --- */
enum blkmq_misuse {
	BLKMQ_MISUSE_MOVED_FROM = 1,           /* a transition on an emptied (moved-from) handle */
	BLKMQ_MISUSE_DROPPED_OWNED = 2,        /* an OwnedRequest dropped: failed with IOERR */
	BLKMQ_MISUSE_DROPPED_UNIQUE = 3,       /* a UniqueRequest dropped: failed with IOERR */
	BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY = 4, /* a tag set's last put while a disk uses it: kept */
	BLKMQ_MISUSE_DROPPED_DISPATCH = 5,     /* a busy / failed DispatchResult dropped: failed with IOERR */
	BLKMQ_MISUSE_EMPTY_OPTION = 6,         /* an empty Option dereferenced: the caller traps next */
	BLKMQ_MISUSE_NOT_UNIQUE = 7,           /* unique() taken from a try_unique() that failed */
	BLKMQ_MISUSE_BAD_ERRNO = 8,            /* Error::from_errno() of a value that is no negative errno */
	BLKMQ_MISUSE_EMPTY_TAG_SET = 9,        /* an empty (moved-from) TagSet used: build(), data(), update */
	BLKMQ_MISUSE_FOREIGN_DISPATCH = 10,    /* queue_rq gave back another request: failed with IOERR */
	BLKMQ_MISUSE_USE_AFTER_END = 11,       /* a Request read after it was given back (checked builds) */
	BLKMQ_MISUSE_PAGE_RANGE = 12,          /* a page range past its page, or a copy of unequal lengths */
	BLKMQ_MISUSE_EMPTY_DISK = 13,          /* an empty (moved-from) GenDisk frozen or quiesced: nothing done */
	BLKMQ_MISUSE_EMPTY_BAD_BLOCKS = 14,    /* an empty (moved-from) BadBlocks used: nothing done, none found */
};
void blkmq_report_misuse(enum blkmq_misuse what, const struct request *rq);

#ifdef BLKMQ_MODEL
/*
 * The userspace model also checks every field read of a request: reading one the driver
 * no longer owns is the use-after-free this library exists to prevent. A kernel build has
 * plain loads there, or in a checked build the held mark's test (detail/held_mark.hpp).
 */
/* Returns whether the read is allowed (the driver owns @rq). */
BLKMQ_BOOL blkmq_model_check_access(const struct request *rq);
/*
 * In a checked build of a driver on the model, the same reads also hand the model the
 * request's held mark, which it compares with its own state: the mark must say held exactly
 * when the driver owns the request.
 */
void blkmq_model_check_held_mark(const struct request *rq, int held);
/* Counts the I/Os @rq has carried: a view of one I/O's data is refused once it changes. */
unsigned int blkmq_model_request_episode(const struct request *rq);
#endif

#ifdef __cplusplus
}
#endif

#endif /* BLKMQ_SYS_H */
