// SPDX-License-Identifier: GPL-2.0 OR MIT
// An ARef cannot adopt a reference: every ARef comes from an operation that took a count
// (share(), tag_to_rq(), a copy), or the count would drop below the handles that exist.
// expect: adopt.*is (a )?private
#include "../sample_ops.hpp"

bool driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	ARef<Request<Ops>> ref = ARef<Request<Ops>>::adopt(&*rq);
	std::move(rq).end_ok();
#else
	ARef<Request<Ops>> ref = std::move(rq).share();
#endif
	return static_cast<bool>(ref);
}
