// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Every legal transition of a request, driven through the model.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

namespace blkmq::testing {
namespace {

// Ends each request in queue_rq, recording what it saw.
struct InlineOps {
	struct RequestData {
		int times_queued = 0;
	};
	static inline std::uint64_t last_sector = 0;
	static inline std::uint32_t last_bytes = 0;
	static inline Op last_op = Op::Read;

	static DispatchResult queue_rq(HwQueue<InlineOps> &, OwnedRequest<InlineOps> rq, bool) {
		UniqueRequest<InlineOps> started = std::move(rq).start();
		started->data().times_queued++;
		last_sector = started->sector();
		last_bytes = started->bytes();
		last_op = started->op();
		std::move(started).end_ok();
		return DispatchResult::accepted();
	}
};

class LifecycleTest : public ModelTest {};

TEST_F(LifecycleTest, QueueStartEndInline) {
	auto tag_set = TagSet<InlineOps>::create({.nr_hw_queues = 1, .queue_depth = 4});
	ASSERT_TRUE(tag_set);
	{
		auto disk = GenDiskBuilder().name("lifecycle", 0).capacity_sectors(1024).build(tag_set.value());
		ASSERT_TRUE(disk);
		gendisk *raw = model::find_disk("lifecycle0");
		ASSERT_NE(raw, nullptr);
		auto status = model::submit_and_wait(raw, {.op = BLKMQ_REQ_OP_WRITE, .sector = 8, .bytes = 512});
		ASSERT_TRUE(status);
		EXPECT_EQ(*status, Status::ok().raw());
		EXPECT_EQ(InlineOps::last_sector, 8u);
		EXPECT_EQ(InlineOps::last_bytes, 512u);
		EXPECT_EQ(InlineOps::last_op, Op::Write);
	}
}

} // namespace
} // namespace blkmq::testing
