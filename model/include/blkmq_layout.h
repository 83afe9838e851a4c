/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * <blkmq_layout.h> for the userspace model: the same constants kernel/blkmq_layout.c
 * generates from the kernel headers, here taken from the model's own structures. Status,
 * op and flag values are deliberately not the kernel's, so a test passes only if the
 * library uses the names.
 */
#ifndef BLKMQ_LAYOUT_H
#define BLKMQ_LAYOUT_H

/* Read by <blkmq/sys.h>, which the structures below include: first. */
#define BLKMQ_INIT_REQUEST_NODE_IS_INT 0
/* queue_rqs' list is a struct rq_list, as on 6.13 and later. */
#define BLKMQ_RQ_LIST_HAS_TAIL 1

#include <blkmq_model/kernel_structs.h>
#include <stddef.h>

#define BLKMQ_RQ_PDU_OFFSET sizeof(struct request)
#define BLKMQ_RQ_ALIGN __alignof__(struct request)
#define BLKMQ_RQ_TAG_OFFSET offsetof(struct request, tag)
#define BLKMQ_RQ_SECTOR_OFFSET offsetof(struct request, __sector)
#define BLKMQ_RQ_DATA_LEN_OFFSET offsetof(struct request, __data_len)
#define BLKMQ_RQ_CMD_FLAGS_OFFSET offsetof(struct request, cmd_flags)
#define BLKMQ_RQ_MQ_HCTX_OFFSET offsetof(struct request, mq_hctx)
#define BLKMQ_RQ_Q_OFFSET offsetof(struct request, q)
#define BLKMQ_RQ_BIO_OFFSET offsetof(struct request, bio)
#define BLKMQ_RQ_NEXT_OFFSET offsetof(struct request, rq_next)

#define BLKMQ_BIO_NEXT_OFFSET offsetof(struct bio, bi_next)
#define BLKMQ_BIO_IO_VEC_OFFSET offsetof(struct bio, bi_io_vec)
#define BLKMQ_BIO_ITER_SIZE_OFFSET offsetof(struct bio, bi_iter.bi_size)
#define BLKMQ_BIO_ITER_IDX_OFFSET offsetof(struct bio, bi_iter.bi_idx)
#define BLKMQ_BIO_ITER_BVEC_DONE_OFFSET offsetof(struct bio, bi_iter.bi_bvec_done)
#define BLKMQ_BVEC_SIZE sizeof(struct bio_vec)
#define BLKMQ_BVEC_PAGE_OFFSET offsetof(struct bio_vec, bv_page)
#define BLKMQ_BVEC_LEN_OFFSET offsetof(struct bio_vec, bv_len)
#define BLKMQ_BVEC_OFFSET_OFFSET offsetof(struct bio_vec, bv_offset)
#define BLKMQ_PAGE_STRUCT_SIZE sizeof(struct page)

#define BLKMQ_XARRAY_SIZE sizeof(struct xarray)
#define BLKMQ_BADBLOCKS_MAX_ENTRIES 512 /* MAX_BADBLOCKS: a 4 KiB page of u64 entries */
#define BLKMQ_XARRAY_ALIGN __alignof__(struct xarray)
#define BLKMQ_SPINLOCK_SIZE sizeof(struct model_spinlock)
#define BLKMQ_SPINLOCK_ALIGN __alignof__(struct model_spinlock)
#define BLKMQ_MUTEX_SIZE sizeof(struct model_spinlock)
#define BLKMQ_MUTEX_ALIGN __alignof__(struct model_spinlock)
#define BLKMQ_LOCK_CLASS_KEY_SIZE sizeof(struct lock_class_key)
#define BLKMQ_LOCK_CLASS_KEY_ALIGN __alignof__(struct lock_class_key)
#define BLKMQ_HRTIMER_SIZE sizeof(struct hrtimer)
#define BLKMQ_HRTIMER_ALIGN __alignof__(struct hrtimer)
#define BLKMQ_HRTIMER_NORESTART 0u
#define BLKMQ_WORK_SIZE sizeof(struct work_struct)
#define BLKMQ_WORK_ALIGN __alignof__(struct work_struct)

#define BLKMQ_HCTX_QUEUE_NUM_OFFSET offsetof(struct blk_mq_hw_ctx, queue_num)
#define BLKMQ_HCTX_DRIVER_DATA_OFFSET offsetof(struct blk_mq_hw_ctx, driver_data)
#define BLKMQ_HCTX_QUEUE_OFFSET offsetof(struct blk_mq_hw_ctx, queue)
#define BLKMQ_HCTX_TYPE_OFFSET offsetof(struct blk_mq_hw_ctx, type)
/* Not the kernel's numbers (0, 1, 2), so that only the names work. */
#define BLKMQ_HCTX_TYPE_DEFAULT 3
#define BLKMQ_HCTX_TYPE_READ 4
#define BLKMQ_HCTX_TYPE_POLL 5
#define BLKMQ_QUEUE_QUEUEDATA_OFFSET offsetof(struct request_queue, queuedata)
#define BLKMQ_QUEUE_TAG_SET_OFFSET offsetof(struct request_queue, tag_set)
#define BLKMQ_TAG_SET_DRIVER_DATA_OFFSET offsetof(struct blkmq_model_tag_set_fields, driver_data)
#define BLKMQ_QD_RQ_OFFSET offsetof(struct blk_mq_queue_data, rq)
#define BLKMQ_QD_LAST_OFFSET offsetof(struct blk_mq_queue_data, last)

