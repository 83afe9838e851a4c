// SPDX-License-Identifier: GPL-2.0 OR MIT
// A started request held in a variable that nothing uses is never ended by the driver: g++
// warns as for an unused int (the types are [[gnu::warn_unused]]), which a module build
// makes an error. One that is used but never ended is failed and reported at run time.
// expect: unused variable 'started'
#include "../sample_ops.hpp"

DispatchResult driver_code(OwnedRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	UniqueRequest<Ops> started = std::move(rq).start();
#else
	std::move(rq).start().end_ok();
#endif
	return DispatchResult::accepted();
}
