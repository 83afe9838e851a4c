// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagSet::update_nr_hw_queues(): a live tag set's queues changed under its disks, as
// blk_mq_update_nr_hw_queues() changes them: the disks frozen (I/O in flight drains first,
// new I/O waits), every hardware queue exited and initialised anew, the maps laid out again;
// counts the maps cannot take refused, and an update the block layer cannot make leaves the
// old queues working.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

// The type of each hardware queue of @device, found by sending one I/O to each.
template <class Device>
std::vector<QueueType> queue_types(const Device &device, std::vector<QueueType> &seen) {
	seen.clear();
	for (unsigned int qid = 0; qid < device.nr_hw_queues(); ++qid)
		EXPECT_EQ(model::submit_and_wait(device.raw, {.hw_queue = qid}), Status::ok().raw()) << qid;
	return seen;
}

class QueueUpdateTest : public ScriptedTest {
protected:
	void SetUp() override {
		ScriptedTest::SetUp();
		Ops::on_queue_rq = [this](Queue &queue, Owned rq, bool) {
			seen_.push_back(queue.type());
			std::move(rq).start().end_ok();
			return DispatchResult::accepted();
		};
	}
	template <class Device>
	std::vector<QueueType> types_of(const Device &device) {
		return queue_types(device, seen_);
	}

	std::vector<QueueType> seen_;
};

using enum QueueType;

TEST_F(QueueUpdateTest, QueuesGrowAndShrinkAndTheMapsFollow) {
	auto device = make_device<Ops>("grow", {.nr_hw_queues = 1, .poll_queues = 1});
	ASSERT_TRUE(device);
	EXPECT_EQ(types_of(*device), (std::vector{Default, Poll}));

	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 3, .poll_queues = 1}));
	EXPECT_EQ(device->nr_hw_queues(), 4u);
	EXPECT_EQ(model::nr_hw_queues(device->raw), 4u);
	EXPECT_EQ(types_of(*device), (std::vector{Default, Default, Default, Poll}));

	// The same number of queues, split another way, is laid out anew too.
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .poll_queues = 2}));
	EXPECT_EQ(types_of(*device), (std::vector{Default, Default, Poll, Poll}));

	// No poll queue: the poll map stays, empty, and polled I/O goes to the default queues.
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 1}));
	EXPECT_EQ(device->nr_hw_queues(), 1u);
	EXPECT_EQ(types_of(*device), (std::vector{Default}));
}

TEST_F(QueueUpdateTest, EveryDiskOfTheTagSetGetsTheNewQueues) {
	auto device = make_device<Ops>("first", {.nr_hw_queues = 1, .read_queues = 1});
	ASSERT_TRUE(device);
	Result<GenDisk<Ops>> second = default_disk().name("second").build(device->tag_set);
	ASSERT_TRUE(second);
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .read_queues = 2}));
	for (const char *name : {"first", "second"}) {
		gendisk *disk = model::find_disk(name);
		ASSERT_EQ(model::nr_hw_queues(disk), 4u) << name;
		for (unsigned int qid = 0; qid < 4; ++qid)
			EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_WRITE, .hw_queue = qid}),
				  Status::ok().raw());
	}
	EXPECT_EQ(seen_, (std::vector{Default, Default, Read, Read, Default, Default, Read, Read}));
}

// Counts the maps cannot take are refused before anything changes.
TEST_F(QueueUpdateTest, CountsTheMapsCannotTakeAreRefused) {
	auto device = make_device<Ops>("refused", {.nr_hw_queues = 2});
	ASSERT_TRUE(device);
	const unsigned int before = device->nr_hw_queues();
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 0}).error(), Error::invalid_argument());
	// Made without poll or read queues: it has no such map.
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 1, .poll_queues = 1}).error(),
		  Error::invalid_argument());
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 1, .read_queues = 1}).error(),
		  Error::invalid_argument());
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 1u << 20}).error(), Error::invalid_argument());
	EXPECT_EQ(device->nr_hw_queues(), before);
	EXPECT_EQ(types_of(*device), std::vector<QueueType>(before, Default));
}