#define BLKMQ_OPS_SIZE sizeof(struct blk_mq_ops)
#define BLKMQ_OPS_QUEUE_RQ_OFFSET offsetof(struct blk_mq_ops, queue_rq)
#define BLKMQ_OPS_COMMIT_RQS_OFFSET offsetof(struct blk_mq_ops, commit_rqs)
#define BLKMQ_OPS_QUEUE_RQS_OFFSET offsetof(struct blk_mq_ops, queue_rqs)
#define BLKMQ_RQ_LIST_TAIL_OFFSET offsetof(struct rq_list, tail)
#define BLKMQ_OPS_TIMEOUT_OFFSET offsetof(struct blk_mq_ops, timeout)
#define BLKMQ_OPS_POLL_OFFSET offsetof(struct blk_mq_ops, poll)
#define BLKMQ_OPS_COMPLETE_OFFSET offsetof(struct blk_mq_ops, complete)
#define BLKMQ_OPS_INIT_HCTX_OFFSET offsetof(struct blk_mq_ops, init_hctx)
#define BLKMQ_OPS_EXIT_HCTX_OFFSET offsetof(struct blk_mq_ops, exit_hctx)
#define BLKMQ_OPS_MAP_QUEUES_OFFSET offsetof(struct blk_mq_ops, map_queues)
#define BLKMQ_OPS_INIT_REQUEST_OFFSET offsetof(struct blk_mq_ops, init_request)
#define BLKMQ_OPS_EXIT_REQUEST_OFFSET offsetof(struct blk_mq_ops, exit_request)

/* blk_status_t: shifted from the kernel's numbering on purpose (see above). */
#define BLKMQ_STS_OK 0
#define BLKMQ_STS_NOTSUPP 101
#define BLKMQ_STS_TIMEOUT 102
#define BLKMQ_STS_NOSPC 103
#define BLKMQ_STS_TRANSPORT 104
#define BLKMQ_STS_TARGET 105
#define BLKMQ_STS_MEDIUM 107
#define BLKMQ_STS_PROTECTION 108
#define BLKMQ_STS_RESOURCE 109
#define BLKMQ_STS_IOERR 110
#define BLKMQ_STS_DM_REQUEUE 111
#define BLKMQ_STS_AGAIN 112
#define BLKMQ_STS_DEV_RESOURCE 113

#define BLKMQ_EH_DONE 0
#define BLKMQ_EH_RESET_TIMER 1

/* Ops keep the kernel's parity rule (odd ops write); flags sit in other bits than the kernel's. */
#define BLKMQ_REQ_OP_MASK 0xffu
#define BLKMQ_REQ_OP_READ 0u
#define BLKMQ_REQ_OP_WRITE 1u
#define BLKMQ_REQ_OP_FLUSH 2u
#define BLKMQ_REQ_OP_DISCARD 3u
#define BLKMQ_REQ_OP_SECURE_ERASE 5u
#define BLKMQ_REQ_OP_WRITE_ZEROES 9u
#define BLKMQ_REQ_OP_ZONE_OPEN 10u
#define BLKMQ_REQ_OP_ZONE_CLOSE 11u
#define BLKMQ_REQ_OP_ZONE_FINISH 12u
#define BLKMQ_REQ_OP_ZONE_APPEND 13u
#define BLKMQ_REQ_OP_ZONE_RESET 15u
#define BLKMQ_REQ_OP_ZONE_RESET_ALL 17u
#define BLKMQ_REQ_OP_DRV_IN 34u
#define BLKMQ_REQ_OP_DRV_OUT 35u
#define BLKMQ_REQ_FUA (1u << 20)
#define BLKMQ_REQ_PREFLUSH (1u << 21)
#define BLKMQ_REQ_SYNC (1u << 22)
#define BLKMQ_REQ_META (1u << 23)
#define BLKMQ_REQ_NOUNMAP (1u << 24)

#define BLKMQ_GFP_KERNEL 0x1u
#define BLKMQ_GFP_NOIO 0x2u
#define BLKMQ_GFP_ATOMIC 0x4u
#define BLKMQ_GFP_ZERO 0x100u
#define BLKMQ_KMALLOC_MIN_ALIGN 16
#define BLKMQ_PAGE_SIZE 4096u
/* The model has fault injection, as the debug kernel does (model/src/fault_injection.cpp). */
#define BLKMQ_HAS_FAULT_INJECTION 1

#endif /* BLKMQ_LAYOUT_H */
