// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Ops::timeout and requeue(). The timeout handler takes a request only if nobody holds it:
// parked (its last ARef dropped) or on its timer, cancelled before it fired. Against a tag
// lookup or the timer racing it, exactly one side ends the request; the stress tests below
// race them many times over (run under ThreadSanitizer too). requeue() gives a started
// request back for queue_rq to receive again, from any context.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

// Where queue_rq leaves each started request.
enum class Holder {
	Nobody, // shared, then its ARef dropped: count 1, its cookie posted to `parked`
	Handle, // its UniqueRequest posted to `held`
	Timer,  // its timer, for `timer_ns`
	Work,   // its work item
};

struct TimeoutOps {
	static inline std::atomic<Holder> holder{Holder::Nobody};
	static inline std::atomic<std::uint64_t> timer_ns{0};
	static inline Mailbox<TagCookie> parked;
	static inline Mailbox<UniqueRequest<TimeoutOps>> held;
	static inline std::atomic<int> timer_ends{0};
	static inline std::atomic<int> work_ends{0};
	static inline std::atomic<int> timeout_ends{0};

	static DispatchResult queue_rq(const HwQueue<TimeoutOps> &, OwnedRequest<TimeoutOps> rq, bool) {
		UniqueRequest<TimeoutOps> started = std::move(rq).start();
		switch (holder.load()) {
		case Holder::Nobody: {
			const ARef<Request<TimeoutOps>> shared = std::move(started).share();
			parked.put(shared.cookie());
			break;
		}
		case Holder::Handle:
			held.put(std::move(started));
			break;
		case Holder::Timer:
			std::move(started).start_timer(timer_ns);
			break;
		case Holder::Work:
			std::move(started).queue_work();
			break;
		}
		return DispatchResult::accepted();
	}

	static void timer_expired(UniqueRequest<TimeoutOps> rq) {
		++timer_ends;
		std::move(rq).end_ok();
	}

	static void work(UniqueRequest<TimeoutOps> rq) {
		++work_ends;
		std::move(rq).end_ok();
	}

	static TimeoutAction timeout(TimedOutRequest<TimeoutOps> rq) {
		Option<UniqueRequest<TimeoutOps>> taken = rq.try_take();
		if (!taken)
			return TimeoutAction::ResetTimer; // its holder ends it
		++timeout_ends;
		std::move(taken).take().end(Status::timeout());
		return TimeoutAction::Done;
	}
};

class TimeoutTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		TimeoutOps::parked.reset();
		TimeoutOps::held.reset();
		TimeoutOps::timer_ends = 0;
		TimeoutOps::work_ends = 0;
		TimeoutOps::timeout_ends = 0;
	}
};

constexpr unsigned int done = BLKMQ_EH_DONE;
constexpr unsigned int reset_timer = BLKMQ_EH_RESET_TIMER;

TEST_F(TimeoutTest, TheHandlerTakesARequestNobodyHolds) {
	TimeoutOps::holder = Holder::Nobody;
	auto device = make_device<TimeoutOps>("timeout0", {.queue_depth = 4});
	ASSERT_TRUE(device);
	model::Submission submission = model::submit(device->raw, {.sector = 8});
	std::optional<TagCookie> cookie = TimeoutOps::parked.take();
	ASSERT_TRUE(cookie);

	EXPECT_EQ(model::expire(device->raw, cookie->hw_queue, cookie->tag), done);
	EXPECT_EQ(submission.wait(), Status::timeout().raw());
	EXPECT_EQ(TimeoutOps::timeout_ends, 1);
	// Taken: the completion that comes late finds nothing.
	EXPECT_FALSE(device->tag_set.tag_to_rq(*cookie));
	EXPECT_EQ(model::expire(device->raw, cookie->hw_queue, cookie->tag), std::nullopt);
}

