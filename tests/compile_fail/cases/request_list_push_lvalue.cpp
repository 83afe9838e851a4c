// SPDX-License-Identifier: GPL-2.0 OR MIT
// push_back() takes the handle over: an lvalue would have to be copied, and a handle is
// never copied.
// expect: blkmq: a UniqueRequest is never copied
#include "../sample_ops.hpp"

void driver_code(blkmq::RequestList<Ops> &list, UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	list.push_back(rq);
#else
	list.push_back(std::move(rq));
#endif
}
