// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Every run-time misuse the model detects, each with the exact report it must produce.
//
// Two layers: the library's own checks, reached through the C++ API (a dropped handle is
// reported and its request failed, never lost; a transition on a moved-from handle is
// reported and never reaches the block layer; a read through a reference kept past end()
// is reported), and the model's checks on the raw C boundary (sys.h), which the library
// must never trip but a C driver, or a library bug, could.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>
#include <blkmq_layout.h>

#include <cstring>
#include <new>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace blkmq::testing {
namespace {

using Ops = ScriptedOps;

// Misuses that clang's -Wconsumed and clang-tidy's bugprone-use-after-move report at
// compile time (tests/compile_fail checks that). Here they are committed on purpose to
// check the run-time layer behind those, so the diagnostics are silenced, in these helpers
// only.
#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wconsumed"
#endif

void end_twice(UniqueRequest<Ops> &rq) {
	std::move(rq).end_ok();
	std::move(rq).end(Status::io_error()); // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
}

UniqueRequest<Ops> start_twice(OwnedRequest<Ops> &rq) {
	UniqueRequest<Ops> started = std::move(rq).start();
	// Gives an empty handle (no second blk_mq_start_request: the model would report
	// "started twice"), which is dropped here without effect.
	UniqueRequest<Ops> again =
		std::move(rq).start(); // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
	return started;
}

void share_after_end(UniqueRequest<Ops> &rq) {
	std::move(rq).end_ok();
	ARef<Request<Ops>> shared =
		std::move(rq).share(); // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
	EXPECT_FALSE(shared);
}

void complete_after_end(UniqueRequest<Ops> &rq) {
	std::move(rq).end_ok();
	std::move(rq).complete(); // NOLINT(bugprone-use-after-move,clang-analyzer-cplusplus.Move)
}

DispatchResult fail_after_end(UniqueRequest<Ops> &rq) {
	std::move(rq).end_ok();
	return std::move(rq).fail(Status::io_error()); // NOLINT(bugprone-use-after-move)
}

DispatchResult busy_after_end(UniqueRequest<Ops> &rq) {
	std::move(rq).end_ok();
	return std::move(rq).busy(); // NOLINT(bugprone-use-after-move)
}

// Keeps a reference past the end of the handle it came from: what no type can forbid, and
// what neither -Wconsumed nor clang-tidy sees (`view` is not the moved-from handle). Only the
// model's check on every field read reports it; in a kernel build it is a plain load.
std::uint64_t read_after_end(UniqueRequest<Ops> &rq) {
	const Request<Ops> &view = *rq;
	std::move(rq).end_ok();
	return view.sector();
}

#if defined(__clang__)
#pragma clang diagnostic pop
#endif

// Ends a request through a reference to a handle whose lifetime ended: what a lambda or a
// coroutine that captured the handle by reference does once the handle is gone.
void end_through_dangling_alias(UniqueRequest<Ops> &alias) { std::move(alias).end_ok(); }
void start_through_dangling_alias(OwnedRequest<Ops> &alias) { std::move(alias).start().end_ok(); }

class MisuseTest : public ScriptedTest {};

// --- Dropped handles: reported, and the request is failed rather than lost. ---

TEST_F(MisuseTest, DroppedOwnedRequestIsReportedAndFailed) {
	Ops::on_queue_rq = [](Queue &, Owned /*dropped*/, bool) { return DispatchResult::accepted(); };
	auto device = make_device<Ops>("drop_owned");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
	expect_one_violation("an OwnedRequest was dropped");
}

TEST_F(MisuseTest, DroppedUniqueRequestIsReportedAndFailed) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		(void)started->sector();
		return DispatchResult::accepted(); // `started` is dropped here, never ended
	};
	auto device = make_device<Ops>("drop_unique");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
}