TEST_F(TimeoutTest, TheHandlerCannotTakeARequestAHandleHolds) {
	TimeoutOps::holder = Holder::Handle;
	auto device = make_device<TimeoutOps>("timeout1", {.queue_depth = 4});
	ASSERT_TRUE(device);
	model::Submission submission = model::submit(device->raw, {.sector = 8});
	std::optional<UniqueRequest<TimeoutOps>> rq = TimeoutOps::held.take();
	ASSERT_TRUE(rq);

	EXPECT_EQ(model::expire(device->raw, 0, (*rq)->tag()), reset_timer);
	EXPECT_EQ(model::expire(device->raw, 0, (*rq)->tag()), reset_timer);
	EXPECT_EQ(TimeoutOps::timeout_ends, 0);
	std::move(*rq).end_ok(); // the holder ends it, as the handler expected
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

TEST_F(TimeoutTest, TheHandlerTakesARequestFromItsTimerBeforeItFires) {
	TimeoutOps::holder = Holder::Timer;
	TimeoutOps::timer_ns = 60'000'000'000; // a minute: only the handler can end it in time
	auto device = make_device<TimeoutOps>("timeout2", {.queue_depth = 1});
	ASSERT_TRUE(device);
	model::Submission submission = model::submit(device->raw, {.sector = 8});
	ASSERT_FALSE(submission.done());

	EXPECT_EQ(model::expire(device->raw, 0, 0), done);
	EXPECT_EQ(submission.wait(), Status::timeout().raw());
	EXPECT_EQ(TimeoutOps::timer_ends, 0);
	EXPECT_EQ(TimeoutOps::timeout_ends, 1);
}

struct Outcomes {
	int ok = 0;
	int timed_out = 0;
};

// Submits @ios reads, spread over @queues hardware queues of @depth, while another thread
// expires every tag of them in a loop, as the block layer's timeout work would find them;
// waits for them all, and counts how each ended.
Outcomes race_with_expiry(gendisk *disk, unsigned int queues, unsigned int depth, int ios) {
	std::atomic<bool> stop{false};
	std::jthread expirer([&] {
		while (!stop)
			for (unsigned int qid = 0; qid < queues; ++qid)
				for (unsigned int tag = 0; tag < depth; ++tag)
					(void)model::expire(disk, qid, tag);
	});
	std::vector<model::Submission> submissions;
	for (int i = 0; i < ios; ++i)
		submissions.push_back(
			model::submit(disk, {.sector = 8u * i, .hw_queue = static_cast<unsigned int>(i) % queues}));
	Outcomes outcomes;
	for (const model::Submission &submission : submissions) {
		const std::optional<blkmq_status_t> status = submission.wait();
		outcomes.ok += status == Status::ok().raw();
		outcomes.timed_out += status == Status::timeout().raw();
	}
	stop = true;
	return outcomes;
}

// A "device" thread completes parked requests by cookie while a timeout thread expires every
// tag over and over: each I/O must end once, by one of them.
TEST_F(TimeoutTest, ATagLookupAndTheHandlerRacingEndEachRequestOnce) {
	TimeoutOps::holder = Holder::Nobody;
	constexpr unsigned int depth = 8;
	constexpr int ios = 3000;
	auto device = make_device<TimeoutOps>("timeout3", {.nr_hw_queues = 2, .queue_depth = depth});
	ASSERT_TRUE(device);
	std::atomic<int> lookup_ends{0};
	std::jthread completer([&] {
		while (std::optional<TagCookie> cookie = TimeoutOps::parked.take()) {
			Option<ARef<Request<TimeoutOps>>> found = device->tag_set.tag_to_rq(*cookie);
			if (!found)
				continue; // the handler took it
			UniqueOrShared<TimeoutOps> attempt = std::move(found).take().try_unique();
			if (attempt.is_unique()) {
				++lookup_ends;
				std::move(attempt).unique().end_ok();
			}
		}
	});
	const Outcomes outcomes = race_with_expiry(device->raw, 2, depth, ios);
	TimeoutOps::parked.close();
	completer.join();

	EXPECT_EQ(outcomes.ok + outcomes.timed_out, ios);
	EXPECT_EQ(outcomes.ok, lookup_ends);
	EXPECT_EQ(outcomes.timed_out, TimeoutOps::timeout_ends);
	std::printf("lookup ended %d, the timeout handler %d\n", outcomes.ok, outcomes.timed_out);
}

// The same race with each request on its timer, for a few microseconds.
TEST_F(TimeoutTest, ATimerAndTheHandlerRacingEndEachRequestOnce) {
	TimeoutOps::holder = Holder::Timer;
	TimeoutOps::timer_ns = 20'000;
	constexpr unsigned int depth = 8;
	constexpr int ios = 3000;
	auto device = make_device<TimeoutOps>("timeout4", {.queue_depth = depth});
	ASSERT_TRUE(device);
	const Outcomes outcomes = race_with_expiry(device->raw, 1, depth, ios);

	EXPECT_EQ(outcomes.ok + outcomes.timed_out, ios);
	EXPECT_EQ(outcomes.ok, TimeoutOps::timer_ends);
	EXPECT_EQ(outcomes.timed_out, TimeoutOps::timeout_ends);
	std::printf("the timer ended %d, the timeout handler %d\n", outcomes.ok, outcomes.timed_out);
}

// The same race with each request on its work item.
TEST_F(TimeoutTest, AWorkItemAndTheHandlerRacingEndEachRequestOnce) {
	TimeoutOps::holder = Holder::Work;
	constexpr unsigned int depth = 8;
	constexpr int ios = 3000;
	auto device = make_device<TimeoutOps>("timeout5", {.queue_depth = depth});
	ASSERT_TRUE(device);
	const Outcomes outcomes = race_with_expiry(device->raw, 1, depth, ios);

	EXPECT_EQ(outcomes.ok + outcomes.timed_out, ios);
	EXPECT_EQ(outcomes.ok, TimeoutOps::work_ends);
	EXPECT_EQ(outcomes.timed_out, TimeoutOps::timeout_ends);
	std::printf("the work item ended %d, the timeout handler %d\n", outcomes.ok, outcomes.timed_out);
}

// requeue(): each request comes back to queue_rq, from its timer (interrupt context), until
// its third dispatch ends it.
struct RequeueOps {
	struct RequestData {
		Atomic<int> dispatches;
	};
	static inline std::atomic<int> dispatches{0};

	static DispatchResult queue_rq(const HwQueue<RequeueOps> &, OwnedRequest<RequeueOps> rq, bool) {
		++dispatches;
		UniqueRequest<RequeueOps> started = std::move(rq).start();
		started->data().dispatches.fetch_add(1);
		std::move(started).start_timer(10'000);
		return DispatchResult::accepted();
	}
	static void timer_expired(UniqueRequest<RequeueOps> rq) {
		const int seen = rq->data().dispatches.load();
		if (seen < 3)
			return std::move(rq).requeue();
		rq->data().dispatches.store(0); // the PDU outlives the I/O: ready for the next one
		std::move(rq).end_ok();
	}
};

TEST_F(TimeoutTest, ARequeuedRequestIsDispatchedAgain) {
	RequeueOps::dispatches = 0;
	auto device = make_device<RequeueOps>("requeue0", {.queue_depth = 4});
	ASSERT_TRUE(device);
	read_pages_expect_ok(device->raw, 16);
	EXPECT_EQ(RequeueOps::dispatches, 3 * 16);
}

// A request requeued from its timer and ended by queue_rq on its second dispatch, which then
// takes its time to return: the disk is deleted and freed while the requeue work is still in
// queue_rq. The free waits for it, as the disk's release cancels its queue's work
// synchronously in the kernel.
struct SlowReturnOps {
	static inline std::atomic<int> dispatches{0};
	static inline std::atomic<bool> returned{false};

	static DispatchResult queue_rq(const HwQueue<SlowReturnOps> &, OwnedRequest<SlowReturnOps> rq, bool) {
		UniqueRequest<SlowReturnOps> started = std::move(rq).start();
		if (++dispatches == 1) {
			std::move(started).start_timer(10'000);
			return DispatchResult::accepted();
		}
		std::move(started).end_ok();
		std::this_thread::sleep_for(std::chrono::milliseconds(100));
		returned = true;
		return DispatchResult::accepted();
	}
	static void timer_expired(UniqueRequest<SlowReturnOps> rq) { std::move(rq).requeue(); }
};

TEST_F(TimeoutTest, ADiskIsFreedOnlyOnceItsRequeueWorkReturns) {
	SlowReturnOps::dispatches = 0;
	SlowReturnOps::returned = false;
	auto device = make_device<SlowReturnOps>("requeue1", {.queue_depth = 4});
	ASSERT_TRUE(device);
	read_pages_expect_ok(device->raw, 1);
	device.reset();
	EXPECT_EQ(SlowReturnOps::dispatches, 2);
	EXPECT_TRUE(SlowReturnOps::returned) << "the disk was freed while its requeue work was in queue_rq";
}

} // namespace
} // namespace blkmq::testing
