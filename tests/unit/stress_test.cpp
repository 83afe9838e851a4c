// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Concurrency: the races the reference-count protocol exists to settle, run for real across
// threads (and under ThreadSanitizer in the sanitizer build).
//
//   - many threads clone, drop and try_unique ARefs of one request, then race to end it:
//     it ends exactly once;
//   - tag lookups race the completion of the very requests they look up: a lookup gets
//     nothing or a handle to an in-flight request holding that tag, never an ended one;
//   - many submitters on several hardware queues, fewer tags than submitters, remote
//     completion: every I/O ends once with its own status, and no tag or per-request data
//     is ever used by two I/Os at once.
//
// Iteration counts scale with BLKMQ_STRESS_PERCENT (see model_fixture.hpp); each test takes
// well under a second in a plain build.
#include "scripted_driver.hpp"

#include <blkmq/blkmq.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <latch>
#include <string>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

class StressTest : public ScriptedTest {};

// Each worker holds its own ARef for the whole loop, so during the loop a lookup must
// succeed and try_unique on a second copy must fail, while other workers' try_unique on
// their last copies race these lookups. Then every worker gives its reference up, ending
// the request if it was the last; the last worker to finish ends it if nobody could.
TEST_F(StressTest, ManyThreadsShareOneRequestAndItEndsExactlyOnce) {
	start_and_park();
	auto device = make_device<Ops>("storm", {.nr_hw_queues = 1, .queue_depth = 2});
	ASSERT_TRUE(device);
	const TagSet<Ops> &tag_set = device->tag_set;

	constexpr int workers = 4;
	const int rounds = scaled(50);
	const int iterations = scaled(1000);
	for (int round = 0; round < rounds; ++round) {
		model::Submission submission =
			model::submit(device->raw, {.sector = static_cast<std::uint64_t>(round)});
		std::optional<Unique> rq = Ops::parked.take();
		ASSERT_TRUE(rq);
		const unsigned int tag = (*rq)->tag();

		std::atomic<int> ended{0};
		std::atomic<int> lookups_refused{0};      // lookups that failed while a reference existed
		std::atomic<int> wrongly_unique{0};       // try_unique that succeeded while others held references
		std::atomic<int> wrong_request{0};        // a handle that did not show this round's request
		std::atomic<int> not_unique_when_last{0}; // try_unique failed with no other reference alive
		std::atomic<int> finishing{workers};
		std::latch start(workers + 1); // the workers, and this thread once `root` is gone
		std::vector<std::jthread> threads;
		{
			const Shared root = std::move(*rq).share();
			for (int w = 0; w < workers; ++w) {
				threads.emplace_back([&, mine = root]() mutable {
					start.arrive_and_wait();
					for (int i = 0; i < iterations; ++i) {
						Shared copy = mine;
						{
							const Shared another = copy;
							if (another->sector() != static_cast<std::uint64_t>(round))
								++wrong_request;
						}
						Option<Shared> found = tag_set.tag_to_rq(0, tag);
						if (!found)
							++lookups_refused;
						else if ((*found)->tag() != tag)
							++wrong_request;
						UniqueOrShared<Ops> attempt = std::move(copy).try_unique();
						if (attempt.is_unique()) {
							++wrongly_unique;
							std::move(attempt).unique().end_ok(); // keep the run going
							return;
						}
					}
					// Finish: end the request if `mine` is the last reference, else drop it.
					// Two workers can each see the other's reference and both drop theirs,
					// leaving the request with no handle (count 1); so the last worker to
					// finish takes it back by tag. (Every worker retrying lookup +
					// try_unique instead livelocks: they keep seeing each other's lookups.)
					UniqueOrShared<Ops> attempt = std::move(mine).try_unique();
					if (attempt.is_unique()) {
						++ended;
						std::move(attempt).unique().end_ok();
					} else {
						const Shared drop = std::move(attempt).shared();
					}
					if (finishing.fetch_sub(1) != 1)
						return;
					// Every other worker has dropped its references: a lookup finds the
					// request only if nobody ended it, and then it is the last reference.
					Option<Shared> orphan = tag_set.tag_to_rq(0, tag);
					if (!orphan)
						return;
					UniqueOrShared<Ops> last = std::move(orphan).take().try_unique();
					if (!last.is_unique()) {
						++not_unique_when_last;
						return;
					}
					++ended;
					std::move(last).unique().end_ok();
				});
			}
		}
		// `root` is gone: when the workers start, theirs are the only references.
		start.count_down();
		threads.clear(); // joins

		EXPECT_EQ(ended, 1) << "round " << round;
		EXPECT_EQ(lookups_refused, 0);
		EXPECT_EQ(wrongly_unique, 0);
		EXPECT_EQ(wrong_request, 0);
		EXPECT_EQ(not_unique_when_last, 0);
		EXPECT_EQ(submission.wait(), Status::ok().raw());
		EXPECT_FALSE(tag_set.tag_to_rq(0, tag));
		if (::testing::Test::HasFailure())
			return;
	}
}

