// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Ops::queue_rqs and DispatchBatch: a plug's requests reach the driver as one batch, each with
// its hardware queue; what the driver leaves, and what it never takes, the block layer then
// dispatches through queue_rq; settle() turns queue_rq's answers into what the block layer
// would have done with them. The model checks the list handed back (only requests of the
// batch, none started, the tail right) and that no request taken is forgotten.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace blkmq::testing {
namespace {

// What queue_rqs does with the batch.
enum class Policy {
	ServeAll,       // starts and ends each request itself
	LeaveOdd,       // serves even pages, leaves odd ones unstarted
	StopAfterTwo,   // serves two, then returns with the rest never taken
	ThroughQueueRq, // serves each with queue_rq and settles its answer
	DropSecond,     // drops the second request it takes
};

// queue_rq's answer for the page at sector 8 * k, by k % 4.
//   0: ends it;
//   1: busy before starting it, the first time: left, and queue_rq gets it again;
//   2: busy after starting it, the first time: requeued, and queue_rq gets it again;
//   3: fails it, started, with a medium error.
struct BatchOps {
	struct RequestData {
		bool answered_busy = false;
	};
	static inline Policy policy = Policy::ServeAll;
	static inline std::atomic<int> batches{0};
	static inline std::atomic<int> dispatches{0}; // queue_rq calls
	static inline std::mutex order_lock;
	static inline std::vector<std::uint64_t> batch_order;    // sectors, as queue_rqs took them
	static inline std::vector<std::uint64_t> dispatch_order; // sectors, as queue_rq got them

	static DispatchResult queue_rq(const HwQueue<BatchOps> &queue, OwnedRequest<BatchOps> rq, bool) {
		++dispatches;
		EXPECT_EQ(queue.index(), rq->hw_queue());
		{
			const std::lock_guard lock(order_lock);
			dispatch_order.push_back(rq->sector());
		}
		if (policy != Policy::ThroughQueueRq) {
			end(std::move(rq).start(), Status::ok());
			return DispatchResult::accepted();
		}
		const std::uint64_t kind = rq->sector() / 8 % 4;
		const bool first = !rq->data().answered_busy;
		if (kind == 1 && first) {
			rq->data().answered_busy = true;
			return std::move(rq).busy();
		}
		UniqueRequest<BatchOps> started = std::move(rq).start();
		if (kind == 2 && first) {
			started->data().answered_busy = true;
			return std::move(started).busy();
		}
		end(std::move(started), kind == 3 ? Status::medium_error() : Status::ok());
		return DispatchResult::accepted();
	}

	static void queue_rqs(DispatchBatch<BatchOps> &batch) {
		++batches;
		int taken = 0;
		while (Option<DispatchBatch<BatchOps>::Entry> entry = batch.pop_front()) {
			auto [queue, rq] = *std::move(entry);
			EXPECT_EQ(queue.index(), rq->hw_queue());
			const std::uint64_t sector = rq->sector();
			{
				const std::lock_guard lock(order_lock);
				batch_order.push_back(sector);
			}
			++taken;
			switch (policy) {
			case Policy::ServeAll:
				end(std::move(rq).start(), Status::ok());
				break;
			case Policy::LeaveOdd:
				if (sector / 8 % 2 == 1)
					batch.leave(std::move(rq));
				else
					end(std::move(rq).start(), Status::ok());
				break;
			case Policy::StopAfterTwo:
				end(std::move(rq).start(), Status::ok());
				if (taken == 2)
					return;
				break;
			case Policy::ThroughQueueRq:
				batch.settle(queue_rq(queue, std::move(rq), /*is_last=*/false));
				break;
			case Policy::DropSecond:
				if (taken != 2)
					end(std::move(rq).start(), Status::ok());
				break; // the second is dropped here
			}
		}
	}

	static void end(UniqueRequest<BatchOps> rq, Status status) {
		rq->data().answered_busy = false; // the PDU outlives the I/O: ready for the next one
		std::move(rq).end(status);
	}
};

class DispatchBatchTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		BatchOps::batches = 0;
		BatchOps::dispatches = 0;
		BatchOps::batch_order.clear();
		BatchOps::dispatch_order.clear();
	}

	// A plug of @count pages, alternating between the disk's two queues.
	static std::vector<model::Submission> flush_plug(gendisk *disk, unsigned int count) {
		std::vector<model::Io> ios;
		for (unsigned int i = 0; i < count; ++i)
			ios.push_back({.op = BLKMQ_REQ_OP_READ, .sector = 8u * i, .hw_queue = i % 2});
		return model::submit_plugged(disk, ios);
	}

	static std::vector<std::uint64_t> sectors(std::initializer_list<unsigned int> pages) {
		std::vector<std::uint64_t> result;
		for (unsigned int page : pages)
			result.push_back(8u * page);
		return result;
	}
};

