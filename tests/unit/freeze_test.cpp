// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// GenDisk::freeze() and quiesce(): a FrozenQueue waits for the disk's requests in flight and
// holds new I/O back until it ends; a QuiescedQueue holds dispatches back, lets what the driver
// holds end, and hands what waited to queue_rq when it ends. Both nest, both are reported when
// made in an atomic section or from an empty GenDisk, and a disk deleted under either is
// reported.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <chrono>
#include <new>
#include <optional>
#include <thread>
#include <utility>

namespace blkmq::testing {
namespace {

using namespace std::chrono_literals;

class FreezeTest : public ScriptedTest {};

TEST_F(FreezeTest, AFreezeWaitsForTheRequestsInFlightAndHoldsNewIoUntilItEnds) {
	start_and_park();
	auto device = make_device<Ops>("frozen");
	ASSERT_TRUE(device);
	model::Submission in_flight = model::submit(device->raw, {});
	std::optional<Unique> parked = Ops::parked.take();
	ASSERT_TRUE(parked);

	std::atomic<bool> frozen{false};
	std::atomic<bool> unfreeze{false};
	std::thread freezer([&] {
		const FrozenQueue queue = device->disk.freeze();
		frozen = true;
		while (!unfreeze)
			std::this_thread::sleep_for(1ms);
	});
	std::this_thread::sleep_for(50ms);
	EXPECT_FALSE(frozen) << "the freeze did not wait for the request in flight";
	std::move(*parked).end_ok();
	EXPECT_EQ(in_flight.wait(), Status::ok().raw());
	while (!frozen)
		std::this_thread::sleep_for(1ms);

	std::thread late([&] { EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw()); });
	std::this_thread::sleep_for(50ms);
	EXPECT_EQ(Ops::parked.size(), 0u) << "I/O reached queue_rq while the disk was frozen";
	unfreeze = true;
	freezer.join();
	std::optional<Unique> late_request = Ops::parked.take();
	ASSERT_TRUE(late_request) << "I/O submitted during the freeze never reached the driver";
	std::move(*late_request).end_ok();
	late.join();
}

TEST_F(FreezeTest, FreezesNestAndTheQueueTakesIoAfterTheLastOneEnds) {
	end_inline();
	auto device = make_device<Ops>("nested");
	ASSERT_TRUE(device);
	std::atomic<bool> submitted{false};
	std::optional<std::thread> late;
	{
		const FrozenQueue outer = device->disk.freeze();
		{ const FrozenQueue inner = device->disk.freeze(); }
		late.emplace([&] {
			EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
			submitted = true;
		});
		std::this_thread::sleep_for(50ms);
		EXPECT_FALSE(submitted) << "the inner freeze's end unfroze the queue";
	}
	late->join();
	EXPECT_TRUE(submitted);
}

TEST_F(FreezeTest, AQuiesceHoldsDispatchesBackAndLetsHeldRequestsEnd) {
	start_and_park();
	auto device = make_device<Ops>("quiesced");
	ASSERT_TRUE(device);
	model::Submission held = model::submit(device->raw, {});
	std::optional<Unique> first = Ops::parked.take();
	ASSERT_TRUE(first);

	std::optional<QuiescedQueue> quiesced(device->disk.quiesce());
	// Submitted while quiesced: it waits in the block layer, not in the driver.
	std::optional<model::Submission> waiting;
	std::thread late([&] { waiting.emplace(model::submit(device->raw, {})); });
	std::this_thread::sleep_for(50ms);
	EXPECT_EQ(Ops::parked.size(), 0u) << "queue_rq ran while the disk was quiesced";
	// What the driver holds is its own: it ends as before.
	std::move(*first).end_ok();
	EXPECT_EQ(held.wait(), Status::ok().raw());

	// Moved, and ended from the new owner: the queue runs again.
	std::optional<QuiescedQueue> moved(std::move(*quiesced));
	quiesced.reset();
	std::this_thread::sleep_for(20ms);
	EXPECT_EQ(Ops::parked.size(), 0u) << "the moved-from QuiescedQueue unquiesced the disk";
	moved.reset();
	std::optional<Unique> second = Ops::parked.take();
	ASSERT_TRUE(second) << "the request submitted while quiesced was never dispatched";
	std::move(*second).end_ok();
	late.join();
	ASSERT_TRUE(waiting);
	EXPECT_EQ(waiting->wait(), Status::ok().raw());
}

TEST_F(FreezeTest, AQuiesceWaitsForTheQueueRqRunning) {
	std::atomic<bool> in_queue_rq{false};
	std::atomic<bool> release{false};
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		in_queue_rq = true;
		while (!release)
			std::this_thread::sleep_for(1ms);
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("running", {.blocking = true});
	ASSERT_TRUE(device);
	std::thread submitter([&] { EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw()); });
	while (!in_queue_rq)
		std::this_thread::sleep_for(1ms);
	std::atomic<bool> quiesced{false};
	std::thread quiescer([&] {
		const QuiescedQueue queue = device->disk.quiesce();
		quiesced = true;
	});
	std::this_thread::sleep_for(50ms);
	EXPECT_FALSE(quiesced) << "the quiesce did not wait for the queue_rq running";
	release = true;
	quiescer.join();
	submitter.join();
	EXPECT_TRUE(quiesced);
}

