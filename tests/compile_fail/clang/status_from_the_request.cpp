// SPDX-License-Identifier: GPL-2.0 OR MIT
// clang's analysis consumes a handle at std::move, so in `std::move(rq).end(status_for(*rq))`
// it sees the read after the move, though C++17 runs it before end(). The idiom that it
// accepts, the control here, computes the status first; the failing half is a real read
// after end.
// expect: invalid invocation of method 'operator\*' on object 'rq' while it is in the 'consumed' state
#include "../sample_ops.hpp"

Status status_for(const Request<Ops> &rq) { return rq.sector() == 0 ? Status::ok() : Status::io_error(); }

Status driver_code(UniqueRequest<Ops> rq) {
	const Status status = status_for(*rq);
	std::move(rq).end(status);
#ifndef BLKMQ_CONTROL
	return status_for(*rq);
#else
	return status;
#endif
}
