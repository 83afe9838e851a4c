// SPDX-License-Identifier: GPL-2.0 OR MIT
// A RequestList owns its requests: a copy would end each of them twice.
// expect: deleted (function|constructor).*RequestList
#include "../sample_ops.hpp"

void driver_code(blkmq::RequestList<Ops> &list) {
#ifndef BLKMQ_CONTROL
	blkmq::RequestList<Ops> copy = list;
#else
	blkmq::RequestList<Ops> copy = list.take();
#endif
	while (blkmq::Option<UniqueRequest<Ops>> rq = copy.pop_front())
		(*std::move(rq)).end_ok();
}
