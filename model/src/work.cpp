// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Work items: a pool of model threads plays a tag set's workqueue, in process context (a
// callback may sleep), as kernel workers do: several items run at once, each on one thread
// at a time (an item queued again while it runs waits for that run to end, as the kernel
// keeps a work item from running on two workers). cancel_work() takes an item off the queue
// without waiting; cancel_work_sync() also waits for a callback that runs, and may sleep. An
// item used before it was set up is a violation.
#include "internal.hpp"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace blkmq::model {
namespace {
constexpr unsigned int set_up = 0x3012c0deu;

class Workqueue {
public:
	bool queue(work_struct *work) {
		{
			std::lock_guard lock(mutex_);
			if (threads_.empty())
				for (unsigned int i = 0; i < workqueue_threads; ++i)
					threads_.emplace_back([this](std::stop_token stop) { run(stop); });
			if (work->queued)
				return false;
			work->queued = 1;
			queued_.push_back(work);
		}
		changed_.notify_all();
		return true;
	}

	bool cancel(work_struct *work, bool wait) {
		std::unique_lock lock(mutex_);
		const bool was_queued = work->queued != 0;
		if (was_queued) {
			work->queued = 0;
			std::erase(queued_, work);
		}
		if (wait)
			changed_.wait(lock, [&] { return !work->running; });
		return was_queued;
	}

	~Workqueue() {
		for (std::jthread &thread : threads_)
			thread.request_stop();
		changed_.notify_all();
	}

private:
	void run(std::stop_token stop) {
		std::unique_lock lock(mutex_);
		while (!stop.stop_requested()) {
			// The oldest item that is not running on another thread.
			const auto next =
				std::ranges::find_if(queued_, [](const work_struct *work) { return !work->running; });
			if (next == queued_.end()) {
				changed_.wait(lock);
				continue;
			}
			work_struct *work = *next;
			queued_.erase(next);
			// As the kernel's worker: no longer pending once it runs, so it may be queued again.
			work->queued = 0;
			work->running = 1;
			lock.unlock();
			work->function(work);
			lock.lock();
			work->running = 0;
			changed_.notify_all();
		}
	}

	std::mutex mutex_;
	std::condition_variable changed_;
	std::deque<work_struct *> queued_;
	std::vector<std::jthread> threads_;
};

// Never destroyed, as the timer thread: other model threads may queue work until exit. One
// pool for every tag set's workqueue.
Workqueue &workqueue() {
	static Workqueue *const pool = new Workqueue;
	return *pool;
}

bool check_set_up(const work_struct *work, const char *operation) {
	return model::check_set_up(work->init_key, set_up, operation, "a work item");
}
} // namespace
} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blkmq_work_init(struct work_struct *work, blkmq_work_fn *function) {
	if (function == nullptr)
		record_violation("INIT_WORK: no callback");
	*work = {function, 0, 0, set_up};
}

extern "C" void blkmq_queue_request_work(struct request *, struct work_struct *work) {
	if (check_set_up(work, "queue_work") && !workqueue().queue(work))
		record_violation("queue_work: a request's work item queued while queued");
}

extern "C" bool cancel_work(struct work_struct *work) {
	return check_set_up(work, "cancel_work") && workqueue().cancel(work, false);
}

extern "C" bool cancel_work_sync(struct work_struct *work) {
	check_may_sleep("cancel_work_sync");
	return check_set_up(work, "cancel_work_sync") && workqueue().cancel(work, true);
}

// The model has no reclaim to keep from writeback: the scope only has to be balanced.
extern "C" unsigned int blkmq_memalloc_noio_save(void) { return 0; }
extern "C" void blkmq_memalloc_noio_restore(unsigned int) {}
