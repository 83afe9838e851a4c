// SPDX-License-Identifier: GPL-2.0 OR MIT
// end_all() empties the list it is called on, so it takes the list as an rvalue: called on
// the list a poll queue keeps (in its lock), it would end requests under the lock.
// expect: blkmq: end_all\(\) empties the list: take it out of its lock first
#include "../sample_ops.hpp"

int driver_code(blkmq::RequestList<Ops> &list, blkmq::CompletionBatch &batch) {
	auto status_of = [](const blkmq::Request<Ops> &) { return blkmq::Status::ok(); };
#ifndef BLKMQ_CONTROL
	return list.end_all(batch, status_of);
#else
	return list.take().end_all(batch, status_of);
#endif
}
