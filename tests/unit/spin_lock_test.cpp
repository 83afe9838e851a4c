// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// SpinLock<T>, IrqSpinLock<T> and Mutex<T>: the data is reached only through a guard, which holds the
// lock for its scope, on any number of threads (ThreadSanitizer sees every access ordered);
// unlocked() releases it for a while; taking it twice is the deadlock the model reports, and
// so are sleeping under a spin lock or in a non-blocking queue_rq, and a plain spin lock also
// taken in interrupt context.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <string>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

using SpinLockTest = ModelTest;

struct Counters {
	long a = 0;
	long b = 0; // always equal to a, when the lock is free
};

template <class Lock>
void hammer(const Lock &lock, int threads, int rounds) {
	std::vector<std::thread> workers;
	for (int t = 0; t < threads; ++t)
		workers.emplace_back([&] {
			for (int i = 0; i < rounds; ++i) {
				auto counters = lock.lock();
				EXPECT_EQ(counters->a, counters->b);
				++counters->a;
				++counters->b;
			}
		});
	for (std::thread &worker : workers)
		worker.join();
}

TEST_F(SpinLockTest, GuardsItsDataAcrossThreads) {
	const SpinLock<Counters> lock;
	const int rounds = scaled(20000);
	hammer(lock, 4, rounds);
	EXPECT_EQ(lock.lock()->a, 4L * rounds);
}

TEST_F(SpinLockTest, AnIrqSpinLockGuardsItsDataAcrossThreads) {
	const IrqSpinLock<Counters> lock(Counters{5, 5});
	const int rounds = scaled(20000);
	hammer(lock, 4, rounds);
	EXPECT_EQ(lock.lock()->b, 5 + 4L * rounds);
}

TEST_F(SpinLockTest, AMutexGuardsItsDataAcrossThreads) {
	const Mutex<Counters> lock;
	const int rounds = scaled(20000);
	hammer(lock, 4, rounds);
	EXPECT_EQ(lock.lock()->a, 4L * rounds);
}

TEST_F(SpinLockTest, UnlockedReleasesTheLockForItsWork) {
	const SpinLock<Counters> lock;
	auto guard = lock.lock();
	guard->a = 1;
	const long seen = guard.unlocked([&] {
		// Another thread can take it meanwhile.
		std::thread other([&] { lock.lock()->b = 2; });
		other.join();
		return 7L;
	});
	EXPECT_EQ(seen, 7L);
	EXPECT_EQ(guard->a, 1);
	EXPECT_EQ(guard->b, 2);
}

TEST_F(SpinLockTest, TakingTheLockTwiceIsReported) {
	const SpinLock<Counters> lock;
	{
		auto first = lock.lock();
		auto second = lock.lock(); // would spin forever in a kernel
		expect_one_violation("takes it again");
	}
	// The second guard released the lock it never took; the first then releases a free lock.
	expect_one_violation("does not hold it");
}

// What debug kernels report and the model reports too: sleeping where a task may not.
TEST_F(SpinLockTest, ASleepingAllocationUnderASpinLockIsReported) {
	const SpinLock<Counters> lock;
	{
		auto guard = lock.lock();
		Result<OwnedPage> page = OwnedPage::create(Gfp::NoIo);
		EXPECT_TRUE(page);
		expect_one_violation("sleeping function called from invalid context");
		Result<OwnedPage> atomic = OwnedPage::create(Gfp::Atomic); // fine
		EXPECT_TRUE(atomic);
	}
	Result<OwnedPage> outside = OwnedPage::create(Gfp::NoIo); // fine again
	EXPECT_TRUE(outside);
}

// A driver whose queue_rq takes a Mutex: allowed only on a blocking tag set.
struct MutexOps {
	static inline const Mutex<Counters> *lock = nullptr;
	static DispatchResult queue_rq(const HwQueue<MutexOps> &, OwnedRequest<MutexOps> rq, bool) {
		UniqueRequest<MutexOps> started = std::move(rq).start();
		++lock->lock()->a;
		std::move(started).end_ok();
		return DispatchResult::accepted();
	}
};

TEST_F(SpinLockTest, AMutexInANonBlockingQueueRqIsReported) {
	const Mutex<Counters> lock;
	MutexOps::lock = &lock;
	{
		auto blocking = make_device<MutexOps>("mutex0", {.blocking = true});
		ASSERT_TRUE(blocking);
		EXPECT_EQ(model::submit_and_wait(blocking->raw, {}), BLKMQ_STS_OK);
	}
	EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
	{
		auto atomic = make_device<MutexOps>("mutex1");
		ASSERT_TRUE(atomic);
		EXPECT_EQ(model::submit_and_wait(atomic->raw, {}), BLKMQ_STS_OK);
	}
	expect_one_violation("non-blocking tag set's queue_rq");
}

// A plain SpinLock taken in a timer's callback and in queue_rq: the interrupt could arrive
// while queue_rq holds it, on the same CPU.
template <template <class> class LockType>
struct TimerLockOps {
	static inline const LockType<Counters> *lock = nullptr;
	static DispatchResult queue_rq(const HwQueue<TimerLockOps> &, OwnedRequest<TimerLockOps> rq, bool) {
		UniqueRequest<TimerLockOps> started = std::move(rq).start();
		++lock->lock()->a;
		std::move(started).start_timer(1000);
		return DispatchResult::accepted();
	}
	static void timer_expired(UniqueRequest<TimerLockOps> rq) {
		++lock->lock()->b;
		std::move(rq).end_ok();
	}
};

TEST_F(SpinLockTest, ALockTakenInAnInterruptMustBeAnIrqSpinLock) {
	{
		const IrqSpinLock<Counters> lock;
		TimerLockOps<IrqSpinLock>::lock = &lock;
		auto device = make_device<TimerLockOps<IrqSpinLock>>("irqlock0");
		ASSERT_TRUE(device);
		for (int i = 0; i < 3; ++i)
			EXPECT_EQ(model::submit_and_wait(device->raw, {}), BLKMQ_STS_OK);
	}
	EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
	const SpinLock<Counters> lock;
	TimerLockOps<SpinLock>::lock = &lock;
	auto device = make_device<TimerLockOps<SpinLock>>("irqlock1");
	ASSERT_TRUE(device);
	for (int i = 0; i < 3; ++i)
		EXPECT_EQ(model::submit_and_wait(device->raw, {}), BLKMQ_STS_OK);
	device.reset();
	expect_one_violation("inconsistent lock state");
}

} // namespace
} // namespace blkmq::testing
