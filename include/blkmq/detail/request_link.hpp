// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The link a request carries while it is on a singly linked list: rq->rq_next, the first word
// of rq->queuelist, which the block layer leaves to whoever owns the request. The block
// layer's own lists of requests (a plug's, queue_rqs' batch) and the driver's RequestList link
// through it.
#pragma once

#include <blkmq/detail/field.hpp>

namespace blkmq::detail {

[[gnu::always_inline]] inline request *next_request(const request *rq) noexcept {
	return load_field<request *>(rq, BLKMQ_RQ_NEXT_OFFSET);
}

[[gnu::always_inline]] inline void set_next_request(request *rq, request *next) noexcept {
	*field_address<request *>(rq, BLKMQ_RQ_NEXT_OFFSET) = next;
}

// INIT_LIST_HEAD(&rq->queuelist), as list_del_init() leaves a request the block layer hands
// out: the flush sequence asserts on 6.1 that a request given back has its queuelist empty.
[[gnu::always_inline]] inline request *unlinked(request *rq) noexcept {
	void **queuelist = field_address<void *>(rq, BLKMQ_RQ_NEXT_OFFSET);
	queuelist[0] = static_cast<void *>(queuelist);
	queuelist[1] = static_cast<void *>(queuelist);
	return rq;
}

} // namespace blkmq::detail
