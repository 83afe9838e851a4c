// SPDX-License-Identifier: GPL-2.0 OR MIT
// Moving a consumed handle into another does not revive it: the new handle is consumed
// too, and ending it is reported. (Assigning a live handle into a consumed one does.)
// expect: invalid invocation of method 'end_ok' on .*'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq, UniqueRequest<Ops> fresh) {
	std::move(rq).end_ok();
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> other = std::move(rq);
	std::move(other).end_ok();
#endif
	rq = std::move(fresh);
	std::move(rq).end_ok();
}
