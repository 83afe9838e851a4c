// SPDX-License-Identifier: GPL-2.0 OR MIT
// share() consumes the UniqueRequest: a unique handle next to shared ones could end the
// request under them.
// expect: blkmq: share\(\) consumes the UniqueRequest: write std::move\(rq\)\.share\(\)
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) {
#ifndef BLKMQ_CONTROL
	rq.share();
#else
	ARef<Request<Ops>> ref = std::move(rq).share();
#endif
}
