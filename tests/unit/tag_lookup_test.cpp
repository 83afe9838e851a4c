// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagSet::tag_to_rq: a tag becomes a request handle only while the driver owns that
// request and no unique handle exists (reference count non-zero). Everything else (a bad
// queue or tag, an idle, unstarted, uniquely held or ended request, a tag looked up on the
// wrong queue) gives nothing.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

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

// --- Cookies: a tag names a slot, a cookie names one I/O in it. ---

// The hazard a cookie removes: a late completion for an I/O that ended finds, by tag, the
// next I/O in the same slot. By cookie it finds nothing.
TEST_F(TagLookupTest, AStaleCookieFindsNothingOnceTheTagHoldsAnotherIo) {
	start_and_park();
	auto device = make_device<Ops>("cookie_stale", {.nr_hw_queues = 1, .queue_depth = 1});
	ASSERT_TRUE(device);
	const TagSet<Ops> &tag_set = device->tag_set;

	// First I/O: shared, then found by its cookie and ended.
	model::Submission first = model::submit(device->raw, {.sector = 1});
	std::optional<Unique> rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	TagCookie old_cookie{};
	{
		const Shared shared = std::move(*rq).share();
		old_cookie = shared.cookie();
	}
	Option<Shared> found = tag_set.tag_to_rq(old_cookie);
	ASSERT_TRUE(found);
	UniqueOrShared<Ops> unique = std::move(found).take().try_unique();
	ASSERT_TRUE(unique.is_unique());
	std::move(unique).unique().end(Status::medium_error());
	EXPECT_EQ(first.wait(), Status::medium_error().raw());

	// Second I/O, in the same slot (depth 1).
	model::Submission second = model::submit(device->raw, {.sector = 2});
	rq = Ops::parked.take();
	ASSERT_TRUE(rq);
	TagCookie new_cookie{};
	{
		const Shared shared = std::move(*rq).share();
		new_cookie = shared.cookie();
	}
	EXPECT_EQ(new_cookie.tag, old_cookie.tag);
	EXPECT_NE(new_cookie.generation, old_cookie.generation);
	// By tag, the late completion would find the second I/O...
	Option<Shared> by_tag = tag_set.tag_to_rq(old_cookie.hw_queue, old_cookie.tag);
	ASSERT_TRUE(by_tag);
	EXPECT_EQ((*by_tag)->sector(), 2u);
	by_tag.reset();
	// ...by cookie, nothing.
	EXPECT_FALSE(tag_set.tag_to_rq(old_cookie));
	EXPECT_FALSE(tag_set.tag_to_rq(TagCookie::from_bits(old_cookie.to_bits())));
	EXPECT_FALSE(second.done());

	found = tag_set.tag_to_rq(TagCookie::from_bits(new_cookie.to_bits()));
	ASSERT_TRUE(found);
	UniqueOrShared<Ops> last = std::move(found).take().try_unique();
	ASSERT_TRUE(last.is_unique());
	std::move(last).unique().end_ok();
	EXPECT_EQ(second.wait(), Status::ok().raw());
	EXPECT_FALSE(tag_set.tag_to_rq(new_cookie));
}

TEST_F(TagLookupTest, CookiesRoundTripThroughSixtyFourBits) {
	const TagCookie cookie{.hw_queue = 0xfffe, .tag = 10239, .generation = 0xdeadbeef};
	EXPECT_EQ(TagCookie::from_bits(cookie.to_bits()), cookie);
	EXPECT_FALSE(TagSet<Ops>::create({.nr_hw_queues = max_cookie_hw_queues + 1}));
}

