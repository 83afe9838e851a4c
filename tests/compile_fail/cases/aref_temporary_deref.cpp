// SPDX-License-Identifier: GPL-2.0 OR MIT
// A reference taken through a temporary ARef outlives the count the temporary held: the
// request may be ended and reused before the reference is read.
// expect: blkmq: \* of an rvalue ARef
#include "../sample_ops.hpp"

unsigned long long driver_code(const blkmq::TagSet<Ops> &tag_set, blkmq::TagCookie cookie) {
	blkmq::Option<ARef<Request<Ops>>> found = tag_set.tag_to_rq(cookie);
	if (!found)
		return 0;
#ifndef BLKMQ_CONTROL
	const Request<Ops> &rq = *std::move(found).take();
#else
	const ARef<Request<Ops>> ref = std::move(found).take();
	const Request<Ops> &rq = *ref;
#endif
	return rq.sector();
}