// A driver that shares each request with a completion thread, while lookup threads scan
// every tag of every queue, as an interrupt handler resolving tags would.
struct LookupRaceOps {
	struct RequestData {
		std::uint64_t sector = 0; // written in queue_rq, checked by every later holder
	};
	static inline Mailbox<ARef<Request<LookupRaceOps>>> to_completer;

	static DispatchResult queue_rq(const HwQueue<LookupRaceOps> &, OwnedRequest<LookupRaceOps> rq, bool) {
		UniqueRequest<LookupRaceOps> started = std::move(rq).start();
		// Written after start() and before share(): only the release in share() and the
		// acquire in a lookup order this write before a scanner's read (blk_mq_start_request
		// is no barrier for it), so ThreadSanitizer sees a weaker ordering as a race.
		started->data().sector = started->sector();
		to_completer.put(std::move(started).share());
		return DispatchResult::accepted();
	}
};

// The status a request at @sector ends with: some fail, so that a status delivered to the
// wrong submitter shows.
Status status_for(std::uint64_t sector) { return sector % 5 == 0 ? Status::medium_error() : Status::ok(); }

TEST_F(StressTest, TagLookupsRaceCompletions) {
	using LOps = LookupRaceOps;
	using LShared = ARef<Request<LOps>>;
	LOps::to_completer.reset();
	constexpr unsigned int depth = 4;
	auto device = make_device<LOps>("lookup_race", {.nr_hw_queues = 2, .queue_depth = depth});
	ASSERT_TRUE(device);
	const TagSet<LOps> &tag_set = device->tag_set;
	const unsigned int queues = device->nr_hw_queues();

	constexpr int submitters = 3, completers = 2, scanners = 2;
	const int per_submitter = scaled(400);
	std::atomic<int> ends{0}, wrong_status{0};
	std::atomic<long> found{0}, bad_lookups{0}, bad_data{0};
	std::atomic<bool> stop{false};
	std::latch scanning(scanners); // I/O starts once every scanner runs

	std::vector<std::jthread> completer_threads;
	for (int c = 0; c < completers; ++c)
		completer_threads.emplace_back([&] {
			while (std::optional<LShared> ref = LOps::to_completer.take()) {
				// Hold the first request until a scanner has found one, so that the race
				// is exercised however the threads happen to be scheduled.
				const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
				while (found == 0 && std::chrono::steady_clock::now() < deadline)
					std::this_thread::yield();
				if ((*ref)->data().sector != (*ref)->sector())
					++bad_data;
				// A scanner may hold a reference for a moment: retry until ours is the last.
				LShared shared = std::move(*ref);
				for (;;) {
					UniqueOrShared<LOps> attempt = std::move(shared).try_unique();
					if (attempt.is_unique()) {
						UniqueRequest<LOps> rq = std::move(attempt).unique();
						const Status status = status_for(rq->sector());
						++ends;
						std::move(rq).end(status);
						break;
					}
					shared = std::move(attempt).shared();
					std::this_thread::yield();
				}
			}
		});
	std::vector<std::jthread> scanner_threads;
	for (int s = 0; s < scanners; ++s)
		scanner_threads.emplace_back([&] {
			scanning.count_down();
			while (!stop.load(std::memory_order_relaxed))
				for (unsigned int qid = 0; qid < queues; ++qid)
					for (unsigned int tag = 0; tag < depth; ++tag) {
						Option<LShared> ref = tag_set.tag_to_rq(qid, tag);
						if (!ref)
							continue;
						++found;
						// Only ever a request the driver owns (the model reports a read of
						// an ended one), holding exactly the tag and queue asked for.
						if ((*ref)->tag() != tag || (*ref)->hw_queue() != qid)
							++bad_lookups;
						if ((*ref)->data().sector != (*ref)->sector())
							++bad_data;
					}
		});

	std::vector<std::jthread> submitter_threads;
	for (int t = 0; t < submitters; ++t)
		submitter_threads.emplace_back([&, t] {
			scanning.wait();
			std::vector<std::pair<std::uint64_t, model::Submission>> mine;
			for (int i = 0; i < per_submitter; ++i) {
				const std::uint64_t sector = static_cast<std::uint64_t>(t * per_submitter + i);
				mine.emplace_back(
					sector,
					model::submit(device->raw, {.sector = sector,
								    .hw_queue = static_cast<unsigned>(i) % queues}));
			}
			for (const auto &[sector, submission] : mine)
				if (submission.wait() != status_for(sector).raw())
					++wrong_status;
		});
	submitter_threads.clear(); // every I/O submitted and ended
	LOps::to_completer.close();
	completer_threads.clear();
	stop = true;
	scanner_threads.clear();

	EXPECT_EQ(ends, submitters * per_submitter);
	EXPECT_EQ(wrong_status, 0);
	EXPECT_EQ(bad_lookups, 0);
	EXPECT_EQ(bad_data, 0);
	RecordProperty("lookups_that_found_a_request", std::to_string(found.load()));
	EXPECT_GT(found, 0) << "no lookup ever found an in-flight request: the race was not exercised";
	for (unsigned int qid = 0; qid < queues; ++qid)
		for (unsigned int tag = 0; tag < depth; ++tag)
			EXPECT_FALSE(tag_set.tag_to_rq(qid, tag));
	LOps::to_completer.reset();
}