// A result that gives the request back owns it: discarding it (here replaced by accepted())
// fails the request instead of losing it, whether it was started or not.
TEST_F(MisuseTest, DroppedDispatchResultIsReportedAndFailed) {
	for (const bool start_first : {false, true}) {
		Ops::on_queue_rq = [start_first](Queue &, Owned rq, bool) {
			if (start_first)
				(void)std::move(rq).start().busy();
			else
				(void)std::move(rq).fail(Status::no_space());
			return DispatchResult::accepted();
		};
		auto device = make_device<Ops>("drop_dispatch");
		ASSERT_TRUE(device);

		EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
		expect_one_violation("a DispatchResult giving a request back was dropped");
	}
}

TEST_F(MisuseTest, UniqueRequestDroppedOnAnotherThreadIsReportedAndFailed) {
	start_and_park();
	auto device = make_device<Ops>("drop_later");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::thread([] { Ops::parked.take(); }).join(); // taken, and dropped with the optional
	EXPECT_EQ(submission.wait(), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
}

TEST_F(MisuseTest, UniqueHandleDroppedInsideUniqueOrSharedIsReportedAndFailed) {
	start_and_park();
	auto device = make_device<Ops>("drop_either");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	{
		UniqueOrShared<Ops> result = std::move(*rq).share().try_unique();
		EXPECT_TRUE(result.is_unique());
	} // the unique handle inside was never taken out
	EXPECT_EQ(submission.wait(), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
}

// --- Moved-from handles: the second transition is reported and does nothing. ---

TEST_F(MisuseTest, EndingTwiceIsReportedAndReachesTheBlockLayerOnce) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		end_twice(started);
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("end_twice");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw()); // the first end's status
	expect_one_violation("moved from");
}

TEST_F(MisuseTest, StartingTwiceIsReported) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		start_twice(rq).end_ok();
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("start_twice");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
	expect_one_violation("moved from");
}

TEST_F(MisuseTest, EveryOtherTransitionOnAConsumedHandleIsReported) {
	int step = 0;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		switch (step++) {
		case 0:
			share_after_end(started);
			return DispatchResult::accepted();
		case 1:
			complete_after_end(started);
			return DispatchResult::accepted();
		case 2:
			// Giving back a request already ended would end it twice: reported, and
			// answered as accepted.
			return fail_after_end(started);
		default:
			return busy_after_end(started);
		}
	};
	auto device = make_device<Ops>("consumed");
	ASSERT_TRUE(device);

	for (int i = 0; i < 4; ++i) {
		EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw()) << "step " << i;
		expect_one_violation("moved from");
	}
}

TEST_F(MisuseTest, TryUniqueOnAnEmptyARefIsReported) {
	ARef<Request<Ops>> empty;
	UniqueOrShared<Ops> result = std::move(empty).try_unique();
	EXPECT_FALSE(result.is_unique());
	EXPECT_FALSE(std::move(result).shared());
	expect_one_violation("moved from");
}

// --- A reference kept past end(). ---

TEST_F(MisuseTest, ReadingThroughAReferenceKeptAfterEndIsReported) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		(void)read_after_end(started);
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("use_after_end");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
	expect_one_violation("use after end");
}

// --- The raw C boundary. ---

// A C driver on sys.h: queue_rq keeps the request pointer and does nothing else, so the
// test body performs each call, in whatever order the misuse needs.
struct RawDriver {
	static inline request *dispatched = nullptr;
	static blkmq_status_t queue_rq(blk_mq_hw_ctx *, const blk_mq_queue_data *bd) {
		dispatched = bd->rq;
		return BLKMQ_STS_OK;
	}
	static int init_request(blk_mq_tag_set *, request *, unsigned int, unsigned int) { return 0; }
	static void exit_request(blk_mq_tag_set *, request *, unsigned int) {}
};

// Every other operation stays null, as in a C driver that does not define it.
constexpr blk_mq_ops make_raw_ops() {
	blk_mq_ops ops{};
	ops.queue_rq = &RawDriver::queue_rq;
	ops.init_request = &RawDriver::init_request;
	ops.exit_request = &RawDriver::exit_request;
	return ops;
}
constexpr blk_mq_ops raw_ops = make_raw_ops();

