/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The userspace model's stand-ins for the kernel structures the C++ library reads inline.
 *
 * Only the fields the library reaches through <blkmq_layout.h> are here, in a different
 * order from the kernel's on purpose: code that assumes an offset instead of reading the
 * generated constant breaks in the model. Everything else about a request, a tag set or
 * a disk is model-private (model/src).
 */
#ifndef BLKMQ_MODEL_KERNEL_STRUCTS_H
#define BLKMQ_MODEL_KERNEL_STRUCTS_H

#include <blkmq/sys.h>

struct request_queue {
	struct gendisk *disk;
	void *queuedata;
	struct blk_mq_tag_set *tag_set;
};

/* The fields of a tag set the library reads: the model's struct blk_mq_tag_set begins with them. */
struct blkmq_model_tag_set_fields {
	const struct blk_mq_ops *ops;
	void *driver_data;
};

struct blk_mq_hw_ctx {
	void *driver_data;
	unsigned short type; /* BLKMQ_HCTX_TYPE_* */
	struct request_queue *queue;
	unsigned int queue_num;
};

struct blk_mq_queue_data {
	struct request *rq;
	BLKMQ_BOOL last;
};

/* Same members as the kernel's, in the kernel's order; all pointer-sized. */
struct blk_mq_ops {
	blkmq_queue_rq_fn *queue_rq;
	blkmq_commit_rqs_fn *commit_rqs;
	blkmq_queue_rqs_fn *queue_rqs;
	void *get_budget;
	void *put_budget;
	void *set_rq_budget_token;
	void *get_rq_budget_token;
	blkmq_timeout_fn *timeout;
	blkmq_poll_fn *poll;
	blkmq_complete_fn *complete;
	blkmq_init_hctx_fn *init_hctx;
	blkmq_exit_hctx_fn *exit_hctx;
	blkmq_init_request_fn *init_request;
	blkmq_exit_request_fn *exit_request;
	void *cleanup_rq;
	void *busy;
	blkmq_map_queues_fn *map_queues;
};

/* A page of the model's memory: where its bytes are. Pages of one buffer are consecutive
 * array elements, so page + n is the n-th next page, as with the kernel's vmemmap. */
struct page {
	unsigned char *address;
	/* Model-only: set for pages from blkmq_alloc_page, which the model counts. */
	int model_allocated;
};

struct bio_vec {
	unsigned int bv_offset;
	struct page *bv_page;
	unsigned int bv_len;
};

struct bio {
	struct bio_vec *bi_io_vec;
	struct {
		unsigned int bi_bvec_done;
		unsigned int bi_size;
		unsigned long long bi_sector;
		unsigned int bi_idx;
	} bi_iter;
	struct bio *bi_next;
};

/* The model's xarray and spin lock: their state is model-private (model/src). */
struct xarray {
	void *model_entries;
};

struct model_spinlock {
	int locked;            /* __atomic: 1 while held */
	unsigned long owner;   /* the holding thread's model id */
	unsigned int init_key; /* set by blkmq_spin_lock_init: taking an uninitialised lock is a violation */
	int is_mutex;          /* set by blkmq_mutex_init */
	/* Where it was taken (__atomic), for lockdep's "inconsistent lock state". */
	int taken_in_interrupt;
	int taken_with_interrupts_on;
	int inconsistency_reported;
};

/* A high-resolution timer: the model's timer thread fires it (model/src/timer.cpp). */
struct hrtimer {
	blkmq_hrtimer_fn *function;
	unsigned long long deadline_ns; /* model clock, while armed */
	int armed;                      /* under the timer thread's mutex */
	int running;                    /* the callback runs */
	unsigned int init_key;
};

/* A work item: the model's kblockd thread runs it (model/src/work.cpp). */
struct work_struct {
	blkmq_work_fn *function;
	int queued;  /* under the worker's mutex */
	int running; /* the callback runs */
	unsigned int init_key;
};

struct lock_class_key {
	char model_unused;
};

struct list_head {
	struct list_head *next, *prev;
};

struct request {
	struct bio *bio;
	unsigned long long __sector;
	int tag;
	unsigned int cmd_flags;
	struct blk_mq_hw_ctx *mq_hctx;
	unsigned int __data_len;
	struct request_queue *q;
	/* The driver's link while it owns the request (RequestList); the block layer's otherwise.
	 * As in the kernel, the first word of queuelist, which must be empty (pointing at itself)
	 * when the request is given back. */
	union {
		struct request *rq_next;
		struct list_head queuelist;
	};
	/* Model-only: enum blkmq_model_rq_state, read and written with __atomic builtins. */
	int model_state;
	/* Set when the request is ended; cleared when it is handed out again. */
	int model_ended;
	/* The I/Os this request has carried (blkmq_model_request_episode). */
	unsigned int model_episode;
	/* The model's bookkeeping for this request (model/src/internal.hpp). */
	void *model_request;
	/* The PDU (cmd_size bytes) follows, as in the kernel: blk_mq_rq_to_pdu() is rq + 1. */
} __attribute__((aligned(8)));

/* The list queue_rqs receives (6.13 on): linked through rq_next, the last one's null. */
struct rq_list {
	struct request *head;
	struct request *tail;
};

#endif /* BLKMQ_MODEL_KERNEL_STRUCTS_H */
