// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Every legal transition of a request, driven through the model: queue_rq -> start -> end
// inline or later from another thread, remote and inline completion, busy (requeue) and
// failed answers, batches and commit_rqs, and timeout (poll_test.cpp: poll queues).
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <cerrno>
#include <optional>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

// Every handle is the size of a pointer, whatever data the driver keeps: the typestate
// costs nothing at run time. ScriptedOps has RequestData, QueueData and HwData.
static_assert(sizeof(OwnedRequest<ScriptedOps>) == sizeof(void *));
static_assert(sizeof(UniqueRequest<ScriptedOps>) == sizeof(void *));
static_assert(sizeof(ARef<Request<ScriptedOps>>) == sizeof(void *));
static_assert(sizeof(TagSet<ScriptedOps>) == sizeof(void *));
static_assert(sizeof(OwnedRequest<NoData>) == sizeof(void *));

class LifecycleTest : public ScriptedTest {};

// What queue_rq saw of one request.
struct Seen {
	std::uint64_t sector = 0;
	std::uint32_t bytes = 0;
	Op op = Op::Read;
	bool is_write = false, is_fua = false, is_preflush = false, is_sync = false, is_meta = false,
	     is_no_unmap = false;
	unsigned int tag = 0, hw_queue = 0;
};

TEST_F(LifecycleTest, StartAndEndInQueueRq) {
	std::vector<Seen> seen;
	Ops::on_queue_rq = [&](Queue &queue, Owned rq, bool is_last) {
		EXPECT_TRUE(is_last); // model::submit dispatches one request at a time
		seen.push_back({rq->sector(), rq->bytes(), rq->op(), rq->is_write(), rq->is_fua(), rq->is_preflush(),
				rq->is_sync(), rq->is_meta(), rq->is_no_unmap(), rq->tag(), rq->hw_queue()});
		EXPECT_EQ(rq->hw_queue(), queue.index());
		Unique started = std::move(rq).start();
		// A read of sector 13 fails: the status the driver passes to end() is what the
		// submitter sees.
		if (started->sector() == 13)
			std::move(started).end(Status::medium_error());
		else
			std::move(started).end_ok();
		return DispatchResult::accepted();
	};
	// A disk with a write cache that supports FUA, and write zeroes: the block layer sends
	// it all of the requests below as they are.
	auto device =
		make_device<Ops>("lifecycle", {.nr_hw_queues = 1, .queue_depth = 4}, {},
				 default_disk().volatile_write_cache(Fua::Supported).max_write_zeroes_sectors(1 << 20));
	ASSERT_TRUE(device);

	EXPECT_EQ(
		model::submit_and_wait(
			device->raw,
			{.op = BLKMQ_REQ_OP_WRITE, .sector = 8, .bytes = 512, .flags = BLKMQ_REQ_FUA | BLKMQ_REQ_SYNC}),
		Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(
			  device->raw, {.op = BLKMQ_REQ_OP_READ, .sector = 13, .bytes = 4096, .flags = BLKMQ_REQ_META}),
		  Status::medium_error().raw());
	EXPECT_EQ(
		model::submit_and_wait(
			device->raw,
			{.op = BLKMQ_REQ_OP_WRITE_ZEROES, .sector = 64, .bytes = 1 << 20, .flags = BLKMQ_REQ_NOUNMAP}),
		Status::ok().raw());
	EXPECT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0, .flags = BLKMQ_REQ_META}),
		  Status::ok().raw());

	ASSERT_EQ(seen.size(), 4u);
	EXPECT_EQ(seen[0].sector, 8u);
	EXPECT_EQ(seen[0].bytes, 512u);
	EXPECT_EQ(seen[0].op, Op::Write);
	EXPECT_TRUE(seen[0].is_write);
	EXPECT_TRUE(seen[0].is_fua);
	EXPECT_TRUE(seen[0].is_sync);
	EXPECT_FALSE(seen[0].is_meta);
	EXPECT_EQ(seen[1].op, Op::Read);
	EXPECT_FALSE(seen[1].is_write);
	EXPECT_FALSE(seen[1].is_fua);
	EXPECT_TRUE(seen[1].is_meta);
	EXPECT_EQ(seen[2].op, Op::WriteZeroes);
	EXPECT_TRUE(seen[2].is_write);
	EXPECT_TRUE(seen[2].is_no_unmap);
	EXPECT_EQ(seen[2].bytes, 1u << 20);
	// The block layer's own flush request, as blk-flush.c makes it.
	EXPECT_EQ(seen[3].op, Op::Flush);
	EXPECT_FALSE(seen[3].is_write);
	EXPECT_TRUE(seen[3].is_preflush);
	EXPECT_FALSE(seen[3].is_meta);
	for (const Seen &one : seen) {
		EXPECT_LT(one.tag, 4u);
		EXPECT_EQ(one.hw_queue, 0u);
	}
}

