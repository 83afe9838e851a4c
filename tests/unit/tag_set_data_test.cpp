// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagSetData: made by TagSet::create() from its arguments, shared read-only by every disk
// and queue of the set, and destroyed exactly once, when the block layer's tag set is freed
// with the last of the TagSet and its disks; a create() that fails frees it.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <cerrno>
#include <string>
#include <vector>

namespace blkmq::testing {
namespace {

struct SharedOps {
	struct TagSetData {
		static inline std::atomic<int> live{0};
		explicit TagSetData(int value) noexcept : id(value) { ++live; }
		TagSetData(const TagSetData &) = delete;
		TagSetData &operator=(const TagSetData &) = delete;
		~TagSetData() { --live; }

		int id;
		// Changed through const access from queue_rq on any queue: it synchronises itself.
		Atomic<unsigned int> dispatched{0};
	};
	struct QueueData {
		int disk = 0;
	};
	// What queue_rq read: the tag set's id through the queue and through the request.
	static inline std::vector<int> seen_through_queue;
	static inline std::vector<int> seen_through_request;

	static DispatchResult queue_rq(const HwQueue<SharedOps> &queue, OwnedRequest<SharedOps> rq, bool) {
		seen_through_queue.push_back(queue.tag_set_data().id);
		seen_through_request.push_back(rq->tag_set_data().id);
		queue.tag_set_data().dispatched.fetch_add(1, Order::Relaxed);
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

class TagSetDataTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		SharedOps::seen_through_queue.clear();
		SharedOps::seen_through_request.clear();
	}
	void TearDown() override {
		ModelTest::TearDown();
		EXPECT_EQ(SharedOps::TagSetData::live, 0);
	}
};

TEST_F(TagSetDataTest, EveryDiskOfTheSetReachesTheSameDataFromItsOperations) {
	Result<TagSet<SharedOps>> created = TagSet<SharedOps>::create({.nr_hw_queues = 2}, 42);
	ASSERT_TRUE(created);
	const TagSet<SharedOps> &tag_set = created.value();
	EXPECT_EQ(tag_set.data().id, 42);
	Result<GenDisk<SharedOps>> first = default_disk().name("shared0").build(tag_set, SharedOps::QueueData{0});
	Result<GenDisk<SharedOps>> second = default_disk().name("shared1").build(tag_set, SharedOps::QueueData{1});
	ASSERT_TRUE(first);
	ASSERT_TRUE(second);
	EXPECT_EQ(model::submit_and_wait(model::find_disk("shared0"), {}), Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(model::find_disk("shared1"), {}), Status::ok().raw());
	EXPECT_EQ(SharedOps::seen_through_queue, (std::vector<int>{42, 42}));
	EXPECT_EQ(SharedOps::seen_through_request, (std::vector<int>{42, 42}));
	EXPECT_EQ(tag_set.data().dispatched.load(Order::Relaxed), 2u);
}

// The data lives as long as the block layer's tag set, which the disks hold: the TagSet
// object may go first, and the data goes with the last disk.
TEST_F(TagSetDataTest, TheDataOutlivesTheTagSetObjectUntilTheLastDiskGoes) {
	Option<GenDisk<SharedOps>> disk;
	{
		Result<TagSet<SharedOps>> created = TagSet<SharedOps>::create({}, 7);
		ASSERT_TRUE(created);
		Result<GenDisk<SharedOps>> built = default_disk().name("outlives").build(created.value());
		ASSERT_TRUE(built);
		disk.emplace(std::move(built).value());
	}
	EXPECT_EQ(SharedOps::TagSetData::live, 1);
	EXPECT_EQ(model::submit_and_wait(model::find_disk("outlives"), {}), Status::ok().raw());
	EXPECT_EQ(SharedOps::seen_through_queue, std::vector<int>{7});
	disk.reset();
	EXPECT_EQ(SharedOps::TagSetData::live, 0);
}

TEST_F(TagSetDataTest, ATagSetWithoutDisksFreesItsDataWithTheTagSet) {
	{
		Result<TagSet<SharedOps>> created = TagSet<SharedOps>::create({}, 1);
		ASSERT_TRUE(created);
		EXPECT_EQ(SharedOps::TagSetData::live, 1);
	}
	EXPECT_EQ(SharedOps::TagSetData::live, 0);
}

TEST_F(TagSetDataTest, AFailedCreateFreesTheDataItMade) {
	// The tag set's allocation fails after the data's was made.
	model::fail_next_init_request();
	Result<TagSet<SharedOps>> failed = TagSet<SharedOps>::create({}, 3);
	ASSERT_FALSE(failed);
	EXPECT_EQ(SharedOps::TagSetData::live, 0);

	// And when the data itself cannot be allocated, nothing else is.
	model::fail_next_alloc();
	Result<TagSet<SharedOps>> no_memory = TagSet<SharedOps>::create({}, 3);
	ASSERT_FALSE(no_memory);
	EXPECT_EQ(no_memory.error(), Error::out_of_memory());
	EXPECT_EQ(model::live_tag_sets(), 0u);
}

} // namespace
} // namespace blkmq::testing
