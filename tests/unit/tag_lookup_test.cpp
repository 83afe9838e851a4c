// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagSet::tag_to_rq: a tag becomes a request handle only while the driver owns that
// request and no unique handle exists (reference count non-zero). Everything else (a bad
// queue or tag, an idle, unstarted, uniquely held or ended request, a tag looked up on the
// wrong queue) gives nothing.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <optional>

namespace blkmq::testing {
namespace {

class TagLookupTest : public ScriptedTest {
protected:
	static constexpr unsigned int depth = 4;
};

TEST_F(TagLookupTest, OutOfRangeQueueOrTagGivesNothing) {
	end_inline();
	auto device = make_device<Ops>("lookup_range", {.nr_hw_queues = 1, .queue_depth = depth});
	ASSERT_TRUE(device);
	const TagSet<Ops> &tag_set = device->tag_set;

	EXPECT_FALSE(tag_set.tag_to_rq(1, 0));
	EXPECT_FALSE(tag_set.tag_to_rq(~0u, 0));
	EXPECT_FALSE(tag_set.tag_to_rq(0, depth));
	EXPECT_FALSE(tag_set.tag_to_rq(0, ~0u));
}

TEST_F(TagLookupTest, IdleRequestsGiveNothing) {
	end_inline();
	auto device = make_device<Ops>("lookup_idle", {.nr_hw_queues = 1, .queue_depth = depth});
	ASSERT_TRUE(device);
	// Never used, then used and ended: both idle, both the block layer's.
	for (unsigned int tag = 0; tag < depth; ++tag)
		EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag)) << tag;
	EXPECT_EQ(model::submit_and_wait(device->raw, {}), Status::ok().raw());
	for (unsigned int tag = 0; tag < depth; ++tag)
		EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag)) << tag;
}

// An OwnedRequest (dispatched, not started) and a UniqueRequest both have count 0: a
// lookup must not create a second handle next to the unique one.
TEST_F(TagLookupTest, RequestsUnderAUniqueHandleGiveNothing) {
	std::unique_ptr<Device<Ops>> device;
	int lookups_in_queue_rq = 0;
	Ops::on_queue_rq = [&](Queue &queue, Owned rq, bool) {
		EXPECT_FALSE(device->tag_set.tag_to_rq(queue.index(), rq->tag()));
		Unique started = std::move(rq).start();
		EXPECT_FALSE(device->tag_set.tag_to_rq(queue.index(), started->tag()));
		++lookups_in_queue_rq;
		Ops::parked.put(std::move(started));
		return DispatchResult::accepted();
	};
	device = make_device<Ops>("lookup_unique", {.nr_hw_queues = 1, .queue_depth = depth});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {});
	EXPECT_EQ(lookups_in_queue_rq, 1);
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, (*rq)->tag()));
	std::move(*rq).end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

TEST_F(TagLookupTest, SharedRequestIsFoundAndEndedRequestIsNot) {
	start_and_park();
	auto device = make_device<Ops>("lookup_shared", {.nr_hw_queues = 1, .queue_depth = depth});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 77});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	const unsigned int tag = (*rq)->tag();
	Shared mine = std::move(*rq).share();

	Option<Shared> found = device->tag_set.tag_to_rq(0, tag);
	ASSERT_TRUE(found);
	EXPECT_EQ((*found)->tag(), tag);
	EXPECT_EQ((*found)->hw_queue(), 0u);
	EXPECT_EQ((*found)->sector(), 77u);
	// Other tags are still idle.
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, (tag + 1) % depth));

	// The lookup's reference counts: `mine` is not the last one.
	UniqueOrShared<Ops> attempt = std::move(mine).try_unique();
	ASSERT_FALSE(attempt.is_unique());
	mine = std::move(attempt).shared();
	found.reset();
	UniqueOrShared<Ops> last = std::move(mine).try_unique();
	ASSERT_TRUE(last.is_unique());
	std::move(last).unique().end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());

	EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag));
}

// Dropping every ARef leaves the started request with the driver and no handle (count 1).
// A completion that names its tag takes it back, then ends it.
TEST_F(TagLookupTest, RequestWithEveryARefDroppedIsTakenBackByTag) {
	start_and_park();
	auto device = make_device<Ops>("lookup_orphan", {.nr_hw_queues = 1, .queue_depth = depth});
	ASSERT_TRUE(device);

	model::Submission submission = model::submit(device->raw, {.sector = 3});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	const unsigned int tag = (*rq)->tag();
	{ Shared dropped = std::move(*rq).share(); }
	EXPECT_FALSE(submission.done()); // the request is not lost, nor ended

	Option<Shared> found = device->tag_set.tag_to_rq(0, tag);
	ASSERT_TRUE(found);
	EXPECT_EQ((*found)->sector(), 3u);
	{
		// A second lookup meanwhile is a second reference...
		Option<Shared> again = device->tag_set.tag_to_rq(0, tag);
		ASSERT_TRUE(again);
		UniqueOrShared<Ops> attempt = std::move(again).take().try_unique();
		EXPECT_FALSE(attempt.is_unique());
	}
	// ...and once it is gone, the first is the last.
	UniqueOrShared<Ops> unique = std::move(found).take().try_unique();
	ASSERT_TRUE(unique.is_unique());
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag)); // unique again: count 0
	std::move(unique).unique().end(Status::medium_error());
	EXPECT_EQ(submission.wait(), Status::medium_error().raw());
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag));
}

// With one tag space for all hardware queues, tag t names a single request, dispatched on
// one queue. The tag table entry seen through another queue's index is not that queue's
// request: the lookup checks the request's own tag and queue and refuses the mismatch.
// (The model has no scheduler tags, so a table entry whose request now holds a different
// tag, the other stale case the check covers, cannot be produced here.)
TEST_F(TagLookupTest, TagLookedUpOnAnotherQueueIsRefused) {
	start_and_park();
	auto device = make_device<Ops>("lookup_stale", {.nr_hw_queues = 2, .queue_depth = depth, .shared_tags = true});
	ASSERT_TRUE(device);
	if (device->nr_hw_queues() < 2)
		GTEST_SKIP() << "the model caps hardware queues at the CPU count, and this machine has one";

	model::Submission submission = model::submit(device->raw, {.hw_queue = 1});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	const unsigned int tag = (*rq)->tag();
	ASSERT_EQ((*rq)->hw_queue(), 1u);
	Shared mine = std::move(*rq).share();

	EXPECT_TRUE(device->tag_set.tag_to_rq(1, tag));
	EXPECT_FALSE(device->tag_set.tag_to_rq(0, tag));

	UniqueOrShared<Ops> unique = std::move(mine).try_unique();
	ASSERT_TRUE(unique.is_unique()); // the refused lookup left no reference behind
	std::move(unique).unique().end_ok();
	EXPECT_EQ(submission.wait(), Status::ok().raw());
}

} // namespace
} // namespace blkmq::testing