TEST_F(LifecycleTest, UniqueRequestHeldAndEndedLaterOnAnotherThread) {
	start_and_park();
	auto device = make_device<Ops>("held", {.queue_depth = 2});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 100});
	// queue_rq returned, but the driver still holds the request: it has not ended.
	EXPECT_FALSE(submission.done());
	ASSERT_EQ(Ops::parked.size(), 1u);

	std::thread device_thread([] {
		std::optional<Unique> rq = Ops::parked.take();
		ASSERT_TRUE(rq);
		EXPECT_EQ((*rq)->sector(), 100u);
		std::move(*rq).end(Status::no_space());
	});
	device_thread.join();
	EXPECT_EQ(submission.wait(), Status::no_space().raw());
}

TEST_F(LifecycleTest, OwnedRequestStartedAndEndedLaterOnAnotherThread) {
	// The driver may keep the request unstarted (its own queue) and start it later.
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		Ops::parked_owned.put(std::move(rq));
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("held_owned");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 7});
	EXPECT_FALSE(submission.done());
	std::thread device_thread([] {
		std::optional<Owned> rq = Ops::parked_owned.take();
		ASSERT_TRUE(rq);
		Unique started = std::move(*rq).start();
		EXPECT_EQ(started->sector(), 7u);
		std::move(started).end_ok();
	});
	device_thread.join();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

TEST_F(LifecycleTest, CompleteInlineRunsOpsCompleteOnTheCallingThread) {
	model::set_remote_completion(false);
	std::atomic<int> completions{0};
	std::thread::id completed_on;
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		std::move(rq).start().complete();
		return DispatchResult::accepted();
	};
	Ops::on_complete = [&](Unique rq) {
		++completions;
		completed_on = std::this_thread::get_id();
		std::move(rq).end(Status::target_error());
	};
	auto device = make_device<Ops>("complete_inline");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	// Inline: Ops::complete ran inside queue_rq, before submit() returned.
	EXPECT_TRUE(submission.done());
	EXPECT_EQ(submission.wait(), Status::target_error().raw());
	EXPECT_EQ(completions, 1);
	EXPECT_EQ(completed_on, std::this_thread::get_id());
}

TEST_F(LifecycleTest, CompleteRemoteRunsOpsCompleteOnTheSoftirqThread) {
	model::set_remote_completion(true);
	std::atomic<int> completions{0};
	std::thread::id completed_on;
	std::uint64_t completed_sector = 0;
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		started->data().cookie = started->sector() * 2;
		std::move(started).complete();
		return DispatchResult::accepted();
	};
	Ops::on_complete = [&](Unique rq) {
		// Recorded before end(): ending is what publishes them to the waiting submitter.
		completed_on = std::this_thread::get_id();
		completed_sector = rq->sector();
		EXPECT_EQ(rq->data().cookie, rq->sector() * 2); // data written in queue_rq is visible
		++completions;
		std::move(rq).end_ok();
	};
	auto device = make_device<Ops>("complete_remote");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {.sector = 21}), Status::ok().raw());
	EXPECT_EQ(completions, 1);
	EXPECT_NE(completed_on, std::this_thread::get_id());
	EXPECT_EQ(completed_sector, 21u);
}

