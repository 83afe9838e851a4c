// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A driver whose operations do whatever the running test says.
//
// Each test sets the hooks it needs, so that what the driver does with a request is written
// next to the assertions about it. The hooks are plain static std::functions: the block
// layer calls static member functions, and the fixture resets them between tests.
#pragma once

#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace blkmq::testing {

struct ScriptedOps {
	struct RequestData {
		// Free for the test to use: written through a unique handle, read through any.
		std::uint64_t cookie = 0;
		// What Ops::poll ends the request with.
		Status poll_status = Status::ok();
	};
	struct QueueData {
		int id = 0;
	};
	struct HwData {
		// Requests a polling driver keeps until Ops::poll ends them. queue_rq and poll get
		// shared (const) access, so the list is reached through its lock.
		SpinLock<RequestList<ScriptedOps>> polled;
	};

	using QueueRqHook =
		std::function<DispatchResult(const HwQueue<ScriptedOps> &, OwnedRequest<ScriptedOps>, bool)>;
	static inline QueueRqHook on_queue_rq;
	static inline std::function<void(UniqueRequest<ScriptedOps>)> on_complete;
	static inline std::function<TimeoutAction(TimedOutRequest<ScriptedOps> &)> on_timeout;
	static inline std::function<void(const HwQueue<ScriptedOps> &)> on_commit_rqs;

	// Where a test's queue_rq parks a handle for the test body (or another thread) to take.
	static inline Mailbox<OwnedRequest<ScriptedOps>> parked_owned;
	static inline Mailbox<UniqueRequest<ScriptedOps>> parked;

	static DispatchResult queue_rq(const HwQueue<ScriptedOps> &queue, OwnedRequest<ScriptedOps> rq, bool is_last) {
		return on_queue_rq(queue, std::move(rq), is_last);
	}
	static void complete(UniqueRequest<ScriptedOps> rq) {
		if (on_complete)
			return on_complete(std::move(rq));
		std::move(rq).end_ok();
	}
	static TimeoutAction timeout(TimedOutRequest<ScriptedOps> rq) {
		return on_timeout ? on_timeout(rq) : TimeoutAction::ResetTimer;
	}
	static void commit_rqs(const HwQueue<ScriptedOps> &queue) {
		if (on_commit_rqs)
			on_commit_rqs(queue);
	}
	// Ends every request parked on this hardware queue, each with its poll_status; returns
	// how many.
	static int poll(const HwQueue<ScriptedOps> &queue, CompletionBatch &batch) {
		RequestList<ScriptedOps> ready = queue.data().polled.lock()->take();
		return std::move(ready).end_all(batch,
						[](const Request<ScriptedOps> &rq) { return rq.data().poll_status; });
	}

	static void reset() {
		on_queue_rq = nullptr;
		on_complete = nullptr;
		on_timeout = nullptr;
		on_commit_rqs = nullptr;
		parked_owned.reset();
		parked.reset();
	}
};

class ScriptedTest : public ModelTest {
protected:
	using Ops = ScriptedOps;
	using Owned = OwnedRequest<Ops>;
	using Unique = UniqueRequest<Ops>;
	using Shared = ARef<Request<Ops>>;
	using Queue = const HwQueue<Ops>; // what queue_rq, commit_rqs and poll receive

	void SetUp() override {
		ModelTest::SetUp();
		Ops::reset();
	}
	void TearDown() override {
		// A handle still parked here is a test that forgot to end its request.
		EXPECT_EQ(Ops::parked.size(), 0u);
		EXPECT_EQ(Ops::parked_owned.size(), 0u);
		Ops::reset();
		ModelTest::TearDown();
	}

	// queue_rq for the common case: start the request and end it with @status at once.
	static void end_inline(Status status = Status::ok()) {
		Ops::on_queue_rq = [status](Queue &, Owned rq, bool) {
			std::move(rq).start().end(status);
			return DispatchResult::accepted();
		};
	}
	// queue_rq that starts the request and parks the unique handle in Ops::parked.
	static void start_and_park() {
		Ops::on_queue_rq = [](Queue &, Owned rq, bool) {
			Ops::parked.put(std::move(rq).start());
			return DispatchResult::accepted();
		};
	}
};

} // namespace blkmq::testing
