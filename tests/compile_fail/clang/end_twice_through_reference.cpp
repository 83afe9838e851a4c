// SPDX-License-Identifier: GPL-2.0 OR MIT
// A helper that ends a request through a reference parameter is correct code (the control
// must compile without a warning: clang cannot know the parameter's state, and blkmq lets
// an unknown handle be used); ending it twice there is still reported.
// expect: invalid invocation of method 'end_ok' on .*'consumed' state \[-Werror,-Wconsumed\]
#include "../sample_ops.hpp"

void finish(UniqueRequest<Ops> &rq) {
	const unsigned int tag = rq->tag();
	std::move(rq).end(tag == 0 ? Status::ok() : Status::io_error());
#ifndef BLKMQ_CONTROL
	std::move(rq).end_ok();
#endif
}

void finish_moved(UniqueRequest<Ops> &&rq) { std::move(rq).end_ok(); }

void driver_code(UniqueRequest<Ops> first, UniqueRequest<Ops> second) {
	finish(first);
	finish_moved(std::move(second));
}
