// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Queue maps and polling: which queues a tag set's maps give (QueueType), a poll queue's
// requests kept in a RequestList and ended by Ops::poll into the poll's CompletionBatch, and
// what the list does with requests nobody took out.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <vector>

namespace blkmq::testing {
namespace {

class PollTest : public ScriptedTest {
protected:
	// queue_rq that ends each request at once, noting the type of the queue it came on.
	static void record_queue_types(std::vector<QueueType> &types) {
		Ops::on_queue_rq = [&types](Queue &queue, Owned rq, bool) {
			types.push_back(queue.type());
			std::move(rq).start().end_ok();
			return DispatchResult::accepted();
		};
	}
	// queue_rq that starts each request and keeps it in its queue's list for Ops::poll.
	static void start_and_keep_for_poll() {
		Ops::on_queue_rq = [](Queue &queue, Owned rq, bool) {
			queue.data().polled.lock()->push_back(std::move(rq).start());
			return DispatchResult::accepted();
		};
	}
};

TEST_F(PollTest, MapsNumberDefaultThenReadThenPollQueues) {
	std::vector<QueueType> types;
	record_queue_types(types);
	auto device = make_device<Ops>("maps", {.nr_hw_queues = 1, .read_queues = 2, .poll_queues = 1});
	ASSERT_TRUE(device);
	ASSERT_EQ(device->nr_hw_queues(), 4u);
	for (unsigned int qid = 0; qid < 4; ++qid)
		EXPECT_EQ(model::submit_and_wait(device->raw, {.hw_queue = qid}), Status::ok().raw());
	EXPECT_EQ(types,
		  (std::vector<QueueType>{QueueType::Default, QueueType::Read, QueueType::Read, QueueType::Poll}));
}

TEST_F(PollTest, WithoutOtherMapsEveryQueueIsADefaultOne) {
	std::vector<QueueType> types;
	record_queue_types(types);
	auto device = make_device<Ops>("default_map", {.nr_hw_queues = 2});
	ASSERT_TRUE(device);
	for (unsigned int qid = 0; qid < device->nr_hw_queues(); ++qid)
		EXPECT_EQ(model::submit_and_wait(device->raw, {.hw_queue = qid}), Status::ok().raw());
	EXPECT_EQ(types, std::vector<QueueType>(device->nr_hw_queues(), QueueType::Default));
}

// Each poll ends the requests of its own queue, in the order they arrived, and returns how
// many; a second poll finds none.
TEST_F(PollTest, PollEndsTheRequestsOfItsQueue) {
	start_and_keep_for_poll();
	auto device = make_device<Ops>("poll", {.nr_hw_queues = 1, .poll_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);

	std::vector<model::Submission> first, second;
	for (std::uint64_t i = 0; i < 3; ++i)
		first.push_back(model::submit(device->raw, {.sector = 8 * i, .hw_queue = 1}));
	for (int i = 0; i < 2; ++i)
		second.push_back(model::submit(device->raw, {.hw_queue = 2}));
	for (const model::Submission &submission : first)
		EXPECT_FALSE(submission.done());

	EXPECT_EQ(model::poll(device->raw, 1), 3);
	for (const model::Submission &submission : first)
		EXPECT_EQ(submission.wait(), Status::ok().raw());
	// Polling queue 1 left queue 2 alone.
	for (const model::Submission &submission : second)
		EXPECT_FALSE(submission.done());
	EXPECT_EQ(model::poll(device->raw, 1), 0);
	EXPECT_EQ(model::poll(device->raw, 2, model::PollCaller::Synchronous), 2);
	for (const model::Submission &submission : second)
		EXPECT_EQ(submission.wait(), Status::ok().raw());
}

// A batch takes only successful requests: one that failed is ended at once, with its
// status, and so is every request of a poller without a batch.
TEST_F(PollTest, FailedRequestsAreEndedOutsideTheBatch) {
	// Every second request fails: the model dispatches them in the order they are submitted.
	unsigned int dispatched = 0;
	Ops::on_queue_rq = [&dispatched](Queue &queue, Owned rq, bool) {
		Unique started = std::move(rq).start();
		if (dispatched++ % 2 == 1)
			started->data().poll_status = Status::medium_error();
		queue.data().polled.lock()->push_back(std::move(started));
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("poll_errors", {.nr_hw_queues = 1, .poll_queues = 1, .queue_depth = 8});
	ASSERT_TRUE(device);
	for (const model::PollCaller caller : {model::PollCaller::Batching, model::PollCaller::Synchronous}) {
		const std::size_t batched_before = model::batched_requests();
		const model::Submission good = model::submit(device->raw, {.sector = 0, .hw_queue = 1});
		const model::Submission bad = model::submit(device->raw, {.sector = 8, .hw_queue = 1});
		EXPECT_EQ(model::poll(device->raw, 1, caller), 2);
		EXPECT_EQ(good.wait(), Status::ok().raw());
		EXPECT_EQ(bad.wait(), Status::medium_error().raw());
		// Only the good one, and only into a batch that exists.
		EXPECT_EQ(model::batched_requests() - batched_before, caller == model::PollCaller::Batching ? 1u : 0u);
	}
}

// The kernel polls only poll queues: the model says so of a test that polls another.
TEST_F(PollTest, PollingADefaultQueueIsAViolation) {
	end_inline();
	auto device = make_device<Ops>("poll_default", {.nr_hw_queues = 1, .poll_queues = 1});
	ASSERT_TRUE(device);
	EXPECT_EQ(model::poll(device->raw, 0), 0);
	expect_one_violation("not a poll queue");
}

// Ops::timeout cannot take a listed request (the list holds it), but remove() can, and the
// list goes on without it; a request not in the list is not removed.
TEST_F(PollTest, TimeoutTakesAListedRequestOut) {
	start_and_keep_for_poll();
	Ops::on_timeout = [](TimedOutRequest<Ops> &rq) {
		EXPECT_FALSE(rq.try_take());
		EXPECT_EQ(rq.queue().type(), QueueType::Poll);
		if (Option<Unique> listed = rq.queue().data().polled.lock()->remove(rq))
			(*std::move(listed)).end(Status::timeout());
		return TimeoutAction::Done;
	};
	auto device = make_device<Ops>("poll_timeout", {.nr_hw_queues = 1, .poll_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	std::vector<model::Submission> submissions;
	for (int i = 0; i < 3; ++i)
		submissions.push_back(model::submit(device->raw, {.hw_queue = 1}));
	const model::Submission elsewhere = model::submit(device->raw, {.hw_queue = 2});
	// The middle one, then the last: unlinked from the middle and from the tail.
	const unsigned int middle = 1, last = 2;
	EXPECT_EQ(model::expire(device->raw, 1, middle), BLKMQ_EH_DONE);
	EXPECT_EQ(submissions[1].wait(), Status::timeout().raw());
	EXPECT_EQ(model::expire(device->raw, 1, last), BLKMQ_EH_DONE);
	EXPECT_EQ(submissions[2].wait(), Status::timeout().raw());
	EXPECT_EQ(model::poll(device->raw, 1), 1);
	EXPECT_EQ(submissions[0].wait(), Status::ok().raw());
	// Queue 2's request is in queue 2's list: queue 1's timeout path never sees it there.
	EXPECT_FALSE(elsewhere.done());
	EXPECT_EQ(model::poll(device->raw, 2), 1);
	EXPECT_EQ(elsewhere.wait(), Status::ok().raw());
}

// Requests left in a list that is destroyed are each reported and failed, never lost.
TEST_F(PollTest, DroppedListFailsItsRequests) {
	Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
		RequestList<Ops> forgotten;
		forgotten.push_back(std::move(rq).start());
		EXPECT_FALSE(forgotten.empty());
		return DispatchResult::accepted(); // `forgotten` is dropped here with its request
	};
	auto device = make_device<Ops>("drop_list");
	ASSERT_TRUE(device);
	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::io_error().raw());
	expect_one_violation("a UniqueRequest was dropped");
}

// take() moves the whole list and leaves the original empty and usable; pop_front() gives
// the requests back in the order they were pushed.
TEST_F(PollTest, TakeMovesEveryRequestInOrder) {
	RequestList<Ops> kept;
	Ops::on_queue_rq = [&kept](Queue &, Owned rq, bool) {
		kept.push_back(std::move(rq).start());
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("take", {.nr_hw_queues = 1, .queue_depth = 8});
	ASSERT_TRUE(device);
	std::vector<model::Submission> submissions;
	for (std::uint64_t i = 0; i < 4; ++i)
		submissions.push_back(model::submit(device->raw, {.sector = 8 * i}));

	RequestList<Ops> taken = kept.take();
	EXPECT_TRUE(kept.empty());
	EXPECT_FALSE(kept.pop_front());
	std::vector<std::uint64_t> order;
	while (Option<Unique> rq = taken.pop_front()) {
		Unique unique = *std::move(rq);
		order.push_back(unique->sector());
		std::move(unique).end_ok();
	}
	EXPECT_EQ(order, (std::vector<std::uint64_t>{0, 8, 16, 24}));
	EXPECT_TRUE(taken.empty());
	for (const model::Submission &submission : submissions)
		EXPECT_EQ(submission.wait(), Status::ok().raw());
}

struct NoPollOps {
	static DispatchResult queue_rq(const HwQueue<NoPollOps> &, OwnedRequest<NoPollOps> rq, bool) {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

TEST_F(PollTest, PollQueuesNeedAPollOperation) {
	Result<TagSet<NoPollOps>> tag_set = TagSet<NoPollOps>::create({.poll_queues = 1});
	ASSERT_FALSE(tag_set);
	EXPECT_EQ(tag_set.error().to_errno(), -EINVAL);
	EXPECT_TRUE(TagSet<NoPollOps>::create({.read_queues = 1}));
}

} // namespace
} // namespace blkmq::testing