constexpr unsigned int raw_depth = 4;

class RawMisuseTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		RawDriver::dispatched = nullptr;
		const blkmq_tag_set_config config = {
			.ops = &raw_ops,
			.driver_data = nullptr,
			.nr_hw_queues = 1,
			.queue_depth = raw_depth,
			.cmd_size = sizeof(unsigned long), // the word the model reads as the PDU count
			.numa_node = -1,
			.flags = 0,
			.timeout_ms = 0,
		};
		ASSERT_EQ(blkmq_tag_set_create(&config, &set_), 0);
		disk_ = create_disk("raw");
		ASSERT_NE(disk_, nullptr);
		ASSERT_EQ(device_add_disk(nullptr, disk_, nullptr), 0);
	}
	void TearDown() override {
		if (disk_) {
			del_gendisk(disk_);
			blkmq_disk_put(disk_);
		}
		if (set_)
			blkmq_tag_set_put(set_);
		ModelTest::TearDown();
	}

	gendisk *create_disk(const char *name) {
		const blkmq_disk_config config = {
			.name = name,
			.capacity_sectors = 1024,
			.logical_block_size = 512,
			.physical_block_size = 512,
			.max_hw_sectors = 0,
			.rotational = false,
		};
		gendisk *disk = nullptr;
		EXPECT_EQ(blkmq_disk_create(set_, nullptr, &config, &disk), 0);
		return disk;
	}

	// Submits one I/O; queue_rq leaves the request dispatched, not started.
	request *dispatch(std::optional<model::Submission> &submission) {
		submission.emplace(model::submit(disk_, {}));
		EXPECT_NE(RawDriver::dispatched, nullptr);
		return std::exchange(RawDriver::dispatched, nullptr);
	}

	// The library's reference count, the first word of the PDU.
	static unsigned long &pdu_count(request *rq) { return *reinterpret_cast<unsigned long *>(rq + 1); }

	blk_mq_tag_set *set_ = nullptr;
	gendisk *disk_ = nullptr;
};

TEST_F(RawMisuseTest, EndingTwice) {
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	blk_mq_end_request(rq, BLKMQ_STS_IOERR);
	expect_one_violation("ended twice");
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK); // the second end changed nothing
}

TEST_F(RawMisuseTest, EndingARequestNeverStarted) {
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	expect_one_violation("was never started");
	EXPECT_FALSE(submission->done()); // refused: the request is still the driver's
	blk_mq_start_request(rq);
	blk_mq_end_request(rq, BLKMQ_STS_NOSPC);
	EXPECT_EQ(submission->wait(), BLKMQ_STS_NOSPC);
}

TEST_F(RawMisuseTest, StartingTwice) {
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	blk_mq_start_request(rq);
	expect_one_violation("started twice");
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK);
}

TEST_F(RawMisuseTest, StartingOrEndingARequestNotDispatched) {
	// Tag 0 was never handed out: the block layer's, not the driver's.
	request *idle = blkmq_tag_to_rq(set_, 0, 0);
	ASSERT_NE(idle, nullptr);
	blk_mq_start_request(idle);
	expect_one_violation("is not the driver's");
	blk_mq_end_request(idle, BLKMQ_STS_OK);
	expect_one_violation("is not the driver's");

	// Nor is a request once it has ended.
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	blk_mq_start_request(rq);
	expect_one_violation("is not the driver's");
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK);
}

TEST_F(RawMisuseTest, EndingWhileSharedReferencesExist) {
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	pdu_count(rq) = 3; // as if two ARefs were alive
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	expect_one_violation("ended while shared references exist");
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK); // the kernel would end it anyway
	pdu_count(rq) = 0;                           // undo the forgery for the next user of the tag
}

