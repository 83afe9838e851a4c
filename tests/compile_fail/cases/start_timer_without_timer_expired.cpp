// SPDX-License-Identifier: GPL-2.0 OR MIT
// start_timer() gives the request back through Ops::timer_expired: without one, nobody would.
// expect: blkmq: start_timer\(\) needs Ops::timer_expired
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	std::move(rq).start_timer(1000);
#else
	std::move(rq).complete();
#endif
}
