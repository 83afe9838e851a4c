// SPDX-License-Identifier: GPL-2.0 OR MIT
// TagSet::create() arguments construct the Ops' TagSetData: an Ops without one has nothing
// to construct, and the arguments would be dropped unseen.
// expect: TagSet::create\(\) got arguments for a TagSetData, but Ops declares none
#include "../sample_ops.hpp"

blkmq::Result<blkmq::TagSet<Ops>> driver_code() {
#ifndef BLKMQ_CONTROL
	return blkmq::TagSet<Ops>::create({}, 42);
#else
	return blkmq::TagSet<Ops>::create({});
#endif
}
