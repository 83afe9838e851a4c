// SPDX-License-Identifier: GPL-2.0 OR MIT
// queue_work() gives the request back through Ops::work: without one, nobody would.
// expect: blkmq: queue_work\(\) needs Ops::work
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).queue_work();
#else
	std::move(rq).complete();
#endif
}
