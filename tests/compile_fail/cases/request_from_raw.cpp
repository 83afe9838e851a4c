// SPDX-License-Identifier: GPL-2.0 OR MIT
// Request<Ops>::from_raw is private: a view made from a raw pointer carries no proof that
// the driver owns the request.
// expect: from_raw.*is (a )?private
#include "../sample_ops.hpp"

unsigned int driver_code(request *raw, UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	const Request<Ops> *view = Request<Ops>::from_raw(raw);
#else
	(void)raw;
	const Request<Ops> *view = &*rq;
#endif
	const unsigned int tag = view->tag();
	std::move(rq).end_ok();
	return tag;
}
