// SPDX-License-Identifier: GPL-2.0 OR MIT
// end_all() ends each request with the Status its callback gives: one that returns an errno
// (or anything but a Status) is the library's error, not a template backtrace.
// expect: RequestList::end_all\(\) needs a status_of callable
#include "../sample_ops.hpp"

int driver_code(blkmq::RequestList<Ops> &list, blkmq::CompletionBatch &batch) {
#ifndef BLKMQ_CONTROL
	return list.take().end_all(batch, [](const blkmq::Request<Ops> &) { return -5; });
#else
	return list.take().end_all(batch, [](const blkmq::Request<Ops> &) { return blkmq::Status::io_error(); });
#endif
}
