// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// start_timer(): the request's timer holds it until it expires, then Ops::timer_expired gets
// it back on the timer's thread (hard interrupt context in a kernel), never sooner than asked;
// meanwhile a tag lookup cannot take it, and the tag set's teardown leaves no timer behind.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

using Clock = std::chrono::steady_clock;

struct TimerOps {
	struct RequestData {
		std::int64_t started_ns = 0;
	};
	static std::int64_t now_ns() {
		return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
	}
	static inline std::atomic<std::uint64_t> delay_ns{0};
	static inline std::atomic<int> expired{0};
	static inline std::atomic<std::int64_t> shortest_ns{INT64_MAX};
	static inline std::atomic<bool> on_submitting_thread{false};
	static inline std::thread::id submitter;

	static DispatchResult queue_rq(const HwQueue<TimerOps> &, OwnedRequest<TimerOps> rq, bool) {
		UniqueRequest<TimerOps> started = std::move(rq).start();
		started->data().started_ns = now_ns();
		std::move(started).start_timer(delay_ns);
		return DispatchResult::accepted();
	}

	static void timer_expired(UniqueRequest<TimerOps> rq) {
		const std::int64_t waited = now_ns() - rq->data().started_ns;
		std::int64_t shortest = shortest_ns;
		while (waited < shortest && !shortest_ns.compare_exchange_weak(shortest, waited)) {
		}
		if (std::this_thread::get_id() == submitter)
			on_submitting_thread = true;
		++expired;
		std::move(rq).end_ok();
	}
};

class TimerTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		TimerOps::expired = 0;
		TimerOps::shortest_ns = INT64_MAX;
		TimerOps::on_submitting_thread = false;
		TimerOps::submitter = std::this_thread::get_id();
	}
};

TEST_F(TimerTest, TheTimerEndsEachRequestNoSoonerThanAsked) {
	TimerOps::delay_ns = 2'000'000; // 2 ms
	auto device = make_device<TimerOps>("timer0", {.nr_hw_queues = 1, .queue_depth = 8});
	ASSERT_TRUE(device);
	read_pages_expect_ok(device->raw, 32);
	EXPECT_EQ(TimerOps::expired, 32);
	EXPECT_GE(TimerOps::shortest_ns, 2'000'000);
	EXPECT_FALSE(TimerOps::on_submitting_thread) << "timer_expired ran in queue_rq's thread";
}

TEST_F(TimerTest, WhileTheTimerHoldsARequestATagLookupCannotTakeIt) {
	TimerOps::delay_ns = 200'000'000; // long enough to look
	auto device = make_device<TimerOps>("timer1", {.nr_hw_queues = 1, .queue_depth = 1});
	ASSERT_TRUE(device);
	model::Submission submission = model::submit(device->raw, {.op = BLKMQ_REQ_OP_READ});
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, 0).has_value());
	EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
}

TEST_F(TimerTest, AZeroDelayStillEndsOnTheTimer) {
	TimerOps::delay_ns = 0;
	auto device = make_device<TimerOps>("timer2");
	ASSERT_TRUE(device);
	EXPECT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_WRITE}), BLKMQ_STS_OK);
	EXPECT_EQ(TimerOps::expired, 1);
	EXPECT_FALSE(TimerOps::on_submitting_thread);
}

} // namespace
} // namespace blkmq::testing
