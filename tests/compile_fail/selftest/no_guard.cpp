// SPDX-License-Identifier: GPL-2.0 OR MIT
// Driver self-test: no BLKMQ_CONTROL guard, so there is no control showing that only the
// offending line makes it fail. The driver must reject it.
// expect: blkmq: ending consumes the UniqueRequest
#include "../sample_ops.hpp"

void driver_code(UniqueRequest<Ops> rq) { rq.end_ok(); }
