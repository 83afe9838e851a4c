// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Atomic<T>: state a driver changes through shared (const) access, the way the docs say to
// keep it. RequestData reached through ARef copies on several threads, and HwData in
// queue_rq, which the block layer may run on several CPUs for one queue.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <cstdint>
#include <optional>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

struct CountingOps {
	struct RequestData {
		Atomic<std::uint32_t> touches;
	};
	struct HwData {
		Atomic<std::uint64_t> dispatched;
	};
	static inline Mailbox<UniqueRequest<CountingOps>> parked;

	static DispatchResult queue_rq(const HwQueue<CountingOps> &queue, OwnedRequest<CountingOps> rq, bool) {
		const std::uint64_t before = queue.data().dispatched.fetch_add(1, Order::Relaxed);
		UniqueRequest<CountingOps> started = std::move(rq).start();
		// Written while unique: what the queue had dispatched before this request.
		started->data().touches.store(static_cast<std::uint32_t>(before), Order::Relaxed);
		parked.put(std::move(started));
		return DispatchResult::accepted();
	}
};

class AtomicTest : public ModelTest {
protected:
	void TearDown() override {
		EXPECT_EQ(CountingOps::parked.size(), 0u);
		CountingOps::parked.reset();
		ModelTest::TearDown();
	}
};

TEST_F(AtomicTest, SharedRequestDataIsChangedThroughConstAccessOnEveryThread) {
	auto device = make_device<CountingOps>("atomic_data", {.nr_hw_queues = 1, .queue_depth = 2});
	ASSERT_TRUE(device);
	model::Submission submission = model::submit(device->raw, {});
	std::optional<UniqueRequest<CountingOps>> rq = CountingOps::parked.take();
	ASSERT_TRUE(rq);

	constexpr int threads = 4;
	const int iterations = scaled(10000);
	ARef<Request<CountingOps>> root = std::move(*rq).share();
	{
		std::vector<std::jthread> workers;
		for (int t = 0; t < threads; ++t)
			workers.emplace_back([mine = root, iterations] {
				for (int i = 0; i < iterations; ++i)
					mine->data().touches.fetch_add(1, Order::Relaxed);
			});
	}
	EXPECT_EQ(root->data().touches.load(), static_cast<std::uint32_t>(threads * iterations));

	UniqueOrShared<CountingOps> unique = std::move(root).try_unique();
	ASSERT_TRUE(unique.is_unique());
	std::move(unique).unique().end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

TEST_F(AtomicTest, HwDataIsChangedThroughTheConstQueueInQueueRq) {
	auto device = make_device<CountingOps>("atomic_hw", {.nr_hw_queues = 1, .queue_depth = 4});
	ASSERT_TRUE(device);
	for (std::uint32_t i = 0; i < 3; ++i) {
		model::Submission submission = model::submit(device->raw, {});
		std::optional<UniqueRequest<CountingOps>> rq = CountingOps::parked.take();
		ASSERT_TRUE(rq);
		EXPECT_EQ((*rq)->data().touches.load(), i);
		std::move(*rq).end_ok();
		EXPECT_EQ(submission.wait(), Status::ok().raw());
	}
}

TEST_F(AtomicTest, OperationsReturnThePreviousValue) {
	const Atomic<int> value(5);
	EXPECT_EQ(value.fetch_add(2), 5);
	EXPECT_EQ(value.fetch_sub(1), 7);
	EXPECT_EQ(value.fetch_or(0x10), 6);
	EXPECT_EQ(value.fetch_and(0x14), 0x16);
	EXPECT_EQ(value.fetch_xor(0x4), 0x14);
	EXPECT_EQ(value.exchange(1), 0x10);
	int expected = 2;
	EXPECT_FALSE(value.compare_exchange(expected, 3));
	EXPECT_EQ(expected, 1);
	EXPECT_TRUE(value.compare_exchange(expected, 3, Order::AcqRel, Order::Acquire));
	EXPECT_EQ(value.load(Order::Acquire), 3);
	enum class Mode : unsigned char { Off, On };
	const Atomic<Mode> mode;
	mode.store(Mode::On, Order::Release);
	EXPECT_EQ(mode.load(), Mode::On);
}

} // namespace
} // namespace blkmq::testing
