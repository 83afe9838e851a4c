// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The driver's typed data and when it lives:
//   RequestData  one per request, built when the tag set is created (init_request) and
//                destroyed with it (exit_request); it persists while requests reuse the tag;
//   QueueData    one per disk, reachable from each request and hardware queue of that disk;
//   HwData       one per hardware queue per disk, built before Ops::init_hctx and destroyed
//                after Ops::exit_hctx; a failing init_hctx fails the disk and leaks nothing.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <cerrno>
#include <set>
#include <utility>
#include <vector>

namespace blkmq::testing {
namespace {

struct DataOps {
	struct RequestData {
		static inline std::atomic<int> constructed{0};
		static inline std::atomic<int> destroyed{0};
		RequestData() noexcept { ++constructed; }
		~RequestData() { ++destroyed; }
		RequestData(const RequestData &) = delete;
		RequestData &operator=(const RequestData &) = delete;

		unsigned int uses = 0; // I/Os this request has carried
	};
	struct QueueData {
		int id = 0;
	};
	struct HwData {
		static inline std::atomic<int> constructed{0};
		static inline std::atomic<int> destroyed{0};
		HwData() noexcept { ++constructed; }
		~HwData() { ++destroyed; }
		HwData(const HwData &) = delete;
		HwData &operator=(const HwData &) = delete;

		bool initialised = false; // set by Ops::init_hctx
		// queue_rq gets shared access to HwData, and may run on several CPUs at once.
		mutable std::atomic<unsigned int> dispatched{0};
	};

	// What queue_rq saw: which RequestData and HwData objects, and the QueueData ids.
	struct Dispatch {
		const RequestData *request_data;
		unsigned int uses;
		unsigned int tag;
		const HwData *hw_data;
		int queue_data_of_request;
		int queue_data_of_queue;
	};
	static inline std::vector<Dispatch> dispatches;
	static inline std::vector<std::pair<const HwData *, unsigned int>> inits, exits; // (data, queue index)
	static inline int fail_init_hctx_at = -1;

	static DispatchResult queue_rq(const HwQueue<DataOps> &queue, OwnedRequest<DataOps> rq, bool) {
		EXPECT_TRUE(queue.data().initialised);
		++queue.data().dispatched;
		++rq->data().uses;
		dispatches.push_back({&rq->data(), rq->data().uses, rq->tag(), &queue.data(), rq->queue_data().id,
				      queue.queue_data().id});
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
	static Result<void> init_hctx(HwQueue<DataOps> &queue) {
		// HwData is already there, default-constructed.
		EXPECT_FALSE(queue.data().initialised);
		queue.data().initialised = true;
		inits.emplace_back(&queue.data(), queue.index());
		if (static_cast<int>(queue.index()) == fail_init_hctx_at)
			return Error::busy();
		return {};
	}
	static void exit_hctx(HwQueue<DataOps> &queue) {
		// HwData is still there; it is destroyed right after.
		EXPECT_TRUE(queue.data().initialised);
		exits.emplace_back(&queue.data(), queue.index());
	}

	static void reset() {
		dispatches.clear();
		inits.clear();
		exits.clear();
		fail_init_hctx_at = -1;
	}
};

using Requests = DataOps::RequestData;
using HwDatas = DataOps::HwData;

class DataTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		DataOps::reset();
		requests_constructed_ = Requests::constructed;
		requests_destroyed_ = Requests::destroyed;
		hw_constructed_ = HwDatas::constructed;
		hw_destroyed_ = HwDatas::destroyed;
	}
	void TearDown() override {
		// Whatever a test built, it destroyed.
		EXPECT_EQ(Requests::constructed - requests_constructed_, Requests::destroyed - requests_destroyed_);
		EXPECT_EQ(HwDatas::constructed - hw_constructed_, HwDatas::destroyed - hw_destroyed_);
		DataOps::reset();
		ModelTest::TearDown();
	}

	// Constructions and destructions since SetUp.
	int requests_constructed() const { return Requests::constructed - requests_constructed_; }
	int requests_destroyed() const { return Requests::destroyed - requests_destroyed_; }
	int hw_constructed() const { return HwDatas::constructed - hw_constructed_; }
	int hw_destroyed() const { return HwDatas::destroyed - hw_destroyed_; }