TEST_F(RawMisuseTest, EndingSomethingThatIsNotARequest) {
	alignas(request) unsigned char not_a_request[sizeof(request) + sizeof(unsigned long)] = {};
	blk_mq_end_request(reinterpret_cast<request *>(not_a_request), BLKMQ_STS_OK);
	expect_one_violation("not a request of any live tag set");
	blk_mq_end_request(nullptr, BLKMQ_STS_OK);
	expect_one_violation("not a request of any live tag set");
	blk_mq_start_request(reinterpret_cast<request *>(not_a_request));
	expect_one_violation("not a request of any live tag set");
}

TEST_F(RawMisuseTest, RequestNeverEnded) {
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	EXPECT_EQ(submission->wait(std::chrono::milliseconds(50)), std::nullopt);
	expect_one_violation("never ended");
	blk_mq_end_request(rq, BLKMQ_STS_OK); // late, but ended: teardown can drain the disk
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK);
}

TEST_F(RawMisuseTest, PutDiskWithoutDelGendisk) {
	gendisk *disk = create_disk("raw_put");
	ASSERT_NE(disk, nullptr);
	ASSERT_EQ(device_add_disk(nullptr, disk, nullptr), 0);
	ASSERT_EQ(model::find_disk("raw_put"), disk);
	blkmq_disk_put(disk);
	expect_one_violation("still added");
	// The disk is gone entirely: no longer listed, and its name is free again.
	EXPECT_EQ(model::find_disk("raw_put"), nullptr);
	EXPECT_EQ(model::live_disks(), 1u); // the fixture's own disk
}

// The creator's put leaves the set to its disk, silently; one more put would free it under
// the disk's queue, a use-after-free in the kernel: the model (like the kernel shim)
// reports it and keeps the reference, which the disk's put (in TearDown) drops.
TEST_F(RawMisuseTest, ATagSetPutTooManyWhileADiskUsesItIsReportedAndKept) {
	blk_mq_tag_set *set = std::exchange(set_, nullptr); // no put in TearDown
	blkmq_tag_set_put(set);
	EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
	blkmq_tag_set_put(set);
	expect_one_violation("last reference was put while a disk still used it");
	EXPECT_EQ(model::live_tag_sets(), 1u); // kept

	// The disk still works on it; TearDown deletes and puts the disk, which frees the set.
	std::optional<model::Submission> submission;
	request *rq = dispatch(submission);
	blk_mq_start_request(rq);
	blk_mq_end_request(rq, BLKMQ_STS_OK);
	EXPECT_EQ(submission->wait(), BLKMQ_STS_OK);
}

// --- Handles reached through an alias that outlived them. ---

// A handle reported as dropped is emptied first: an alias that outlived it (a lambda or a
// coroutine frame that captured it by reference) then finds it empty, and ending through
// it is reported instead of reaching the block layer a second time. The handle lives in
// storage that outlives it, as a captured reference's target does in a coroutine frame.
TEST_F(MisuseTest, AHandleReportedAsDroppedIsEmptied) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		alignas(Unique) unsigned char storage[sizeof(Unique)];
		Unique *handle = new (storage) Unique(std::move(rq).start());
		handle->~Unique(); // reported and failed here
		end_through_dangling_alias(*std::launder(handle));
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("drop_alias");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
	expect_violations({"a UniqueRequest was dropped", "moved from"});
}

TEST_F(MisuseTest, AnOwnedRequestReportedAsDroppedIsEmptied) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		alignas(Owned) unsigned char storage[sizeof(Owned)];
		Owned *handle = new (storage) Owned(std::move(rq));
		handle->~Owned();
		start_through_dangling_alias(*std::launder(handle));
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("drop_owned_alias");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
	// start() on the emptied handle gives an empty one, and ending that is reported too.
	expect_violations({"an OwnedRequest was dropped", "moved from", "moved from"});
}

