// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// queue_work(): the request's work item holds it until Ops::work gets it back on the
// workqueue's thread, in process context, where a driver of a non-blocking tag set may sleep
// (a Mutex, an allocation for I/O), also when the hand-over came from interrupt context;
// meanwhile a tag lookup cannot take it, the timeout handler can take it off the queue
// before it runs, and the tag set's teardown leaves no work behind.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

struct Counters {
	long a = 0;
};

// Where queue_rq hands the request over from.
enum class From { QueueRq, Timer };

struct WorkOps {
	static inline From from = From::QueueRq;
	static inline const Mutex<Counters> *lock = nullptr;
	static inline std::atomic<int> worked{0};
	static inline std::atomic<bool> on_submitting_thread{false};
	static inline std::thread::id submitter;
	// While set, the work callback waits for it to clear (holding the workqueue's thread).
	static inline std::mutex gate_mutex;
	static inline std::condition_variable gate_changed;
	static inline bool gate_closed = false;
	static inline std::atomic<int> waiting_at_gate{0};
	static inline std::atomic<int> timeout_ends{0};

	static DispatchResult queue_rq(const HwQueue<WorkOps> &, OwnedRequest<WorkOps> rq, bool) {
		UniqueRequest<WorkOps> started = std::move(rq).start();
		if (from == From::Timer)
			std::move(started).start_timer(1000);
		else
			std::move(started).queue_work();
		return DispatchResult::accepted();
	}

	// Hard interrupt context: no sleeping here, so the request goes on to process context.
	static void timer_expired(UniqueRequest<WorkOps> rq) { std::move(rq).queue_work(); }

	static void work(UniqueRequest<WorkOps> rq) {
		if (std::this_thread::get_id() == submitter)
			on_submitting_thread = true;
		{
			std::unique_lock gate(gate_mutex);
			++waiting_at_gate;
			gate_changed.wait(gate, [] { return !gate_closed; });
		}
		++lock->lock()->a; // sleeps, which process context allows
		Result<OwnedPage> page = OwnedPage::create(Gfp::NoIo);
		EXPECT_TRUE(page);
		++worked;
		std::move(rq).end_ok();
	}

	static TimeoutAction timeout(TimedOutRequest<WorkOps> rq) {
		Option<UniqueRequest<WorkOps>> taken = rq.try_take();
		if (!taken)
			return TimeoutAction::ResetTimer; // the work item will end it
		++timeout_ends;
		std::move(taken).take().end(Status::timeout());
		return TimeoutAction::Done;
	}
};

class WorkTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		WorkOps::from = From::QueueRq;
		WorkOps::lock = &lock_;
		WorkOps::worked = 0;
		WorkOps::on_submitting_thread = false;
		WorkOps::submitter = std::this_thread::get_id();
		WorkOps::gate_closed = false;
		WorkOps::waiting_at_gate = 0;
		WorkOps::timeout_ends = 0;
	}

	static void set_gate(bool closed) {
		{
			std::lock_guard gate(WorkOps::gate_mutex);
			WorkOps::gate_closed = closed;
		}
		WorkOps::gate_changed.notify_all();
	}

	const Mutex<Counters> lock_;
};

TEST_F(WorkTest, TheWorkItemEndsEachRequestInProcessContextOfANonBlockingTagSet) {
	auto device = make_device<WorkOps>("work0", {.nr_hw_queues = 2, .queue_depth = 8});
	ASSERT_TRUE(device);
	read_pages_expect_ok(device->raw, 32);
	EXPECT_EQ(WorkOps::worked, 32);
	EXPECT_EQ(lock_.lock()->a, 32);
	EXPECT_FALSE(WorkOps::on_submitting_thread) << "work ran in queue_rq's thread";
	// No "sleeping function called from invalid context": checked in TearDown.
}

TEST_F(WorkTest, ATimerCallbackHandsTheRequestOnToProcessContext) {
	WorkOps::from = From::Timer;
	auto device = make_device<WorkOps>("work1", {.queue_depth = 4});
	ASSERT_TRUE(device);
	for (int i = 0; i < 8; ++i)
		EXPECT_EQ(model::submit_and_wait(device->raw, {.sector = 8u * i}), BLKMQ_STS_OK);
	EXPECT_EQ(WorkOps::worked, 8);
}

// The first requests' work holds every worker, so the next one's waits queued: a tag lookup
// cannot take it (its work item holds it), and the timeout handler takes it off the queue
// before it runs, so that it is ended exactly once, by the handler.
TEST_F(WorkTest, TheTimeoutHandlerTakesARequestFromItsWorkItemBeforeItRuns) {
	constexpr unsigned int running = model::workqueue_threads;
	set_gate(true);
	auto device = make_device<WorkOps>("work2", {.queue_depth = running + 1});
	ASSERT_TRUE(device);
	std::vector<model::Submission> first;
	for (unsigned int i = 0; i < running; ++i)
		first.push_back(model::submit(device->raw, {.sector = 8u * i}));
	while (WorkOps::waiting_at_gate < static_cast<int>(running))
		std::this_thread::yield();
	model::Submission queued = model::submit(device->raw, {.sector = 8u * running});
	const unsigned int queued_tag = running; // tags are handed out in turn
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, queued_tag));

	EXPECT_EQ(model::expire(device->raw, 0, queued_tag), BLKMQ_EH_DONE);
	EXPECT_EQ(queued.wait(), Status::timeout().raw());
	EXPECT_EQ(WorkOps::timeout_ends, 1);

	// A running one cannot be taken: the handler leaves it to its work item.
	EXPECT_EQ(model::expire(device->raw, 0, 0), BLKMQ_EH_RESET_TIMER);
	set_gate(false);
	for (const model::Submission &submission : first)
		EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	EXPECT_EQ(WorkOps::worked, static_cast<int>(running));
	EXPECT_EQ(WorkOps::timeout_ends, 1);
}

} // namespace
} // namespace blkmq::testing