TEST_F(LifecycleTest, CompleteFromAHeldRequestOnAnotherThread) {
	model::set_remote_completion(true);
	start_and_park();
	std::atomic<int> completions{0};
	Ops::on_complete = [&](Unique rq) {
		++completions;
		std::move(rq).end(Status::protection_error());
	};
	auto device = make_device<Ops>("complete_held");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::thread interrupt([] {
		std::optional<Unique> rq = Ops::parked.take();
		ASSERT_TRUE(rq);
		std::move(*rq).complete();
	});
	interrupt.join();
	EXPECT_EQ(submission.wait(), Status::protection_error().raw());
	EXPECT_EQ(completions, 1);
}

// busy() hands the request back: the block layer requeues it and dispatches the same
// request (same tag) again.
TEST_F(LifecycleTest, BusyOwnedRequestIsRequeuedAndDispatchedAgain) {
	std::vector<unsigned int> tags;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		tags.push_back(rq->tag());
		if (tags.size() <= 2)
			return std::move(rq).busy();
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	};
	std::atomic<int> commits{0};
	Ops::on_commit_rqs = [&](Queue &) { ++commits; };
	auto device = make_device<Ops>("busy_owned");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
	ASSERT_EQ(tags.size(), 3u);
	EXPECT_EQ(tags[0], tags[1]);
	EXPECT_EQ(tags[1], tags[2]);
	EXPECT_EQ(commits, 0); // the only request was the last of its batch
}

TEST_F(LifecycleTest, BusyUniqueRequestIsRequeuedAndDispatchedAgain) {
	int dispatches = 0;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		// Out of device resources after starting: the started request goes back too.
		if (++dispatches == 1)
			return std::move(started).busy();
		std::move(started).end_ok();
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("busy_unique");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
	EXPECT_EQ(dispatches, 2);
}

TEST_F(LifecycleTest, FailedGivesTheSubmitterTheStatus) {
	int dispatches = 0;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		++dispatches;
		if (rq->sector() == 1)
			return std::move(rq).fail(Status::not_supported());
		return std::move(rq).start().fail(Status::try_again());
	};
	auto device = make_device<Ops>("failed");
	ASSERT_TRUE(device);

	EXPECT_EQ(model::submit_and_wait(device->raw, {.sector = 1}), Status::not_supported().raw());
	EXPECT_EQ(model::submit_and_wait(device->raw, {.sector = 2}), Status::try_again().raw());
	EXPECT_EQ(dispatches, 2); // an error is final: no requeue
}

// failed() with a status that is not an error would leave the request with nobody (ok): it
// becomes an I/O error instead. The busy values cannot be a Status at all (status.hpp); an
// errno the kernel maps to one gives an I/O error too.
TEST_F(LifecycleTest, FailedWithANonErrorStatusBecomesAnIoError) {
	int dispatches = 0;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		++dispatches;
		switch (rq->sector()) {
		case 0:
			return std::move(rq).fail(Status::ok());
		case 1:
			return std::move(rq).start().fail(Status::ok());
		case 2:
			return std::move(rq).fail(Status::from_errno(-ENOMEM));
		default:
			return std::move(rq).fail(Status::from_errno(-EBUSY));
		}
	};
	auto device = make_device<Ops>("failed_ok");
	ASSERT_TRUE(device);

	for (std::uint64_t sector = 0; sector < 4; ++sector)
		EXPECT_EQ(model::submit_and_wait(device->raw, {.sector = sector}), Status::io_error().raw())
			<< "sector " << sector;
	EXPECT_EQ(dispatches, 4);
}

// A batch that the driver refuses part-way (busy on a request that is not the last) must
// be followed by commit_rqs, so a driver that defers ringing its doorbell until is_last
// still rings it.
TEST_F(LifecycleTest, SubmitBatchCallsCommitRqsWhenTheBatchStopsEarly) {
	std::vector<std::pair<std::uint64_t, bool>> dispatched; // (sector, is_last)
	bool refused = false;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool is_last) {
		dispatched.emplace_back(rq->sector(), is_last);
		if (rq->sector() == 1 && !refused) {
			refused = true;
			return std::move(rq).busy();
		}
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	};
	std::vector<std::size_t> commits_after; // how many dispatches preceded each commit
	Ops::on_commit_rqs = [&](Queue &queue) {
		EXPECT_EQ(queue.index(), 0u);
		commits_after.push_back(dispatched.size());
	};
	auto device = make_device<Ops>("batch");
	ASSERT_TRUE(device);

	const model::Io ios[] = {{.sector = 0}, {.sector = 1}, {.sector = 2}};
	std::vector<model::Submission> submissions = model::submit_batch(device->raw, ios);
	ASSERT_EQ(submissions.size(), 3u);
	for (const model::Submission &submission : submissions)
		EXPECT_EQ(submission.wait(), Status::ok().raw());

	const std::vector<std::pair<std::uint64_t, bool>> expected = {{0, false}, {1, false}, {1, false}, {2, true}};
	EXPECT_EQ(dispatched, expected);
	EXPECT_EQ(commits_after, std::vector<std::size_t>{2}); // right after the refusal
}