// A device that reports every completion twice, the second time late, from another CPU:
// each I/O must end once, with the status its own completion carried, never with a stale
// one's; and a stale completion racing the real one must not make the real one fail (a
// lookup by a stale cookie never takes a reference, so the real try_unique() cannot lose).
TEST_F(TagLookupTest, DuplicateLateCompletionsNeverEndTheNextIoInTheSlot) {
	struct Completion {
		TagCookie cookie;
		bool ok;
	};
	Mailbox<Completion> device_queue;
	std::unique_ptr<Device<Ops>> device;
	Ops::on_queue_rq = [&](Queue &, Owned rq, bool) {
		Unique started = std::move(rq).start();
		const bool ok = started->sector() % 3 != 0; // the status this I/O must end with
		TagCookie cookie{};
		{
			const Shared shared = std::move(started).share();
			cookie = shared.cookie();
		} // the driver keeps no handle: the device's completion finds the request by cookie
		device_queue.put({cookie, ok});
		return DispatchResult::accepted();
	};
	device = make_device<Ops>("cookie_race", {.nr_hw_queues = 1, .queue_depth = 2});
	ASSERT_TRUE(device);

	auto deliver = [&](const Completion &completion) {
		Option<Shared> found = device->tag_set.tag_to_rq(completion.cookie);
		if (!found)
			return false;
		UniqueOrShared<Ops> unique = std::move(found).take().try_unique();
		if (!unique.is_unique())
			return false;
		std::move(unique).unique().end(completion.ok ? Status::ok() : Status::medium_error());
		return true;
	};
	std::mutex delivered_mutex;
	std::vector<Completion> delivered; // every completion once delivered, for the stale thread
	std::atomic<bool> done{false};
	std::atomic<int> real_refused{0};
	std::atomic<int> stale_accepted{0};
	std::atomic<long> stale_attempts{0};
	std::jthread hardware([&] {
		while (std::optional<Completion> completion = device_queue.take()) {
			real_refused += deliver(*completion) ? 0 : 1;
			std::lock_guard lock(delivered_mutex);
			delivered.push_back(*completion);
		}
	});
	std::jthread late([&] {
		std::size_t next = 0;
		while (!done) {
			Completion stale{};
			{
				std::lock_guard lock(delivered_mutex);
				if (delivered.empty())
					continue;
				stale = delivered[next++ % delivered.size()];
			}
			++stale_attempts;
			stale_accepted += deliver(stale) ? 1 : 0;
		}
	});

	const int ios = scaled(2000);
	std::vector<model::Submission> submissions;
	for (int i = 0; i < ios; ++i)
		submissions.push_back(model::submit(device->raw, {.sector = static_cast<std::uint64_t>(i)}));
	int wrong_status = 0;
	for (int i = 0; i < ios; ++i) {
		const blkmq_status_t expected = i % 3 != 0 ? Status::ok().raw() : Status::medium_error().raw();
		wrong_status += submissions[i].wait() == expected ? 0 : 1;
	}
	device_queue.close();
	hardware.join();
	done = true;
	late.join();
	EXPECT_EQ(wrong_status, 0);
	EXPECT_EQ(real_refused, 0);
	EXPECT_EQ(stale_accepted, 0);
	EXPECT_GT(stale_attempts, 0);
	RecordProperty("stale_completions_refused", std::to_string(stale_attempts.load()));
}

// One driver tag is not always one request object (a scheduler request gets whichever tag
// is free), so requests' generations must not run alike: each starts at its own point, and
// two requests in their first episode carry generations far apart.
TEST_F(TagLookupTest, GenerationsOfDifferentRequestsRunFarApart) {
	start_and_park();
	auto device = make_device<Ops>("cookie_spread", {.nr_hw_queues = 1, .queue_depth = 8});
	ASSERT_TRUE(device);
	std::vector<model::Submission> submissions;
	std::vector<Shared> shared;
	for (int i = 0; i < 8; ++i) {
		submissions.push_back(model::submit(device->raw, {}));
		std::optional<Unique> rq = Ops::parked.take();
		ASSERT_TRUE(rq);
		shared.push_back(std::move(*rq).share());
	}
	for (std::size_t a = 0; a < shared.size(); ++a)
		for (std::size_t b = a + 1; b < shared.size(); ++b) {
			const std::uint32_t distance = shared[a].cookie().generation - shared[b].cookie().generation;
			EXPECT_GT(std::min(distance, 0u - distance), 1u << 20) << a << " " << b;
		}
	for (Shared &ref : shared) {
		UniqueOrShared<Ops> unique = std::move(ref).try_unique();
		ASSERT_TRUE(unique.is_unique());
		std::move(unique).unique().end_ok();
	}
	for (const model::Submission &submission : submissions)
		EXPECT_EQ(submission.wait(), Status::ok().raw());
}

} // namespace
} // namespace blkmq::testing