// Poll queues need an Ops::poll, as at create().
struct NoPollOps {
	static DispatchResult queue_rq(const HwQueue<NoPollOps> &, OwnedRequest<NoPollOps> rq, bool) {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};
TEST_F(QueueUpdateTest, PollQueuesNeedAPollOperation) {
	auto device = make_device<NoPollOps>("no_poll", {.nr_hw_queues = 1, .read_queues = 1});
	ASSERT_TRUE(device);
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 1, .poll_queues = 1}).error(),
		  Error::invalid_argument());
}

// When the block layer cannot allocate the new queues it keeps the old ones, maps them again
// as they were, and says nothing: the library answers out_of_memory.
TEST_F(QueueUpdateTest, AnUpdateTheBlockLayerCannotMakeKeepsTheOldQueues) {
	auto device = make_device<Ops>("kept", {.nr_hw_queues = 1, .poll_queues = 1});
	ASSERT_TRUE(device);
	model::fail_next_alloc();
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 3, .poll_queues = 1}).error(),
		  Error::out_of_memory());
	EXPECT_EQ(device->nr_hw_queues(), 2u);
	EXPECT_EQ(types_of(*device), (std::vector{Default, Poll}));
	// And the next update starts from those.
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .poll_queues = 1}));
	EXPECT_EQ(types_of(*device), (std::vector{Default, Default, Poll}));
}

// The freeze: an update waits for the request in flight, and I/O that comes meanwhile waits
// for the new queues.
TEST_F(QueueUpdateTest, InFlightIoDrainsFirstAndNewIoWaitsForTheNewQueues) {
	start_and_park();
	auto device = make_device<Ops>("frozen", {.nr_hw_queues = 1, .poll_queues = 1});
	ASSERT_TRUE(device);
	model::Submission in_flight = model::submit(device->raw, {});
	std::optional<Unique> parked = Ops::parked.take();
	ASSERT_TRUE(parked);

	std::atomic<bool> updated{false};
	std::thread updater([&] {
		EXPECT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .poll_queues = 1}));
		updated = true;
	});
	std::this_thread::sleep_for(std::chrono::milliseconds(50));
	EXPECT_FALSE(updated) << "the update did not wait for the request in flight";
	// Submitted while the disk is frozen: it enters once the update is done, on the new queues.
	std::thread late([&] { EXPECT_EQ(model::submit_and_wait(device->raw, {.hw_queue = 1}), Status::ok().raw()); });
	std::this_thread::sleep_for(std::chrono::milliseconds(20));
	EXPECT_EQ(Ops::parked.size(), 0u) << "I/O reached queue_rq while the disk was frozen";

	std::move(*parked).end_ok();
	EXPECT_EQ(in_flight.wait(), Status::ok().raw());
	updater.join();
	std::optional<Unique> late_request = Ops::parked.take();
	ASSERT_TRUE(late_request);
	EXPECT_EQ((*late_request)->hw_queue(), 1u);
	std::move(*late_request).end_ok();
	late.join();
	EXPECT_TRUE(updated);
}

// Every hardware queue is exited and initialised anew: HwData is made again for each, empty.
struct CountingOps {
	struct HwData {
		HwData() noexcept { made.fetch_add(1); }
		~HwData() { destroyed.fetch_add(1); }
		HwData(const HwData &) = delete;
		HwData &operator=(const HwData &) = delete;
		static inline std::atomic<int> made{0};
		static inline std::atomic<int> destroyed{0};
	};
	// init_hctx fails for queues from this index on (none by default).
	static inline unsigned int failing_from = ~0u;