// A failed request in a batch also gets commit_rqs at the batch's end, even when the batch
// ran to its is_last request: what the driver was told was coming did not all come.
TEST_F(LifecycleTest, SubmitBatchCallsCommitRqsAfterABatchWithAFailure) {
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		if (rq->sector() == 1)
			return std::move(rq).fail(Status::medium_error());
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	};
	int commits = 0;
	Ops::on_commit_rqs = [&](Queue &) { ++commits; };
	auto device = make_device<Ops>("batch_error");
	ASSERT_TRUE(device);

	const model::Io ios[] = {{.sector = 0}, {.sector = 1}, {.sector = 2}};
	std::vector<model::Submission> submissions = model::submit_batch(device->raw, ios);
	ASSERT_EQ(submissions.size(), 3u);
	EXPECT_EQ(submissions[1].wait(), Status::medium_error().raw());
	EXPECT_EQ(commits, 1);
}

TEST_F(LifecycleTest, BatchTakenWholeNeedsNoCommitRqs) {
	std::vector<bool> is_last_seen;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool is_last) {
		is_last_seen.push_back(is_last);
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	};
	int commits = 0;
	Ops::on_commit_rqs = [&](Queue &) { ++commits; };
	auto device = make_device<Ops>("batch_whole");
	ASSERT_TRUE(device);

	const model::Io ios[] = {{.sector = 0}, {.sector = 8}, {.sector = 16}, {.sector = 24}};
	for (const model::Submission &submission : model::submit_batch(device->raw, ios))
		EXPECT_EQ(submission.wait(), Status::ok().raw());
	EXPECT_EQ(is_last_seen, (std::vector<bool>{false, false, false, true}));
	EXPECT_EQ(commits, 0);
}

TEST_F(LifecycleTest, TimeoutAsksTheDriverAndPassesItsAnswerOn) {
	start_and_park();
	TimeoutAction answer = TimeoutAction::ResetTimer;
	std::vector<unsigned int> timed_out; // tags the handler saw
	Ops::on_timeout = [&](TimedOutRequest<Ops> &rq) {
		timed_out.push_back(rq.tag());
		// The test body holds the handle: the handler cannot take the request.
		EXPECT_FALSE(rq.try_take());
		return answer;
	};
	auto device = make_device<Ops>("timeout", {.queue_depth = 4});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 99});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	const unsigned int tag = (*rq)->tag();

	EXPECT_EQ(model::expire(device->raw, 0, tag), static_cast<unsigned int>(TimeoutAction::ResetTimer));
	EXPECT_EQ(model::expire(device->raw, 0, tag), BLKMQ_EH_RESET_TIMER);
	answer = TimeoutAction::Done;
	EXPECT_EQ(model::expire(device->raw, 0, tag), BLKMQ_EH_DONE);
	// Done: the driver ends the request itself, through the handle it holds.
	std::move(*rq).end(Status::timeout());
	EXPECT_EQ(submission.wait(), Status::timeout().raw());

	EXPECT_EQ(timed_out, (std::vector<unsigned int>{tag, tag, tag}));
	// The block layer asks only about requests in flight: not an ended or an unused one.
	EXPECT_EQ(model::expire(device->raw, 0, tag), std::nullopt);
	EXPECT_EQ(model::expire(device->raw, 0, (tag + 1) % 4), std::nullopt);
	EXPECT_EQ(timed_out.size(), 3u);
}

} // namespace
} // namespace blkmq::testing
