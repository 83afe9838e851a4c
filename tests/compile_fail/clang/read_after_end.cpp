// SPDX-License-Identifier: GPL-2.0 OR MIT
// Once ended, the request may already be reused for other I/O: reading it through the
// consumed handle is a use-after-free.
// expect: 'operator->' on object 'rq' while it is in the 'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

unsigned int driver_code(UniqueRequest<Ops> rq) {
	const unsigned int tag = rq->tag();
	std::move(rq).end_ok();
#ifndef BLKMQ_CONTROL
	return rq->tag();
#else
	return tag;
#endif
}
