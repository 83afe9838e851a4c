// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// High-resolution timers: one model thread plays the timer interrupt and runs each callback
// once its time has come, as hrtimer does in hard interrupt context. hrtimer_cancel() takes a
// timer off and waits for a callback that is running, as the kernel's does;
// hrtimer_try_to_cancel() does not wait (-1 while the callback runs). A timer armed
// while armed (which a request timer never is: the request is handed to it once) or used
// before it was set up is a violation.
#include "internal.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace blkmq::model {
namespace {
constexpr unsigned int set_up = 0x71e3c0deu;

unsigned long long now_ns() {
	return static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(
						       std::chrono::steady_clock::now().time_since_epoch())
						       .count());
}

class TimerInterrupt {
public:
	void arm(hrtimer *timer, unsigned long long delay_ns) {
		{
			std::lock_guard lock(mutex_);
			if (!thread_.joinable())
				thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
			if (timer->armed) {
				record_violation("hrtimer_start: a timer that is already armed");
				return;
			}
			timer->armed = 1;
			timer->deadline_ns = now_ns() + delay_ns;
			armed_.push_back(timer);
		}
		changed_.notify_all();
	}

	int cancel(hrtimer *timer) {
		std::unique_lock lock(mutex_);
		const int was_armed = timer->armed;
		if (was_armed) {
			timer->armed = 0;
			std::erase(armed_, timer);
		}
		changed_.wait(lock, [&] { return !timer->running; });
		return was_armed;
	}

	int try_cancel(hrtimer *timer) {
		std::lock_guard lock(mutex_);
		if (timer->running)
			return -1;
		if (!timer->armed)
			return 0;
		timer->armed = 0;
		std::erase(armed_, timer);
		return 1;
	}

	~TimerInterrupt() {
		if (thread_.joinable()) {
			thread_.request_stop();
			changed_.notify_all();
		}
	}

private:
	void run(std::stop_token stop) {
		std::unique_lock lock(mutex_);
		while (!stop.stop_requested()) {
			hrtimer *due = nullptr;
			unsigned long long next = ~0ull;
			for (hrtimer *timer : armed_) {
				if (timer->deadline_ns < next) {
					next = timer->deadline_ns;
					due = timer;
				}
			}
			if (due == nullptr) {
				changed_.wait(lock);
				continue;
			}
			const unsigned long long now = now_ns();
			if (next > now) {
				changed_.wait_for(lock, std::chrono::nanoseconds(next - now));
				continue;
			}
			std::erase(armed_, due);
			due->armed = 0;
			due->running = 1;
			lock.unlock();
			run_callback(due);
			lock.lock();
			due->running = 0;
			changed_.notify_all();
		}
	}

	// In hard interrupt context, as the kernel runs a timer of HRTIMER_MODE_REL.
	static void run_callback(hrtimer *timer) {
		const InterruptContext hardirq(Interrupt::Hard);
		if (timer->function(timer) != BLKMQ_HRTIMER_NORESTART)
			record_violation("hrtimer callback: asked to restart, which a request timer never does");
	}

	std::mutex mutex_;
	std::condition_variable changed_;
	std::vector<hrtimer *> armed_;
	std::jthread thread_;
};

// Never destroyed: the model's other threads (softirq, requeue work) may arm a timer until the
// process exits, and static objects of different files are destroyed in no fixed order.
TimerInterrupt &timer_interrupt() {
	static TimerInterrupt *const interrupt = new TimerInterrupt;
	return *interrupt;
}

bool check_set_up(const hrtimer *timer, const char *operation) {
	return model::check_set_up(timer->init_key, set_up, operation, "a timer");
}
} // namespace
} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blkmq_hrtimer_setup(struct hrtimer *timer, blkmq_hrtimer_fn *function) {
	if (function == nullptr)
		record_violation("hrtimer_setup: no callback");
	*timer = {function, 0, 0, 0, set_up};
}

extern "C" void blkmq_hrtimer_start(struct hrtimer *timer, unsigned long long nanoseconds) {
	if (check_set_up(timer, "hrtimer_start"))
		timer_interrupt().arm(timer, nanoseconds);
}

extern "C" int hrtimer_try_to_cancel(struct hrtimer *timer) {
	if (!check_set_up(timer, "hrtimer_try_to_cancel"))
		return 0;
	return timer_interrupt().try_cancel(timer);
}

extern "C" int hrtimer_cancel(struct hrtimer *timer) {
	if (!check_set_up(timer, "hrtimer_cancel"))
		return 0;
	return timer_interrupt().cancel(timer);
}

extern "C" long long ktime_get(void) { return static_cast<long long>(now_ns()); }