	static Result<GenDisk<DataOps>> build(const TagSet<DataOps> &tag_set, const char *name, int id) {
		return GenDiskBuilder().name(name).capacity_sectors(1024).build(tag_set, DataOps::QueueData{id});
	}

private:
	int requests_constructed_ = 0, requests_destroyed_ = 0, hw_constructed_ = 0, hw_destroyed_ = 0;
};

TEST_F(DataTest, RequestDataLivesExactlyAsLongAsTheTagSet) {
	constexpr unsigned int depth = 4;
	Option<TagSet<DataOps>> tag_set;
	{
		Result<TagSet<DataOps>> created = TagSet<DataOps>::create({.nr_hw_queues = 2, .queue_depth = depth});
		ASSERT_TRUE(created);
		tag_set.emplace(std::move(created).value());
	}
	const int requests = static_cast<int>(tag_set->nr_hw_queues() * depth); // a tag space per queue
	EXPECT_EQ(requests_constructed(), requests);
	EXPECT_EQ(requests_destroyed(), 0);

	{
		Result<GenDisk<DataOps>> disk = build(*tag_set, "rqdata", 1);
		ASSERT_TRUE(disk);
		gendisk *raw = model::find_disk("rqdata");
		for (std::uint64_t i = 0; i < 10; ++i)
			EXPECT_EQ(model::submit_and_wait(raw, {.sector = i,
							       .hw_queue = static_cast<unsigned>(
								       i % 2 == 0 ? 0 : tag_set->nr_hw_queues() - 1)}),
				  Status::ok().raw());
	}
	// I/O and disk teardown neither build nor destroy request data.
	EXPECT_EQ(DataOps::dispatches.size(), 10u);
	EXPECT_EQ(requests_constructed(), requests);
	EXPECT_EQ(requests_destroyed(), 0);

	tag_set.reset();
	EXPECT_EQ(requests_destroyed(), requests);
}

TEST_F(DataTest, SharedTagsHaveOneRequestPerTag) {
	Result<TagSet<DataOps>> tag_set =
		TagSet<DataOps>::create({.nr_hw_queues = 2, .queue_depth = 3, .shared_tags = true});
	ASSERT_TRUE(tag_set);
	EXPECT_EQ(requests_constructed(), 3);
}

TEST_F(DataTest, RequestDataPersistsAcrossIosReusingTheTag) {
	Result<TagSet<DataOps>> tag_set = TagSet<DataOps>::create({.nr_hw_queues = 1, .queue_depth = 1});
	ASSERT_TRUE(tag_set);
	Result<GenDisk<DataOps>> disk = build(tag_set.value(), "persist", 0);
	ASSERT_TRUE(disk);
	gendisk *raw = model::find_disk("persist");

	for (int i = 0; i < 5; ++i)
		EXPECT_EQ(model::submit_and_wait(raw, {}), Status::ok().raw());
	// One request, tag 0, carried all five: the same object, its state kept between I/Os.
	ASSERT_EQ(DataOps::dispatches.size(), 5u);
	for (unsigned int i = 0; i < 5; ++i) {
		EXPECT_EQ(DataOps::dispatches[i].request_data, DataOps::dispatches[0].request_data);
		EXPECT_EQ(DataOps::dispatches[i].tag, 0u);
		EXPECT_EQ(DataOps::dispatches[i].uses, i + 1);
	}
}

TEST_F(DataTest, QueueDataOfEachDiskIsReachableFromItsRequestsAndQueues) {
	Result<TagSet<DataOps>> tag_set = TagSet<DataOps>::create({.nr_hw_queues = 1, .queue_depth = 2});
	ASSERT_TRUE(tag_set);
	// Two disks on one tag set: each request must see the data of the disk it was sent to.
	Result<GenDisk<DataOps>> first = build(tag_set.value(), "qdata_a", 11);
	Result<GenDisk<DataOps>> second = build(tag_set.value(), "qdata_b", 22);
	ASSERT_TRUE(first);
	ASSERT_TRUE(second);
	EXPECT_EQ(first.value().queue_data().id, 11);
	EXPECT_EQ(second.value().queue_data().id, 22);

	EXPECT_EQ(model::submit_and_wait(model::find_disk("qdata_a"), {}), Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(model::find_disk("qdata_b"), {}), Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(model::find_disk("qdata_a"), {}), Status::ok().raw());
	ASSERT_EQ(DataOps::dispatches.size(), 3u);
	const int expected[] = {11, 22, 11};
	for (int i = 0; i < 3; ++i) {
		EXPECT_EQ(DataOps::dispatches[i].queue_data_of_request, expected[i]);
		EXPECT_EQ(DataOps::dispatches[i].queue_data_of_queue, expected[i]);
	}
}

TEST_F(DataTest, HwDataIsBuiltPerQueuePerDiskAroundInitAndExitHctx) {
	Result<TagSet<DataOps>> tag_set = TagSet<DataOps>::create({.nr_hw_queues = 2, .queue_depth = 2});
	ASSERT_TRUE(tag_set);
	const unsigned int queues = tag_set.value().nr_hw_queues();
	Option<GenDisk<DataOps>> first, second;
	{
		Result<GenDisk<DataOps>> disk = build(tag_set.value(), "hw_a", 1);
		ASSERT_TRUE(disk);
		first.emplace(std::move(disk).value());
	}
	EXPECT_EQ(hw_constructed(), static_cast<int>(queues));
	ASSERT_EQ(DataOps::inits.size(), queues);
	for (unsigned int i = 0; i < queues; ++i)
		EXPECT_EQ(DataOps::inits[i].second, i); // each queue once, in order
	{
		Result<GenDisk<DataOps>> disk = build(tag_set.value(), "hw_b", 2);
		ASSERT_TRUE(disk);
		second.emplace(std::move(disk).value());
	}
	EXPECT_EQ(hw_constructed(), static_cast<int>(2 * queues));
	ASSERT_EQ(DataOps::inits.size(), 2 * queues);
	std::set<const HwDatas *> distinct;
	for (const auto &[data, index] : DataOps::inits)
		distinct.insert(data);
	EXPECT_EQ(distinct.size(), 2 * queues); // no queue shares its HwData

	// Each disk's queue 0 dispatches with that disk's own HwData.
	EXPECT_EQ(model::submit_and_wait(model::find_disk("hw_a"), {}), Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(model::find_disk("hw_b"), {}), Status::ok().raw());
	ASSERT_EQ(DataOps::dispatches.size(), 2u);
	EXPECT_EQ(DataOps::dispatches[0].hw_data, DataOps::inits[0].first);
	EXPECT_EQ(DataOps::dispatches[1].hw_data, DataOps::inits[queues].first);

	second.reset();
	EXPECT_EQ(DataOps::exits.size(), queues);
	EXPECT_EQ(hw_destroyed(), static_cast<int>(queues));
	first.reset();
	EXPECT_EQ(DataOps::exits.size(), 2 * queues);
	EXPECT_EQ(hw_destroyed(), static_cast<int>(2 * queues));
	// exit_hctx saw exactly the objects init_hctx did.
	std::set<const HwDatas *> exited;
	for (const auto &[data, index] : DataOps::exits)
		exited.insert(data);
	EXPECT_EQ(exited, distinct);
}

TEST_F(DataTest, InitHctxFailureFailsTheDiskAndLeaksNothing) {
	Result<TagSet<DataOps>> tag_set = TagSet<DataOps>::create({.nr_hw_queues = 2, .queue_depth = 2});
	ASSERT_TRUE(tag_set);
	const unsigned int queues = tag_set.value().nr_hw_queues();
	const std::size_t allocations_before = model::live_allocations();

	// The last queue fails: every queue before it was initialised and must be exited.
	DataOps::fail_init_hctx_at = static_cast<int>(queues - 1);
	Result<GenDisk<DataOps>> disk = build(tag_set.value(), "hctx_fail", 1);
	ASSERT_FALSE(disk);
	EXPECT_EQ(disk.error(), Error::out_of_memory()); // whatever init_hctx returned, as the kernel
	EXPECT_EQ(DataOps::inits.size(), queues);
	EXPECT_EQ(DataOps::exits.size(), queues - 1); // not for the queue whose init failed
	EXPECT_EQ(hw_constructed(), static_cast<int>(queues));
	EXPECT_EQ(hw_destroyed(), static_cast<int>(queues));
	EXPECT_EQ(model::live_disks(), 0u);
	EXPECT_EQ(model::find_disk("hctx_fail"), nullptr);
	EXPECT_EQ(model::live_allocations(), allocations_before); // HwData and QueueData freed

	// The tag set is unharmed: the same disk builds once init_hctx succeeds.
	DataOps::reset();
	Result<GenDisk<DataOps>> retry = build(tag_set.value(), "hctx_fail", 1);
	ASSERT_TRUE(retry);
	EXPECT_EQ(model::submit_and_wait(model::find_disk("hctx_fail"), {}), Status::ok().raw());
}

TEST_F(DataTest, InitRequestFailureFailsTheTagSet) {
	model::fail_next_init_request();
	Result<TagSet<DataOps>> tag_set = TagSet<DataOps>::create({.nr_hw_queues = 1, .queue_depth = 4});
	ASSERT_FALSE(tag_set);
	EXPECT_EQ(tag_set.error(), Error::out_of_memory());
	EXPECT_EQ(model::live_tag_sets(), 0u);
	// Any request data built before the failure was destroyed (checked in TearDown too).
	EXPECT_EQ(requests_constructed(), requests_destroyed());

	// The injected failure was one-shot.
	Result<TagSet<DataOps>> again = TagSet<DataOps>::create({.nr_hw_queues = 1, .queue_depth = 4});
	EXPECT_TRUE(again);
}

} // namespace
} // namespace blkmq::testing
