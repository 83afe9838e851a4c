// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * <blkmq_layout.h>: the kernel's numbers and offsets, for C++ code, which cannot include kernel
 * headers. Works like the kernel's asm-offsets: kernel/blkmq.mk compiles this file to assembly
 * with the module's C flags, each DEFINE(sym, value) leaves a "->sym value expression" marker in
 * it, and Kbuild's sed-offsets turns the markers into "#define sym value" lines of
 * blkmq_layout.h, in the module's build directory (blkmq-generated/). Nothing here is linked.
 *
 * Every constant the C++ library uses is here; model/include/blkmq_layout.h is the userspace
 * model's version of the same list. To add a constant: include the header that defines it, then
 *   DEFINE(BLKMQ_NAME, integer constant expression);  e.g. a size, a flag, an enum value
 *   OFFSET(BLKMQ_NAME, struct_name, member);          offsetof(struct struct_name, member)
 * and add it to the model's list too. The static_asserts pin down the type of each field C++
 * reads, so that a field changing type fails here rather than reading garbage.
 */
#include <linux/badblocks.h>
#include <linux/bio.h>
#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/build_bug.h>
#include <linux/gfp.h>
#include <linux/hrtimer.h>
#include <linux/kbuild.h>
#include <linux/lockdep.h>
#include <linux/mm_types.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#define BLKMQ_FIELD_IS(type, member, field_type)                                                                       \
	static_assert(__same_type(((struct type *)NULL)->member, field_type),                                          \
		      "C++ reads struct " #type "." #member " as " #field_type)

BLKMQ_FIELD_IS(request, tag, int);
BLKMQ_FIELD_IS(request, __sector, sector_t);
BLKMQ_FIELD_IS(request, __data_len, unsigned int);
BLKMQ_FIELD_IS(request, cmd_flags, blk_opf_t);
BLKMQ_FIELD_IS(request, mq_hctx, struct blk_mq_hw_ctx *);
BLKMQ_FIELD_IS(request, q, struct request_queue *);
BLKMQ_FIELD_IS(request, bio, struct bio *);
BLKMQ_FIELD_IS(request, rq_next, struct request *);
BLKMQ_FIELD_IS(request, queuelist, struct list_head);
static_assert(offsetof(struct request, rq_next) == offsetof(struct request, queuelist),
	      "RequestList links through rq_next and gives requests back with queuelist empty");
BLKMQ_FIELD_IS(bio, bi_next, struct bio *);
BLKMQ_FIELD_IS(bio, bi_io_vec, struct bio_vec *);
BLKMQ_FIELD_IS(bio, bi_iter.bi_size, unsigned int);
BLKMQ_FIELD_IS(bio, bi_iter.bi_idx, unsigned int);
/*
 * The bytes of the current bio_vec already walked: bi_bvec_done up to 6.x, bi_offset in 7.x.
 * Found by place rather than name (the member after bi_idx, the last), so that one line serves
 * every kernel; a member added there fails this assertion instead of being misread.
 */
#define BLKMQ_BVEC_ITER_DONE_OFFSET (offsetof(struct bvec_iter, bi_idx) + sizeof(unsigned int))
static_assert(sizeof(struct bvec_iter) == BLKMQ_BVEC_ITER_DONE_OFFSET + sizeof(unsigned int),
	      "struct bvec_iter no longer ends with bi_idx and the bytes done of its bio_vec");
BLKMQ_FIELD_IS(bio_vec, bv_page, struct page *);
BLKMQ_FIELD_IS(bio_vec, bv_len, unsigned int);
BLKMQ_FIELD_IS(bio_vec, bv_offset, unsigned int);
BLKMQ_FIELD_IS(blk_mq_hw_ctx, queue_num, unsigned int);
BLKMQ_FIELD_IS(blk_mq_hw_ctx, driver_data, void *);
BLKMQ_FIELD_IS(blk_mq_hw_ctx, queue, struct request_queue *);
BLKMQ_FIELD_IS(blk_mq_hw_ctx, type, unsigned short);
BLKMQ_FIELD_IS(request_queue, queuedata, void *);
BLKMQ_FIELD_IS(request_queue, tag_set, struct blk_mq_tag_set *);
BLKMQ_FIELD_IS(blk_mq_tag_set, driver_data, void *);
BLKMQ_FIELD_IS(blk_mq_queue_data, rq, struct request *);
BLKMQ_FIELD_IS(blk_mq_queue_data, last, bool);
static_assert(sizeof(sector_t) == 8 && sizeof(blk_opf_t) == 4, "C++ reads sector_t as u64, blk_opf_t as u32");
/* C++ fills struct blk_mq_ops as an array of pointer-sized slots. */
static_assert(sizeof(struct blk_mq_ops) % sizeof(void *) == 0, "struct blk_mq_ops holds only pointers");
/* blk_mq_rq_to_pdu() is rq + 1. */
static_assert(sizeof(struct request) % __alignof__(struct request) == 0, "the PDU follows struct request");
/* C++ cannot spell gfp_t (a sparse-annotated unsigned int): it passes the same bits as one. */
static_assert(sizeof(gfp_t) == sizeof(unsigned int), "gfp_t is an unsigned int");

static void __used blkmq_layout(void) {
	COMMENT("struct request, and the PDU right after it (blk_mq_rq_to_pdu)");
	DEFINE(BLKMQ_RQ_PDU_OFFSET, sizeof(struct request));
	DEFINE(BLKMQ_RQ_ALIGN, __alignof__(struct request));
	OFFSET(BLKMQ_RQ_TAG_OFFSET, request, tag);
	OFFSET(BLKMQ_RQ_SECTOR_OFFSET, request, __sector);
	OFFSET(BLKMQ_RQ_DATA_LEN_OFFSET, request, __data_len);
	OFFSET(BLKMQ_RQ_CMD_FLAGS_OFFSET, request, cmd_flags);
	OFFSET(BLKMQ_RQ_MQ_HCTX_OFFSET, request, mq_hctx);
	OFFSET(BLKMQ_RQ_Q_OFFSET, request, q);
	OFFSET(BLKMQ_RQ_BIO_OFFSET, request, bio);
	OFFSET(BLKMQ_RQ_NEXT_OFFSET, request, rq_next);
	BLANK();

	COMMENT("struct bio, struct bio_vec, struct page: a request's data (bio_for_each_segment)");
	OFFSET(BLKMQ_BIO_NEXT_OFFSET, bio, bi_next);
	OFFSET(BLKMQ_BIO_IO_VEC_OFFSET, bio, bi_io_vec);
	OFFSET(BLKMQ_BIO_ITER_SIZE_OFFSET, bio, bi_iter.bi_size);
	OFFSET(BLKMQ_BIO_ITER_IDX_OFFSET, bio, bi_iter.bi_idx);
	DEFINE(BLKMQ_BIO_ITER_BVEC_DONE_OFFSET, offsetof(struct bio, bi_iter) + BLKMQ_BVEC_ITER_DONE_OFFSET);
	DEFINE(BLKMQ_BVEC_SIZE, sizeof(struct bio_vec));
	OFFSET(BLKMQ_BVEC_PAGE_OFFSET, bio_vec, bv_page);
	OFFSET(BLKMQ_BVEC_LEN_OFFSET, bio_vec, bv_len);
	OFFSET(BLKMQ_BVEC_OFFSET_OFFSET, bio_vec, bv_offset);
	DEFINE(BLKMQ_PAGE_STRUCT_SIZE, sizeof(struct page));
	DEFINE(BLKMQ_BADBLOCKS_MAX_ENTRIES, MAX_BADBLOCKS);
	BLANK();

	COMMENT("Memory the C++ side reserves for kernel objects it embeds");
	DEFINE(BLKMQ_XARRAY_SIZE, sizeof(struct xarray));
	DEFINE(BLKMQ_XARRAY_ALIGN, __alignof__(struct xarray));
	DEFINE(BLKMQ_SPINLOCK_SIZE, sizeof(spinlock_t));
	DEFINE(BLKMQ_SPINLOCK_ALIGN, __alignof__(spinlock_t));
	DEFINE(BLKMQ_MUTEX_SIZE, sizeof(struct mutex));
	DEFINE(BLKMQ_MUTEX_ALIGN, __alignof__(struct mutex));
	DEFINE(BLKMQ_LOCK_CLASS_KEY_SIZE, sizeof(struct lock_class_key));
	DEFINE(BLKMQ_LOCK_CLASS_KEY_ALIGN, __alignof__(struct lock_class_key));
	DEFINE(BLKMQ_HRTIMER_SIZE, sizeof(struct hrtimer));
	DEFINE(BLKMQ_HRTIMER_ALIGN, __alignof__(struct hrtimer));
	DEFINE(BLKMQ_HRTIMER_NORESTART, HRTIMER_NORESTART);
	DEFINE(BLKMQ_WORK_SIZE, sizeof(struct work_struct));
	DEFINE(BLKMQ_WORK_ALIGN, __alignof__(struct work_struct));
	BLANK();

	COMMENT("struct blk_mq_hw_ctx, struct request_queue, struct blk_mq_queue_data");
	OFFSET(BLKMQ_HCTX_QUEUE_NUM_OFFSET, blk_mq_hw_ctx, queue_num);
	OFFSET(BLKMQ_HCTX_DRIVER_DATA_OFFSET, blk_mq_hw_ctx, driver_data);
	OFFSET(BLKMQ_HCTX_QUEUE_OFFSET, blk_mq_hw_ctx, queue);
	OFFSET(BLKMQ_HCTX_TYPE_OFFSET, blk_mq_hw_ctx, type);
	DEFINE(BLKMQ_HCTX_TYPE_DEFAULT, HCTX_TYPE_DEFAULT);
	DEFINE(BLKMQ_HCTX_TYPE_READ, HCTX_TYPE_READ);
	DEFINE(BLKMQ_HCTX_TYPE_POLL, HCTX_TYPE_POLL);
	OFFSET(BLKMQ_QUEUE_QUEUEDATA_OFFSET, request_queue, queuedata);
	OFFSET(BLKMQ_QUEUE_TAG_SET_OFFSET, request_queue, tag_set);
	OFFSET(BLKMQ_TAG_SET_DRIVER_DATA_OFFSET, blk_mq_tag_set, driver_data);
	OFFSET(BLKMQ_QD_RQ_OFFSET, blk_mq_queue_data, rq);
	OFFSET(BLKMQ_QD_LAST_OFFSET, blk_mq_queue_data, last);
	BLANK();

	COMMENT("struct blk_mq_ops: its size and the members C++ fills");
	DEFINE(BLKMQ_OPS_SIZE, sizeof(struct blk_mq_ops));
	OFFSET(BLKMQ_OPS_QUEUE_RQ_OFFSET, blk_mq_ops, queue_rq);
	OFFSET(BLKMQ_OPS_COMMIT_RQS_OFFSET, blk_mq_ops, commit_rqs);
	OFFSET(BLKMQ_OPS_QUEUE_RQS_OFFSET, blk_mq_ops, queue_rqs);
	OFFSET(BLKMQ_OPS_TIMEOUT_OFFSET, blk_mq_ops, timeout);
	OFFSET(BLKMQ_OPS_POLL_OFFSET, blk_mq_ops, poll);
	OFFSET(BLKMQ_OPS_COMPLETE_OFFSET, blk_mq_ops, complete);
	OFFSET(BLKMQ_OPS_INIT_HCTX_OFFSET, blk_mq_ops, init_hctx);
	OFFSET(BLKMQ_OPS_EXIT_HCTX_OFFSET, blk_mq_ops, exit_hctx);
	OFFSET(BLKMQ_OPS_MAP_QUEUES_OFFSET, blk_mq_ops, map_queues);
	OFFSET(BLKMQ_OPS_INIT_REQUEST_OFFSET, blk_mq_ops, init_request);
	OFFSET(BLKMQ_OPS_EXIT_REQUEST_OFFSET, blk_mq_ops, exit_request);
	BLANK();

	COMMENT("blk_status_t values (renumbered between kernel versions)");
	DEFINE(BLKMQ_STS_OK, BLK_STS_OK);
	DEFINE(BLKMQ_STS_NOTSUPP, BLK_STS_NOTSUPP);
	DEFINE(BLKMQ_STS_TIMEOUT, BLK_STS_TIMEOUT);
	DEFINE(BLKMQ_STS_NOSPC, BLK_STS_NOSPC);
	DEFINE(BLKMQ_STS_TRANSPORT, BLK_STS_TRANSPORT);
	DEFINE(BLKMQ_STS_TARGET, BLK_STS_TARGET);
	DEFINE(BLKMQ_STS_MEDIUM, BLK_STS_MEDIUM);
	DEFINE(BLKMQ_STS_PROTECTION, BLK_STS_PROTECTION);
	DEFINE(BLKMQ_STS_RESOURCE, BLK_STS_RESOURCE);
	DEFINE(BLKMQ_STS_IOERR, BLK_STS_IOERR);
	DEFINE(BLKMQ_STS_DM_REQUEUE, BLK_STS_DM_REQUEUE);
	DEFINE(BLKMQ_STS_AGAIN, BLK_STS_AGAIN);
	DEFINE(BLKMQ_STS_DEV_RESOURCE, BLK_STS_DEV_RESOURCE);
	BLANK();

	COMMENT("enum blk_eh_timer_return");
	DEFINE(BLKMQ_EH_DONE, BLK_EH_DONE);
	DEFINE(BLKMQ_EH_RESET_TIMER, BLK_EH_RESET_TIMER);
	BLANK();

	COMMENT("REQ_OP_* and REQ_* flags (rq->cmd_flags)");
	DEFINE(BLKMQ_REQ_OP_MASK, REQ_OP_MASK);
	DEFINE(BLKMQ_REQ_OP_READ, REQ_OP_READ);
	DEFINE(BLKMQ_REQ_OP_WRITE, REQ_OP_WRITE);
	DEFINE(BLKMQ_REQ_OP_FLUSH, REQ_OP_FLUSH);
	DEFINE(BLKMQ_REQ_OP_DISCARD, REQ_OP_DISCARD);
	DEFINE(BLKMQ_REQ_OP_SECURE_ERASE, REQ_OP_SECURE_ERASE);
	DEFINE(BLKMQ_REQ_OP_WRITE_ZEROES, REQ_OP_WRITE_ZEROES);
	DEFINE(BLKMQ_REQ_OP_ZONE_OPEN, REQ_OP_ZONE_OPEN);
	DEFINE(BLKMQ_REQ_OP_ZONE_CLOSE, REQ_OP_ZONE_CLOSE);
	DEFINE(BLKMQ_REQ_OP_ZONE_FINISH, REQ_OP_ZONE_FINISH);
	DEFINE(BLKMQ_REQ_OP_ZONE_APPEND, REQ_OP_ZONE_APPEND);
	DEFINE(BLKMQ_REQ_OP_ZONE_RESET, REQ_OP_ZONE_RESET);
	DEFINE(BLKMQ_REQ_OP_ZONE_RESET_ALL, REQ_OP_ZONE_RESET_ALL);
	DEFINE(BLKMQ_REQ_OP_DRV_IN, REQ_OP_DRV_IN);
	DEFINE(BLKMQ_REQ_OP_DRV_OUT, REQ_OP_DRV_OUT);
	DEFINE(BLKMQ_REQ_FUA, REQ_FUA);
	DEFINE(BLKMQ_REQ_PREFLUSH, REQ_PREFLUSH);
	DEFINE(BLKMQ_REQ_SYNC, REQ_SYNC);
	DEFINE(BLKMQ_REQ_META, REQ_META);
	DEFINE(BLKMQ_REQ_NOUNMAP, REQ_NOUNMAP);
	BLANK();

	COMMENT("init_request's NUMA node: unsigned int up to 6.x, int in 7.x (sys.h)");
	DEFINE(BLKMQ_INIT_REQUEST_NODE_IS_INT,
	       __same_type(((struct blk_mq_ops *)NULL)->init_request,
			   int (*)(struct blk_mq_tag_set *, struct request *, unsigned int, int)));
	BLANK();

	/* Where the rq_list helpers are macros, the list is a struct request * (6.1; see sys.h). */
#ifdef rq_list_peek
	COMMENT("queue_rqs' list: a pointer to the first request (sys.h)");
	DEFINE(BLKMQ_RQ_LIST_HAS_TAIL, 0);
#else
	COMMENT("queue_rqs' list: a struct rq_list of the first and the last request (sys.h)");
	DEFINE(BLKMQ_RQ_LIST_HAS_TAIL, 1);
	OFFSET(BLKMQ_RQ_LIST_TAIL_OFFSET, rq_list, tail);
	static_assert(offsetof(struct rq_list, head) == 0, "DispatchBatch reads the head first");
#endif
	BLANK();

	COMMENT("Fault injection (lib/fault-inject.c): in debug kernels, not in Debian's (base/fault_injection.hpp)");
	DEFINE(BLKMQ_HAS_FAULT_INJECTION, IS_ENABLED(CONFIG_FAULT_INJECTION));
	BLANK();

	COMMENT("Memory: gfp_t flags (configuration dependent), kmalloc alignment, page size");
	DEFINE(BLKMQ_GFP_KERNEL, GFP_KERNEL);
	DEFINE(BLKMQ_GFP_NOIO, GFP_NOIO);
	DEFINE(BLKMQ_GFP_ATOMIC, GFP_ATOMIC);
	DEFINE(BLKMQ_GFP_ZERO, __GFP_ZERO);
	DEFINE(BLKMQ_KMALLOC_MIN_ALIGN, ARCH_KMALLOC_MINALIGN);
	DEFINE(BLKMQ_PAGE_SIZE, PAGE_SIZE);
}