	static DispatchResult queue_rq(const HwQueue<CountingOps> &, OwnedRequest<CountingOps> rq, bool) {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
	static Result<void> init_hctx(HwQueue<CountingOps> &hw) {
		if (hw.index() >= failing_from)
			return Error::out_of_memory();
		return {};
	}
};

TEST_F(QueueUpdateTest, EveryQueueIsInitialisedAnew) {
	CountingOps::HwData::made = 0;
	CountingOps::HwData::destroyed = 0;
	{
		auto device = make_device<CountingOps>("anew", {.nr_hw_queues = 2, .read_queues = 1});
		ASSERT_TRUE(device);
		EXPECT_EQ(CountingOps::HwData::made, 3);
		ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 3, .read_queues = 1}));
		EXPECT_EQ(CountingOps::HwData::destroyed, 3);
		EXPECT_EQ(CountingOps::HwData::made, 7);
		for (unsigned int qid = 0; qid < 4; ++qid)
			EXPECT_EQ(model::submit_and_wait(device->raw, {.hw_queue = qid}), Status::ok().raw());
	}
	EXPECT_EQ(CountingOps::HwData::destroyed, 7);
}

// A new queue whose init_hctx fails: the block layer falls back to the queues there were.
TEST_F(QueueUpdateTest, AFailingInitHctxOfANewQueueFallsBackToTheOldQueues) {
	auto device = make_device<CountingOps>("fallback", {.nr_hw_queues = 1, .read_queues = 1});
	ASSERT_TRUE(device);
	CountingOps::failing_from = 2;
	EXPECT_EQ(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .read_queues = 1}).error(),
		  Error::out_of_memory());
	CountingOps::failing_from = ~0u;
	EXPECT_EQ(device->nr_hw_queues(), 2u);
	EXPECT_EQ(model::nr_hw_queues(device->raw), 2u);
	for (unsigned int qid = 0; qid < 2; ++qid)
		EXPECT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_WRITE, .hw_queue = qid}),
			  Status::ok().raw());
	EXPECT_EQ(model::hw_queue_type(device->raw, 0), BLKMQ_HCTX_TYPE_DEFAULT);
	EXPECT_EQ(model::hw_queue_type(device->raw, 1), BLKMQ_HCTX_TYPE_READ);
}

// A lone default map is capped at the CPUs, as at create(), and an update to the count it has
// is no update at all: the block layer returns before it freezes anything.
TEST_F(QueueUpdateTest, ALoneDefaultMapIsCappedAtTheCpusAndAnEqualCountChangesNothing) {
	CountingOps::HwData::made = 0;
	auto device = make_device<CountingOps>("lone", {.nr_hw_queues = 1});
	ASSERT_TRUE(device);
	const unsigned int cpus = std::max(1u, std::thread::hardware_concurrency());
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = cpus + 1}));
	EXPECT_EQ(device->nr_hw_queues(), cpus);
	const int made = CountingOps::HwData::made;
	ASSERT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = cpus}));
	EXPECT_EQ(CountingOps::HwData::made, made);
}

// It sleeps: under a spin lock it is a bug the model reports.
TEST_F(QueueUpdateTest, AnUpdateUnderASpinLockIsReported) {
	auto device = make_device<Ops>("atomic", {.nr_hw_queues = 1, .poll_queues = 1});
	ASSERT_TRUE(device);
	SpinLock<int> lock(0);
	{
		auto held = lock.lock();
		(void)device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .poll_queues = 1});
	}
	// The update first, then each allocation it makes on the way (the queues' HwData).
	const std::vector<std::string> seen = model::take_violations();
	ASSERT_FALSE(seen.empty());
	EXPECT_EQ(seen[0].rfind("blk_mq_update_nr_hw_queues: may sleep", 0), 0u) << seen[0];
	for (const std::string &violation : seen)
		EXPECT_NE(violation.find("may sleep, but runs in an atomic section"), std::string::npos) << violation;
}

TEST_F(QueueUpdateTest, AnEmptyTagSetIsReportedAndRefused) {
	const EmptiedTagSet<Ops> sets;
	EXPECT_EQ(sets.empty().update_nr_hw_queues({.nr_hw_queues = 2}).error(), Error::invalid_argument());
	expect_one_violation("an empty (moved-from) TagSet was used");
}

} // namespace
} // namespace blkmq::testing