// A request requeued while its disk is quiesced waits with the disk, dispatched again at the
// unquiesce; the requeue work goes on serving the other disks meanwhile.
TEST_F(FreezeTest, ARequeueOnAQuiescedDiskWaitsForTheUnquiesceAndHoldsNoOtherDiskBack) {
	start_and_park();
	auto quiet = make_device<Ops>("quiet");
	auto busy = make_device<Ops>("busy");
	ASSERT_TRUE(quiet && busy);
	model::Submission held = model::submit(quiet->raw, {});
	std::optional<Unique> first = Ops::parked.take();
	ASSERT_TRUE(first);
	std::optional<QuiescedQueue> quiesced(quiet->disk.quiesce());
	std::move(*first).requeue();

	model::Submission other = model::submit(busy->raw, {});
	std::optional<Unique> second = Ops::parked.take();
	ASSERT_TRUE(second);
	std::move(*second).requeue();
	std::optional<Unique> second_again = Ops::parked.take();
	ASSERT_TRUE(second_again) << "a requeue on another disk waited for the quiesce";
	std::move(*second_again).end_ok();
	EXPECT_EQ(other.wait(), Status::ok().raw());
	std::this_thread::sleep_for(20ms);
	EXPECT_EQ(Ops::parked.size(), 0u) << "a request requeued on a quiesced disk was dispatched";

	quiesced.reset();
	std::optional<Unique> first_again = Ops::parked.take();
	ASSERT_TRUE(first_again) << "the request requeued while quiesced was not dispatched at the unquiesce";
	std::move(*first_again).end_ok();
	EXPECT_EQ(held.wait(), Status::ok().raw());
}

TEST_F(FreezeTest, ChangingTheTagSetsQueuesWhileADiskIsFrozenIsReported) {
	end_inline();
	auto device = make_device<Ops>("update", {.nr_hw_queues = 1, .read_queues = 1});
	ASSERT_TRUE(device);
	{
		const FrozenQueue queue = device->disk.freeze();
		EXPECT_TRUE(device->tag_set.update_nr_hw_queues({.nr_hw_queues = 2, .read_queues = 1}));
	}
	expect_one_violation("blk_mq_update_nr_hw_queues: a disk of the tag set is frozen by the driver");
	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
}

TEST_F(FreezeTest, AFreezeInAnAtomicSectionIsReported) {
	end_inline();
	auto device = make_device<Ops>("atomic");
	ASSERT_TRUE(device);
	SpinLock<int> lock(0);
	{
		auto guard = lock.lock();
		const FrozenQueue queue = device->disk.freeze();
	}
	expect_violations({"blk_mq_freeze_queue: may sleep, but runs in an atomic section",
			   "blk_mq_unfreeze_queue: may sleep, but runs in an atomic section"});
	{
		auto guard = lock.lock();
		const QuiescedQueue queue = device->disk.quiesce();
	}
	expect_one_violation("blk_mq_quiesce_queue: may sleep, but runs in an atomic section");
}

TEST_F(FreezeTest, AnEmptyGenDiskIsReportedAndNothingIsFrozen) {
	end_inline();
	auto device = make_device<Ops>("emptied");
	ASSERT_TRUE(device);
	const GenDisk<Ops> moved_to = std::move(device->disk);
	const GenDisk<Ops> &empty = device->disk; // NOLINT(bugprone-use-after-move): the point of the test
	{ const FrozenQueue queue = empty.freeze(); }
	expect_one_violation("an empty (moved-from) GenDisk was frozen or quiesced");
	{ const QuiescedQueue queue = empty.quiesce(); }
	expect_one_violation("an empty (moved-from) GenDisk was frozen or quiesced");
	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
}

TEST_F(FreezeTest, ADiskDeletedUnderAQuiesceIsReported) {
	end_inline();
	auto device = make_device<Ops>("deleted");
	ASSERT_TRUE(device);
	// Never ended: its disk is freed with the GenDisk, which a QuiescedQueue must not outlive.
	alignas(QuiescedQueue) unsigned char storage[sizeof(QuiescedQueue)];
	new (storage) QuiescedQueue(device->disk.quiesce());
	{ const GenDisk<Ops> gone = std::move(device->disk); }
	expect_one_violation("a FrozenQueue or QuiescedQueue outlives its GenDisk");
}

} // namespace
} // namespace blkmq::testing
