// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The driver data a request_queue leads to: the disk's QueueData (q->queuedata) and the tag
// set's TagSetData (q->tag_set->driver_data), for the handles that know their queue (HwQueue
// through hctx->queue, Request through rq->q). Both are set before the first operation that
// can reach them runs and freed after the last (queues/tag_set.hpp, disks/gen_disk.hpp), so a
// const reference is valid for as long as the handle it is reached through.
#pragma once

#include <blkmq/detail/field.hpp>
#include <blkmq/detail/ops_traits.hpp>

namespace blkmq::detail {

template <class Ops>
[[gnu::always_inline]] inline const QueueDataOf<Ops> &queue_data_of(const void *queue) noexcept {
	return *load_field<const QueueDataOf<Ops> *>(queue, BLKMQ_QUEUE_QUEUEDATA_OFFSET);
}

template <class Ops>
[[gnu::always_inline]] inline const TagSetDataOf<Ops> &tag_set_data_of(const void *queue) noexcept {
	const auto *set = load_field<const void *>(queue, BLKMQ_QUEUE_TAG_SET_OFFSET);
	return *load_field<const TagSetDataOf<Ops> *>(set, BLKMQ_TAG_SET_DRIVER_DATA_OFFSET);
}

} // namespace blkmq::detail
