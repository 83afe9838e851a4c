// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk's bandwidth limit (mbps=), a budget refilled each tick, taken by queue_rq.
//
// Included by nullblk.cpp alone, so its names have internal linkage (an unnamed namespace, as
// `static` in C): the compiler sees every caller, and inlines the I/O path as in one file.
#pragma once

#include <blkmq/blkmq.hpp>

#include <cstdint>

namespace nullblk {
namespace {

using namespace blkmq;

// C null_blk's bandwidth limit (mbps): each tick, a fiftieth of a second, gives the disk a
// fiftieth of mbps MiB to spend, up to one tick's worth; a request goes while the budget is
// not spent, and is sent back otherwise (busy_retry_later(): the block layer dispatches it
// again a few milliseconds later). C stops the disk's queues instead, starts them again from a
// timer at each tick, and has a refused request spend its bytes all the same, so that one
// larger than a tick's budget never goes; here any request goes while some budget is left,
// and the debt is paid from the ticks after it. The rate is the same.
class Throttle {
public:
	static constexpr std::uint64_t tick_ns = 1'000'000'000 / 50;
	// C null_blk's cap, 40 GiB/s.
	static constexpr unsigned int max_mbps = 40 * 1024;

	explicit Throttle(unsigned int mbps) noexcept
	    : per_tick_(std::int64_t{1 << 20} / 50 * mbps), budget_(per_tick_), tick_start_(monotonic_ns()) {}

	bool limits() const noexcept { return per_tick_ != 0; }

	// Whether @bytes may go now; if so, they are spent.
	bool admit(std::uint32_t bytes) const noexcept {
		refill();
		std::int64_t budget = budget_.load(Order::Relaxed);
		do {
			if (budget <= 0)
				return false;
		} while (!budget_.compare_exchange(budget, budget - bytes, Order::Relaxed));
		return true;
	}

private:
	// Adds the budget of the ticks that have passed (one CPU does, the others see the new
	// tick start), up to one tick's worth.
	void refill() const noexcept {
		// The tick start first: read after the clock, it could be one another CPU moved
		// past this CPU's now.
		std::uint64_t start = tick_start_.load(Order::Relaxed);
		const std::uint64_t now = monotonic_ns();
		if (now <= start)
			return;
		const std::uint64_t ticks = (now - start) / tick_ns;
		if (ticks == 0 || !tick_start_.compare_exchange(start, start + ticks * tick_ns, Order::Relaxed))
			return;
		// More ticks than any debt needs (at most one request's bytes) cannot overflow.
		constexpr std::uint64_t enough_ticks = 1 << 20;
		const std::int64_t earned =
			static_cast<std::int64_t>(ticks < enough_ticks ? ticks : enough_ticks) * per_tick_;
		std::int64_t budget = budget_.load(Order::Relaxed);
		while (!budget_.compare_exchange(budget, budget + earned < per_tick_ ? budget + earned : per_tick_,
						 Order::Relaxed)) {
		}
	}

	std::int64_t per_tick_;
	Atomic<std::int64_t> budget_;
	Atomic<std::uint64_t> tick_start_;
};

} // namespace
} // namespace nullblk