// A driver that completes every request remotely, on the model's softirq thread, checking
// on the way that no tag and no RequestData is ever in use twice.
struct RemoteOps {
	static constexpr unsigned int max_queues = 8, depth = 2;
	struct RequestData {
		std::atomic<bool> in_use{false};
		std::uint64_t sector = 0;
		unsigned int uses = 0;
	};
	static inline std::array<std::atomic<bool>, max_queues * depth> tag_in_use{};
	static inline std::atomic<int> overlaps{0}, tag_collisions{0}, bad_data{0}, completed_inline{0};
	static inline std::atomic<int> dispatched{0}, completed{0};
	static inline thread_local bool on_submitter = false;

	static DispatchResult queue_rq(const HwQueue<RemoteOps> &queue, OwnedRequest<RemoteOps> rq, bool) {
		++dispatched;
		if (rq->data().in_use.exchange(true))
			++overlaps;
		if (tag_in_use[queue.index() * depth + rq->tag()].exchange(true))
			++tag_collisions;
		rq->data().sector = rq->sector();
		++rq->data().uses;
		std::move(rq).start().complete();
		return DispatchResult::accepted();
	}
	static void complete(UniqueRequest<RemoteOps> rq) {
		if (on_submitter)
			++completed_inline;
		if (rq->data().sector != rq->sector())
			++bad_data;
		// Released before end(): once ended, the tag may be handed out again at once.
		tag_in_use[rq->hw_queue() * depth + rq->tag()] = false;
		rq->data().in_use = false;
		++completed;
		const Status status = status_for(rq->sector());
		std::move(rq).end(status);
	}
};

TEST_F(StressTest, ManySubmittersFewTagsRemoteCompletion) {
	model::set_remote_completion(true);
	RemoteOps::overlaps = RemoteOps::tag_collisions = RemoteOps::bad_data = RemoteOps::completed_inline = 0;
	RemoteOps::dispatched = RemoteOps::completed = 0;
	auto device = make_device<RemoteOps>("remote",
					     {.nr_hw_queues = RemoteOps::max_queues, .queue_depth = RemoteOps::depth});
	ASSERT_TRUE(device);
	const unsigned int queues = device->nr_hw_queues();
	ASSERT_LE(queues, RemoteOps::max_queues);

	// More submitters than tags in all queues together: they wait for tags.
	constexpr int submitters = 8;
	static_assert(submitters > 2 * RemoteOps::depth);
	const int per_submitter = scaled(500);
	std::atomic<int> wrong_status{0};
	std::latch start(submitters);
	{
		std::vector<std::jthread> threads;
		for (int t = 0; t < submitters; ++t)
			threads.emplace_back([&, t] {
				RemoteOps::on_submitter = true;
				start.arrive_and_wait();
				for (int i = 0; i < per_submitter; ++i) {
					const std::uint64_t sector = static_cast<std::uint64_t>(t * per_submitter + i);
					const unsigned int queue = static_cast<unsigned int>(t + i) % queues;
					if (model::submit_and_wait(device->raw,
								   {.sector = sector, .hw_queue = queue}) !=
					    status_for(sector).raw())
						++wrong_status;
				}
			});
	}

	const int total = submitters * per_submitter;
	EXPECT_EQ(wrong_status, 0);
	EXPECT_EQ(RemoteOps::dispatched, total);
	EXPECT_EQ(RemoteOps::completed, total);
	EXPECT_EQ(RemoteOps::overlaps, 0);
	EXPECT_EQ(RemoteOps::tag_collisions, 0);
	EXPECT_EQ(RemoteOps::bad_data, 0);
	EXPECT_EQ(RemoteOps::completed_inline, 0); // every completion went to the softirq thread
}

} // namespace
} // namespace blkmq::testing