TEST_F(DispatchBatchTest, QueueRqsGetsThePlugAsOneBatchInOrderEachWithItsQueue) {
	BatchOps::policy = Policy::ServeAll;
	auto device = make_device<BatchOps>("batch0", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	for (const model::Submission &submission : flush_plug(device->raw, 6))
		EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	EXPECT_EQ(BatchOps::batches, 1);
	EXPECT_EQ(BatchOps::dispatches, 0);
	EXPECT_EQ(BatchOps::batch_order, sectors({0, 1, 2, 3, 4, 5}));
}

TEST_F(DispatchBatchTest, WhatQueueRqsLeavesReachesQueueRqInTheOrderLeft) {
	BatchOps::policy = Policy::LeaveOdd;
	auto device = make_device<BatchOps>("batch1", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	for (const model::Submission &submission : flush_plug(device->raw, 6))
		EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	EXPECT_EQ(BatchOps::batches, 1);
	EXPECT_EQ(BatchOps::dispatch_order, sectors({1, 3, 5}));
}

TEST_F(DispatchBatchTest, WhatQueueRqsNeverTakesReachesQueueRqInTheBatchOrder) {
	BatchOps::policy = Policy::StopAfterTwo;
	auto device = make_device<BatchOps>("batch2", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	for (const model::Submission &submission : flush_plug(device->raw, 5))
		EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	EXPECT_EQ(BatchOps::batch_order, sectors({0, 1}));
	EXPECT_EQ(BatchOps::dispatch_order, sectors({2, 3, 4}));
}

// The four answers of queue_rq, settled: each request ends as it would through queue_rq alone.
TEST_F(DispatchBatchTest, SettlingQueueRqsAnswersLeavesRequeuesOrEnds) {
	BatchOps::policy = Policy::ThroughQueueRq;
	auto device = make_device<BatchOps>("batch3", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	const std::vector<model::Submission> submissions = flush_plug(device->raw, 8);
	for (std::size_t i = 0; i < submissions.size(); ++i)
		EXPECT_EQ(submissions[i].wait(), i % 4 == 3 ? Status::medium_error().raw() : BLKMQ_STS_OK) << i;
	EXPECT_EQ(BatchOps::batches, 1);
	// Each busy answer made one more dispatch: the left ones (1, 5) by the block layer after
	// queue_rqs, the requeued ones (2, 6) from the requeue list, whenever that ran (which may
	// be before queue_rqs reaches the batch's last: counted per request, not by position).
	EXPECT_EQ(BatchOps::dispatches, 8 + 4);
	std::vector<std::uint64_t> order = BatchOps::dispatch_order;
	std::sort(order.begin(), order.end());
	EXPECT_EQ(order, sectors({0, 1, 1, 2, 2, 3, 4, 5, 5, 6, 6, 7}));
}

TEST_F(DispatchBatchTest, ARequestTakenAndDroppedIsReportedAndFailed) {
	BatchOps::policy = Policy::DropSecond;
	auto device = make_device<BatchOps>("batch4", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	const std::vector<model::Submission> submissions = flush_plug(device->raw, 3);
	EXPECT_EQ(submissions[0].wait(), BLKMQ_STS_OK);
	EXPECT_EQ(submissions[1].wait(), BLKMQ_STS_IOERR);
	EXPECT_EQ(submissions[2].wait(), BLKMQ_STS_OK);
	expect_one_violation("an OwnedRequest was dropped");
}

// A driver without queue_rqs gets a plug through queue_rq, request by request.
struct PlainOps {
	static inline std::atomic<int> dispatches{0};
	static DispatchResult queue_rq(const HwQueue<PlainOps> &, OwnedRequest<PlainOps> rq, bool) {
		++dispatches;
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

TEST_F(DispatchBatchTest, WithoutQueueRqsAPlugGoesThroughQueueRq) {
	PlainOps::dispatches = 0;
	auto device = make_device<PlainOps>("batch5", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	for (const model::Submission &submission : flush_plug(device->raw, 4))
		EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	EXPECT_EQ(PlainOps::dispatches, 4);
}

} // namespace
} // namespace blkmq::testing
