// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Shared handles: UniqueRequest -> share() -> copies of ARef -> try_unique() -> end.
//
// The rule under test: a request can be ended only through a unique handle, and an ARef
// becomes one only when it is the last reference; until then try_unique() gives the same
// ARef back, so no reference is ever lost on a failed attempt.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <optional>
#include <thread>
#include <utility>

namespace blkmq::testing {
namespace {

class SharedTest : public ScriptedTest {};

TEST_F(SharedTest, TryUniqueFailsWhileCopiesExistAndSucceedsForTheLast) {
	start_and_park();
	auto device = make_device<Ops>("shared");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 40});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	(*rq)->data().cookie = 1234; // written while unique, read below through every copy
	const unsigned int tag = (*rq)->tag();

	Shared first = std::move(*rq).share();
	ASSERT_TRUE(first);
	std::optional<Shared> second(first);
	std::optional<Shared> third(*second);
	EXPECT_EQ((*third)->data().cookie, 1234u);
	EXPECT_EQ((*second)->sector(), 40u);

	// Three references: not unique. The ARef comes back, still pointing at the request.
	UniqueOrShared<Ops> attempt = std::move(first).try_unique();
	EXPECT_FALSE(attempt.is_unique());
	first = std::move(attempt).shared();
	ASSERT_TRUE(first);
	EXPECT_EQ(first->tag(), tag);

	second.reset();
	{
		UniqueOrShared<Ops> attempt2 = std::move(*third).try_unique();
		EXPECT_FALSE(attempt2.is_unique()); // still two: first and third
		Shared back = std::move(attempt2).shared();
		EXPECT_TRUE(back);
	} // third's reference, given back as `back`, is dropped here
	third.reset();

	// Only `first` is left: it becomes the unique handle, and the request can end.
	EXPECT_FALSE(submission.done());
	UniqueOrShared<Ops> last = std::move(first).try_unique();
	ASSERT_TRUE(last.is_unique());
	EXPECT_FALSE(first); // consumed
	Unique unique = std::move(last).unique();
	EXPECT_EQ(unique->data().cookie, 1234u);
	unique->data().cookie = 0;
	std::move(unique).end(Status::no_space());
	EXPECT_EQ(submission.wait(), Status::no_space().raw());
}

TEST_F(SharedTest, CopyAssignAndMoveKeepTheCountExact) {
	start_and_park();
	auto device = make_device<Ops>("shared_assign");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	Shared a = std::move(*rq).share();

	Shared b;
	EXPECT_FALSE(b); // default: empty, counts nothing
	b = a;           // copy-assign: a second reference
	Shared c = std::move(b);
	EXPECT_FALSE(b); // moved from: empty, holds no count
	EXPECT_TRUE(c);
	const Shared &same = c;
	c = same; // self-assignment neither takes nor drops a reference
	EXPECT_TRUE(c);

	UniqueOrShared<Ops> attempt = std::move(a).try_unique();
	ASSERT_FALSE(attempt.is_unique()); // a and c
	a = std::move(attempt).shared();
	c = Shared(); // assigning an empty ARef drops c's reference
	EXPECT_FALSE(c);

	UniqueOrShared<Ops> last = std::move(a).try_unique();
	ASSERT_TRUE(last.is_unique());
	std::move(last).unique().end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

// The typical shape of a driver that shares: queue_rq shares the request with a device
// thread that holds it, and the completion path takes it back and ends it.
TEST_F(SharedTest, SharedInQueueRqEndedByTheLastHolderOnAnotherThread) {
	Mailbox<Shared> to_device;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		Shared shared = std::move(rq).start().share();
		to_device.put(shared); // the device's reference
		// queue_rq's own reference is dropped on return: the device's is the last.
		return DispatchResult::accepted();
	};
	auto device = make_device<Ops>("shared_thread");
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 5});
	std::thread device_thread([&] {
		std::optional<Shared> ref = to_device.take();
		ASSERT_TRUE(ref);
		UniqueOrShared<Ops> unique = std::move(*ref).try_unique();
		ASSERT_TRUE(unique.is_unique());
		std::move(unique).unique().end_ok();
	});
	device_thread.join();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

} // namespace
} // namespace blkmq::testing
