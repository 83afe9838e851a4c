// SPDX-License-Identifier: GPL-2.0 OR MIT
// A Request is a view of the kernel's struct request, never a value: copying one out of
// a handle would outlive the handle that proves the driver owns it.
// expect: deleted (function|constructor).*Request
#include "../sample_ops.hpp"

unsigned int driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	Request<Ops> copy = *rq;
#else
	const Request<Ops> &copy = *rq;
#endif
	const unsigned int tag = copy.tag();
	std::move(rq).end_ok();
	return tag;
}
