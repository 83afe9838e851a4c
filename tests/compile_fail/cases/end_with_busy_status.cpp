// SPDX-License-Identifier: GPL-2.0 OR MIT
// Ending a request with a busy status fails it with -ENOMEM where the block layer would
// have retried: busy is queue_rq's answer, not an outcome.
// expect: blkmq: busy is not a request outcome
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).end(Status::resource());
#else
	std::move(rq).end(Status::io_error());
#endif
}
