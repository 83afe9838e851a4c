// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// SpinLock<T>, IrqSpinLock<T> and Mutex<T>: the data is reached only through a guard, which holds the
// lock for its scope, on any number of threads (ThreadSanitizer sees every access ordered);
// unlocked() releases it for a while; taking it twice is the deadlock the model reports.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

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

} // namespace
} // namespace blkmq::testing
