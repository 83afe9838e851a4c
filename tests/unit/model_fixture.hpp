// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// What every unit test shares: a fixture that fails the test on any rule the model saw
// broken and on anything left alive, helpers to state the violations a misuse test
// expects, a disk-on-a-tag-set helper, an emptied TagSet, and a blocking mailbox for handing request handles
// between threads.
#pragma once

#include <blkmq/blkmq.hpp>
#include <blkmq_model/model.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace blkmq::testing {

class ModelTest : public ::testing::Test {
protected:
	void SetUp() override {
		model::take_violations();
		model::set_remote_completion(false);
	}

	void TearDown() override {
		model::set_remote_completion(false);
		EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
		EXPECT_EQ(model::live_disks(), 0u);
		EXPECT_EQ(model::live_tag_sets(), 0u);
		EXPECT_EQ(model::live_allocations(), 0u);
		EXPECT_EQ(model::live_pages(), 0u);
		EXPECT_EQ(model::live_xarrays(), 0u);
		EXPECT_EQ(model::live_bad_blocks(), 0u);
		EXPECT_EQ(model::live_local_mappings(), 0u);
	}

	// Asserts that exactly one violation was recorded since the last call, and that it
	// contains @fragment.
	static void expect_one_violation(const std::string &fragment) {
		const std::vector<std::string> seen = model::take_violations();
		ASSERT_EQ(seen.size(), 1u) << ::testing::PrintToString(seen);
		EXPECT_NE(seen[0].find(fragment), std::string::npos) << seen[0];
	}

	// Reads @count pages of @disk one after another, all submitted before any is waited for,
	// and expects each read to succeed.
	static void read_pages_expect_ok(gendisk *disk, unsigned int count) {
		std::vector<model::Submission> submissions;
		for (unsigned int i = 0; i < count; ++i)
			submissions.push_back(model::submit(disk, {.op = BLKMQ_REQ_OP_READ, .sector = 8u * i}));
		for (const model::Submission &submission : submissions)
			EXPECT_EQ(submission.wait(), BLKMQ_STS_OK);
	}

	// Asserts that exactly these violations were recorded since the last call, in this
	// order, each containing its fragment.
	static void expect_violations(const std::vector<std::string> &fragments) {
		const std::vector<std::string> seen = model::take_violations();
		ASSERT_EQ(seen.size(), fragments.size()) << ::testing::PrintToString(seen);
		for (std::size_t i = 0; i < seen.size(); ++i)
			EXPECT_NE(seen[i].find(fragments[i]), std::string::npos) << seen[i];
	}
};

// A tag set with one disk on it.
template <class Ops>
struct Device {
	TagSet<Ops> tag_set;
	GenDisk<Ops> disk;
	gendisk *raw; // the model's disk, for model::submit and friends

	unsigned int nr_hw_queues() const { return tag_set.nr_hw_queues(); }
};

// The disk make_device() builds unless told otherwise: 512 MiB, nothing else set (the
// name is make_device()'s).
inline GenDiskBuilder default_disk() { return GenDiskBuilder().capacity_sectors(1 << 20); }

template <class Ops>
std::unique_ptr<Device<Ops>> make_device(const char *name, const TagSetConfig &config = {},
					 QueueDataOf<Ops> queue_data = {},
					 GenDiskBuilder disk_config = default_disk()) {
	Result<TagSet<Ops>> tag_set = TagSet<Ops>::create(config);
	if (!tag_set) {
		ADD_FAILURE() << "TagSet::create failed: " << tag_set.error().to_errno();
		return nullptr;
	}
	Result<GenDisk<Ops>> disk = disk_config.name(name).build(tag_set.value(), std::move(queue_data));
	if (!disk) {
		ADD_FAILURE() << "GenDiskBuilder::build failed: " << disk.error().to_errno();
		return nullptr;
	}
	gendisk *raw = model::find_disk(name);
	if (!raw) {
		ADD_FAILURE() << "the model has no disk named " << name;
		return nullptr;
	}
	// A GenDisk refers to the tag set's struct blk_mq_tag_set, not to the TagSet object, so
	// moving the TagSet after build() is fine.
	return std::unique_ptr<Device<Ops>>(new Device<Ops>{std::move(tag_set).value(), std::move(disk).value(), raw});
}

// A tag set and the TagSet it was moved out of, which is empty: what the misuse tests of an
// empty TagSet call into.
template <class Ops>
struct EmptiedTagSet {
	EmptiedTagSet() : emptied(TagSet<Ops>::create({}).value()), moved_to(std::move(emptied)) {}

	TagSet<Ops> emptied;
	const TagSet<Ops> moved_to;
	// NOLINTNEXTLINE(bugprone-use-after-move): the point of these tests
	const TagSet<Ops> &empty() const { return emptied; }
};

// A queue of items handed from one thread to another, typically request handles a driver
// parks in queue_rq and a "device" thread or the test body ends later.
template <class T>
class Mailbox {
public:
	void put(T item) {
		{
			std::lock_guard lock(mutex_);
			items_.push_back(std::move(item));
		}
		ready_.notify_one();
	}

	// The oldest item; nothing once the mailbox is closed and empty, or after @timeout
	// (so that a bug shows up as a failed test, not a hang).
	std::optional<T> take(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
		std::unique_lock lock(mutex_);
		if (!ready_.wait_for(lock, timeout, [&] { return !items_.empty() || closed_; }) || items_.empty())
			return std::nullopt;
		std::optional<T> item(std::in_place, std::move(items_.front()));
		items_.pop_front();
		return item;
	}

	// Wakes every taker once the items run out.
	void close() {
		{
			std::lock_guard lock(mutex_);
			closed_ = true;
		}
		ready_.notify_all();
	}

	// Back to empty and open, for the next test (a test that leaves handles here fails:
	// destroying a parked UniqueRequest reports it as dropped).
	void reset() {
		std::lock_guard lock(mutex_);
		items_.clear();
		closed_ = false;
	}

	std::size_t size() {
		std::lock_guard lock(mutex_);
		return items_.size();
	}

private:
	std::mutex mutex_;
	std::condition_variable ready_;
	std::deque<T> items_;
	bool closed_ = false;
};

#if defined(__SANITIZE_THREAD__)
#define BLKMQ_TEST_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define BLKMQ_TEST_TSAN 1
#endif
#endif

// Iteration counts of the stress tests, in percent of their plain-build value: set by
// BLKMQ_STRESS_PERCENT, else 20 under ThreadSanitizer (which runs about ten times slower),
// else 100.
inline int stress_percent() {
	if (const char *env = std::getenv("BLKMQ_STRESS_PERCENT"))
		return std::max(1, std::atoi(env));
#ifdef BLKMQ_TEST_TSAN
	return 20;
#else
	return 100;
#endif
}

inline int scaled(int iterations) { return std::max(1, iterations * stress_percent() / 100); }

} // namespace blkmq::testing
