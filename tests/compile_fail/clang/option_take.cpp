// SPDX-License-Identifier: GPL-2.0 OR MIT
// A handle taken out of an Option is followed from there on: the control (take, then end
// once) compiles clean under -Werror=consumed, and ending the taken handle twice does not.
// expect: invalid invocation of method 'end_ok' on .*'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

void driver_code(blkmq::Option<UniqueRequest<Ops>> slot) {
	if (!slot)
		return;
	UniqueRequest<Ops> rq = std::move(slot).take();
	std::move(rq).end_ok();
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#endif
}
