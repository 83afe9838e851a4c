// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Uses only what needs no implementation of <blkmq/sys.h> (this project links no model):
// the Operations concept and the disk builder's validation.
#include <blkmq/blkmq.hpp>

#include <utility>

namespace {

struct ConsumerOps {
	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<ConsumerOps> &, blkmq::OwnedRequest<ConsumerOps> rq,
					      bool) noexcept {
		std::move(rq).start().end_ok();
		return blkmq::DispatchResult::accepted();
	}
};

static_assert(blkmq::Operations<ConsumerOps>);

} // namespace

int main() {
	blkmq::GenDiskBuilder builder;
	builder.name("consumer", 0).capacity_sectors(2048).logical_block_size(512);
	const bool valid = builder.validate().has_value();
	builder.logical_block_size(1000);
	const bool invalid = !builder.validate().has_value();
	return valid && invalid ? 0 : 1;
}