// unique() after a try_unique() that failed says so, not "used after it was moved from".
TEST_F(MisuseTest, UniqueFromAFailedTryUniqueIsReportedAsSuch) {
	start_and_park();
	auto device = make_device<Ops>("not_unique");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	Shared first = std::move(*rq).share();
	{
		Shared second = first;
		UniqueOrShared<Ops> attempt = std::move(second).try_unique();
		ASSERT_FALSE(attempt.is_unique());
		Unique nothing = std::move(attempt).unique(); // empty: dropping it is silent
		expect_one_violation("unique() was taken from a try_unique() that failed");
	} // the second reference goes with `attempt`
	EXPECT_FALSE(submission.done());

	UniqueOrShared<Ops> last = std::move(first).try_unique();
	ASSERT_TRUE(last.is_unique());
	std::move(last).unique().end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

// --- Option: checked access, and moving out empties it. ---

TEST_F(MisuseTest, TakingFromAnOptionEmptiesIt) {
	Option<Shared> none;
	EXPECT_FALSE(none.has_value());
	Option<int> value(7);
	EXPECT_EQ(*value, 7);
	EXPECT_EQ(std::move(value).take(), 7);
	EXPECT_FALSE(value.has_value()); // NOLINT(bugprone-use-after-move): emptied by take()
	Option<int> again(8);
	EXPECT_EQ(*std::move(again), 8);
	EXPECT_FALSE(again.has_value()); // NOLINT(bugprone-use-after-move): emptied by operator*
	Option<int> moved(9);
	Option<int> target = std::move(moved);
	EXPECT_FALSE(moved.has_value()); // NOLINT(bugprone-use-after-move): emptied by the move
	target = Option<int>(10);
	EXPECT_EQ(*target, 10);
}

// Reaching into an empty Option has no value to go on with: reported, then a trap, the same
// at every optimisation level (the death test runs this build's code, -O2 in CI).
TEST_F(MisuseTest, DereferencingAnEmptyOptionIsReportedAndStops) {
	GTEST_FLAG_SET(death_test_style, "threadsafe");
	const Option<int> empty;
	EXPECT_DEATH((void)*empty, "an empty Option was dereferenced");
	Option<int> taken;
	EXPECT_DEATH((void)std::move(taken).take(), "an empty Option was dereferenced");
}

// --- Assignment: into an empty handle or slot it just moves; over a live one it drops. ---

TEST_F(MisuseTest, AssigningIntoAnEmptyHandleOrSlotMovesTheRequest) {
	start_and_park();
	auto device = make_device<Ops>("assign_empty", {.queue_depth = 2});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::optional<Unique> parked = Ops::parked.take();
	ASSERT_TRUE(parked);
	Unique target = std::move(*parked);
	Unique slot = std::move(target); // `target` is empty now...
	target = std::move(slot);        // ...and can be refilled
	Option<Unique> option;
	option = Option<Unique>(std::move(target));
	std::vector<Unique> queue;
	queue.push_back(std::move(option).take());
	queue.erase(queue.begin()); // would drop it: take it out first
	EXPECT_EQ(submission.wait(), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
}

TEST_F(MisuseTest, AssigningOverALiveHandleReportsAndFailsItsRequest) {
	start_and_park();
	auto device = make_device<Ops>("assign_live", {.queue_depth = 2});
	ASSERT_TRUE(device);

	model::Submission first = model::submit(device->raw, {.sector = 1});
	model::Submission second = model::submit(device->raw, {.sector = 2});
	std::optional<Unique> a = Ops::parked.take();
	std::optional<Unique> b = Ops::parked.take();
	ASSERT_TRUE(a && b);
	Unique held = std::move(*a);
	held = std::move(*b); // the first request is dropped here
	EXPECT_EQ(first.wait(), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
	EXPECT_EQ(held->sector(), 2u);
	std::move(held).end_ok();
	EXPECT_EQ(second.wait(), Status::ok().raw());
}

TEST_F(MisuseTest, AssigningOverALiveOwnedRequestReportsAndFailsIt) {
	std::optional<Owned> kept;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		if (!kept) {
			kept.emplace(std::move(rq));
			return DispatchResult::accepted();
		}
		*kept = std::move(rq); // drops the first
		std::move(*kept).start().end_ok();
		kept.reset();
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("assign_owned", {.queue_depth = 2});
	ASSERT_TRUE(device);

	model::Submission first = model::submit(device->raw, {.sector = 1});
	model::Submission second = model::submit(device->raw, {.sector = 2});
	EXPECT_EQ(first.wait(), Status::io_error().raw());
	EXPECT_EQ(second.wait(), Status::ok().raw());
	expect_one_violation("an OwnedRequest was dropped");
}

// A view kept past its request's end, read after the next I/O was dispatched: the model
// hands out tags in turn, as the block layer's sbitmap spreads them, so the next I/O does
// not land in the ended request and the read is reported rather than seeing the new I/O.
TEST_F(MisuseTest, AViewKeptPastEndIsReportedEvenAfterTheNextDispatch) {
	start_and_park();
	auto device = make_device<Ops>("view_reuse", {.queue_depth = 4});
	ASSERT_TRUE(device);

	model::Submission first = model::submit(device->raw, {.sector = 1});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	const Request<Ops> &view = **rq;
	const unsigned int view_tag_before_end = view.tag();
	std::move(*rq).end_ok();
	EXPECT_EQ(first.wait(), Status::ok().raw());

	model::Submission second = model::submit(device->raw, {.sector = 2});
	std::optional<Unique> next = Ops::parked.take();
	ASSERT_TRUE(next);
	EXPECT_NE((*next)->tag(), view_tag_before_end);
	EXPECT_NE(view.sector(), 2u); // the poisoned value, not the next I/O's
	expect_one_violation("use after end");
	std::move(*next).end_ok();
	EXPECT_EQ(second.wait(), Status::ok().raw());
}

// Assigning from an Option that lives inside the assigned one's value (popping a list)
// takes the value out before destroying the old one: under AddressSanitizer, the other
// order is a use after free.
TEST_F(MisuseTest, AssigningAnOptionFromInsideItsOwnValue) {
	struct Node {
		int value;
		Option<Box<Node>> next;
	};
	auto make = [](int value, Option<Box<Node>> next) {
		Result<Box<Node>> node = Box<Node>::create(value, std::move(next));
		EXPECT_TRUE(node);
		return Option<Box<Node>>(std::move(node).value());
	};
	Option<Box<Node>> head = make(1, make(2, make(3, {})));
	int seen = 0;
	while (head) {
		++seen;
		EXPECT_EQ((*head)->value, seen);
		head = std::move((*head)->next);
	}
	EXPECT_EQ(seen, 3);
	EXPECT_EQ(model::live_allocations(), 0u);
}

// queue_rq returning the result of a request it kept from an earlier call would have the
// block layer requeue the one it just dispatched (which the driver keeps) and lose the
// other: the other is reported and failed, and the dispatched one stays the driver's.
TEST_F(MisuseTest, GivingBackAnotherRequestFromQueueRqIsReportedAndFailed) {
	std::optional<Owned> kept;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		if (!kept) {
			kept.emplace(std::move(rq));
			return DispatchResult::accepted();
		}
		Owned earlier = std::move(*kept);
		kept.emplace(std::move(rq));
		return std::move(earlier).busy();
	};
	auto device = make_device<Ops>("foreign", {.queue_depth = 2});
	ASSERT_TRUE(device);

	model::Submission first = model::submit(device->raw, {.sector = 1});
	model::Submission second = model::submit(device->raw, {.sector = 2});
	EXPECT_EQ(first.wait(), Status::io_error().raw());
	expect_one_violation("queue_rq gave back a request other than the one dispatched");
	ASSERT_TRUE(kept);
	EXPECT_EQ((*kept)->sector(), 2u);
	std::move(*kept).start().end_ok();
	kept.reset();
	EXPECT_EQ(second.wait(), Status::ok().raw());
}

} // namespace
} // namespace blkmq::testing
