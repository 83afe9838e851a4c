// SPDX-License-Identifier: GPL-2.0 OR MIT
// A Request cannot be constructed, from a raw pointer or otherwise: it exists only as the
// kernel's object, reached through a handle.
// expect: no matching (function for call to|constructor for initialization of).*Request
#include "../sample_ops.hpp"

unsigned int driver_code(request *raw, UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	Request<Ops> view(raw);
	const unsigned int tag = view.tag();
#else
	(void)raw;
	const unsigned int tag = rq->tag();
#endif
	std::move(rq).end_ok();
	return tag;
}
