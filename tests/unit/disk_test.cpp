// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Setting up: TagSet::create and GenDiskBuilder reject what the block layer would reject
// (or silently misuse) before anything is allocated, and every failure path after
// allocation tears down exactly what was set up: a disk whose add failed gets put_disk
// only, and nothing leaks.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

struct DiskOps {
	struct QueueData {
		int id = 0;
	};
	struct HwData {
		static inline std::atomic<int> live{0};
		HwData() noexcept { ++live; }
		~HwData() { --live; }
		HwData(const HwData &) = delete;
		HwData &operator=(const HwData &) = delete;
	};
	static inline int exit_hctx_calls = 0;
	// What queue_rq saw: each request's operation and flags (dispatch runs on the submitter).
	struct Seen {
		Op op;
		bool is_fua;
		bool is_preflush;
		bool operator==(const Seen &) const = default;
	};
	static inline std::vector<Seen> seen;

	static DispatchResult queue_rq(const HwQueue<DiskOps> &, OwnedRequest<DiskOps> rq, bool) {
		seen.push_back({rq->op(), rq->is_fua(), rq->is_preflush()});
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
	// The disk each exit_hctx belonged to: it reads the QueueData, which is still alive.
	static inline std::vector<int> exited_disk_ids;
	static void exit_hctx(HwQueue<DiskOps> &queue) {
		++exit_hctx_calls;
		exited_disk_ids.push_back(queue.queue_data().id);
	}
};

class DiskTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		DiskOps::exit_hctx_calls = 0;
		DiskOps::exited_disk_ids.clear();
		DiskOps::seen.clear();
		Result<TagSet<DiskOps>> created = TagSet<DiskOps>::create({.nr_hw_queues = 2, .queue_depth = 4});
		ASSERT_TRUE(created);
		tag_set_.emplace(std::move(created).value());
	}
	void TearDown() override {
		tag_set_.reset();
		EXPECT_EQ(DiskOps::HwData::live, 0);
		ModelTest::TearDown();
	}

	const TagSet<DiskOps> &tag_set() const { return *tag_set_; }

	// A builder that validates; tests change one setting at a time.
	static GenDiskBuilder valid() {
		GenDiskBuilder builder;
		builder.name("disk").capacity_sectors(2048);
		return builder;
	}

	static bool accepts(const GenDiskBuilder &builder) { return builder.validate().has_value(); }

	// build() must refuse @builder before reaching the block layer: nothing allocated, no
	// disk, and no "invalid configuration reached the block layer" from the model.
	void expect_rejected(const GenDiskBuilder &builder) {
		Result<GenDisk<DiskOps>> disk = builder.build(tag_set());
		ASSERT_FALSE(disk);
		EXPECT_EQ(disk.error(), Error::invalid_argument());
		EXPECT_EQ(model::live_disks(), 0u);
		EXPECT_EQ(model::live_allocations(), 0u);
		EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
	}

private:
	Option<TagSet<DiskOps>> tag_set_;
};

TEST_F(DiskTest, ValidConfigurationBuildsAndReachesTheModel) {
	Result<GenDisk<DiskOps>> disk = GenDiskBuilder()
						.name("nullb", 3)
						.capacity_sectors(1 << 21)
						.logical_block_size(4096)
						.rotational(true)
						.no_partitions()
						.max_hw_sectors(256)
						.build(tag_set(), DiskOps::QueueData{5});
	ASSERT_TRUE(disk);
	gendisk *raw = model::find_disk("nullb3");
	ASSERT_NE(raw, nullptr);
	const blkmq_disk_config &config = model::disk_config(raw);
	EXPECT_EQ(config.capacity_sectors, 1u << 21);
	EXPECT_EQ(config.logical_block_size, 4096u);
	EXPECT_EQ(config.physical_block_size, 4096u); // defaults to the logical size
	EXPECT_TRUE(config.rotational);
	EXPECT_TRUE(config.no_partitions);
	EXPECT_EQ(config.max_hw_sectors, 256u);
	EXPECT_EQ(model::nr_hw_queues(raw), tag_set().nr_hw_queues());
	EXPECT_EQ(disk.value().queue_data().id, 5);
	EXPECT_EQ(model::submit_and_wait(raw, {}), Status::ok().raw());
}

TEST_F(DiskTest, BlockSizesArePowersOfTwoFrom512ToThePageSize) {
	static_assert(BLKMQ_PAGE_SIZE == 4096, "the model's page size");
	for (std::uint32_t size : {512u, 1024u, 2048u, 4096u}) {
		EXPECT_TRUE(accepts(valid().logical_block_size(size))) << size;
		EXPECT_TRUE(accepts(valid().logical_block_size(512).physical_block_size(size))) << size;
	}
	for (std::uint32_t size : {1u, 256u, 511u, 513u, 1000u, 1536u, 3072u, 8192u, 65536u, 0x80000000u}) {
		EXPECT_FALSE(accepts(valid().logical_block_size(size))) << size;
		EXPECT_FALSE(accepts(valid().physical_block_size(size))) << size;
	}
	// 0 is no size for the logical block; for the physical one it means "the logical size".
	EXPECT_FALSE(accepts(valid().logical_block_size(0)));
	EXPECT_TRUE(accepts(valid().logical_block_size(1024).physical_block_size(0)));
	expect_rejected(valid().logical_block_size(511));
	expect_rejected(valid().logical_block_size(8192));
	expect_rejected(valid().physical_block_size(8192));
}

TEST_F(DiskTest, PhysicalBlockSizeSmallerThanLogicalIsRejected) {
	EXPECT_TRUE(accepts(valid().logical_block_size(512).physical_block_size(4096)));
	EXPECT_TRUE(accepts(valid().logical_block_size(4096).physical_block_size(4096)));
	EXPECT_FALSE(accepts(valid().logical_block_size(4096).physical_block_size(512)));
	expect_rejected(valid().logical_block_size(2048).physical_block_size(1024));
}

// The kernel rounds max_hw_sectors down to whole logical blocks and answers less than a
// page with a WARN and -EINVAL (6.9 on); 0 keeps the default.
TEST_F(DiskTest, MaxHwSectorsBelowOnePageIsRejected) {
	constexpr std::uint32_t page_sectors = BLKMQ_PAGE_SIZE / 512;
	EXPECT_TRUE(accepts(valid().max_hw_sectors(0)));
	EXPECT_TRUE(accepts(valid().max_hw_sectors(page_sectors)));
	EXPECT_FALSE(accepts(valid().max_hw_sectors(page_sectors - 1)));
	EXPECT_FALSE(accepts(valid().max_hw_sectors(1)));
	expect_rejected(valid().max_hw_sectors(page_sectors - 1));
	// With 4 KiB logical blocks, 15 sectors round down to 8, one page on x86.
	EXPECT_TRUE(accepts(valid().logical_block_size(BLKMQ_PAGE_SIZE).max_hw_sectors(2 * page_sectors - 1)));
	EXPECT_FALSE(accepts(valid().logical_block_size(BLKMQ_PAGE_SIZE)
				     .physical_block_size(BLKMQ_PAGE_SIZE)
				     .max_hw_sectors(page_sectors - 1)));
}

TEST_F(DiskTest, LimitsAndTheWriteCacheReachTheModel) {
	Result<GenDisk<DiskOps>> disk = valid().max_segments(64)
						.virt_boundary(4096)
						.dma_alignment(2)
						.max_discard_sectors(2048)
						.max_write_zeroes_sectors(1024)
						.volatile_write_cache(Fua::Emulated)
						.build(tag_set());
	ASSERT_TRUE(disk);
	const blkmq_disk_config &config = model::disk_config(model::find_disk("disk"));
	EXPECT_EQ(config.max_segments, 64u);
	EXPECT_EQ(config.max_segment_size, 0u);
	EXPECT_EQ(config.virt_boundary_mask, 4095u);
	EXPECT_EQ(config.dma_alignment_mask, 1u);
	EXPECT_EQ(config.max_discard_sectors, 2048u);
	EXPECT_EQ(config.max_write_zeroes_sectors, 1024u);
	EXPECT_TRUE(config.write_cache);
	EXPECT_FALSE(config.fua);
	Result<GenDisk<DiskOps>> other =
		valid().name("other").max_segment_size(65536).volatile_write_cache(Fua::Supported).build(tag_set());
	ASSERT_TRUE(other);
	const blkmq_disk_config &other_config = model::disk_config(model::find_disk("other"));
	EXPECT_EQ(other_config.max_segment_size, 65536u);
	EXPECT_EQ(other_config.virt_boundary_mask, 0u);
	EXPECT_EQ(other_config.dma_alignment_mask, 0u); // the block layer's default
	EXPECT_TRUE(other_config.fua);
}

// What any kernel of the matrix would refuse (or WARN about) is refused on all of them.
TEST_F(DiskTest, SegmentAndAlignmentLimitsAreCheckedAsTheStrictestKernelWould) {
	EXPECT_TRUE(accepts(valid().max_segments(1)));
	EXPECT_TRUE(accepts(valid().max_segments(65535)));
	EXPECT_FALSE(accepts(valid().max_segments(65536))); // the kernel's is 16 bits
	EXPECT_TRUE(accepts(valid().max_segment_size(BLKMQ_PAGE_SIZE)));
	EXPECT_FALSE(accepts(valid().max_segment_size(BLKMQ_PAGE_SIZE - 1)));
	for (std::uint32_t boundary : {512u, 4096u, 65536u})
		EXPECT_TRUE(accepts(valid().virt_boundary(boundary))) << boundary;
	for (std::uint32_t boundary : {1u, 256u, 511u, 3000u, 4095u})
		EXPECT_FALSE(accepts(valid().virt_boundary(boundary))) << boundary;
	EXPECT_FALSE(accepts(valid().virt_boundary(4096).max_segment_size(65536)));
	for (std::uint32_t alignment : {2u, 512u, 4096u})
		EXPECT_TRUE(accepts(valid().dma_alignment(alignment))) << alignment;
	for (std::uint32_t alignment : {1u, 3u, 1000u, 8192u})
		EXPECT_FALSE(accepts(valid().dma_alignment(alignment))) << alignment;
	expect_rejected(valid().dma_alignment(8192));
	expect_rejected(valid().max_segments(65536));
	expect_rejected(valid().max_segment_size(512));
	expect_rejected(valid().virt_boundary(1000));
	expect_rejected(valid().virt_boundary(4096).max_segment_size(BLKMQ_PAGE_SIZE));
}

// The block layer decides what of REQ_PREFLUSH and REQ_FUA reaches the driver from the
// disk's write cache; the model does as it does.
TEST_F(DiskTest, FlushesAndFuaReachTheDriverAsTheWriteCacheSays) {
	using Seen = DiskOps::Seen;
	const model::Io flush = {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0};
	const model::Io fua_write = {.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096, .flags = BLKMQ_REQ_FUA};
	const model::Io preflush_write = {.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096, .flags = BLKMQ_REQ_PREFLUSH};
	auto seen_for = [&](const GenDiskBuilder &builder, const model::Io &io) {
		Result<GenDisk<DiskOps>> disk = GenDiskBuilder(builder).name("cache").build(tag_set());
		EXPECT_TRUE(disk);
		DiskOps::seen.clear();
		EXPECT_EQ(model::submit_and_wait(model::find_disk("cache"), io), Status::ok().raw());
		return DiskOps::seen;
	};
	const Seen write{Op::Write, false, false};
	const Seen durable_write{Op::Write, true, false};
	const Seen block_layer_flush{Op::Flush, false, true};

	// No write cache: no flush at all, and the flags cleared.
	EXPECT_EQ(seen_for(valid(), flush), std::vector<Seen>{});
	EXPECT_EQ(seen_for(valid(), fua_write), std::vector<Seen>{write});
	EXPECT_EQ(seen_for(valid(), preflush_write), std::vector<Seen>{write});
	// A write cache that takes FUA.
	const GenDiskBuilder supported = valid().volatile_write_cache(Fua::Supported);
	EXPECT_EQ(seen_for(supported, flush), std::vector<Seen>{block_layer_flush});
	EXPECT_EQ(seen_for(supported, fua_write), std::vector<Seen>{durable_write});
	EXPECT_EQ(seen_for(supported, preflush_write), (std::vector<Seen>{block_layer_flush, write}));
	// One that does not: the block layer flushes after the write instead.
	const GenDiskBuilder emulated = valid().volatile_write_cache(Fua::Emulated);
	EXPECT_EQ(seen_for(emulated, fua_write), (std::vector<Seen>{write, block_layer_flush}));
	EXPECT_EQ(seen_for(emulated,
			   {.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096, .flags = BLKMQ_REQ_PREFLUSH | BLKMQ_REQ_FUA}),
		  (std::vector<Seen>{block_layer_flush, write, block_layer_flush}));
}

// A disk holds its tag set: destroying the TagSet first leaves the disk working, and the
// block layer's tag set goes with the last disk on it.
TEST_F(DiskTest, ATagSetDestroyedBeforeItsDisksLivesUntilTheLastOneGoes) {
	Option<TagSet<DiskOps>> own;
	Result<TagSet<DiskOps>> created = TagSet<DiskOps>::create({.nr_hw_queues = 1, .queue_depth = 2});
	ASSERT_TRUE(created);
	own.emplace(std::move(created).value());
	Result<GenDisk<DiskOps>> first = valid().name("first").build(*own);
	Result<GenDisk<DiskOps>> second = valid().name("second").build(*own);
	ASSERT_TRUE(first);
	ASSERT_TRUE(second);
	const std::size_t tag_sets = model::live_tag_sets();
	own.reset();
	EXPECT_EQ(model::live_tag_sets(), tag_sets); // held by both disks
	EXPECT_EQ(model::submit_and_wait(model::find_disk("first"), {}), Status::ok().raw());
	{ GenDisk<DiskOps> gone = std::move(first).value(); }
	EXPECT_EQ(model::live_tag_sets(), tag_sets); // and by the second still
	EXPECT_EQ(model::submit_and_wait(model::find_disk("second"), {}), Status::ok().raw());
	{ GenDisk<DiskOps> gone = std::move(second).value(); }
	EXPECT_EQ(model::live_tag_sets(), tag_sets - 1);
	EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
}

// del_gendisk exits the queue of a disk that was added (blk_mq_exit_queue), so exit_hctx
// runs inside the GenDisk's destructor, before its QueueData is freed (ASan would see a read
// of freed memory otherwise), and the tag set no longer counts the disk as a user.
TEST_F(DiskTest, ExitHctxRunsWhenTheDiskIsDeletedWhileItsQueueDataLives) {
	{
		Result<GenDisk<DiskOps>> disk = valid().name("exits").build(tag_set(), DiskOps::QueueData{7});
		ASSERT_TRUE(disk);
		EXPECT_EQ(DiskOps::exit_hctx_calls, 0);
	}
	EXPECT_EQ(DiskOps::exited_disk_ids, std::vector<int>(tag_set().nr_hw_queues(), 7));
	EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
}

// A moved-from TagSet is empty: building on it is reported and refused, not a null pointer
// handed to the block layer.
TEST_F(DiskTest, BuildingOnAnEmptyTagSetIsReportedAndRefused) {
	const EmptiedTagSet<DiskOps> sets;
	const TagSet<DiskOps> &empty = sets.empty();
	Result<GenDisk<DiskOps>> disk = valid().build(empty);
	ASSERT_FALSE(disk);
	EXPECT_EQ(disk.error(), Error::invalid_argument());
	expect_one_violation("an empty (moved-from) TagSet was used");
	EXPECT_EQ(empty.nr_hw_queues(), 0u);
	EXPECT_FALSE(empty.tag_to_rq(0, 0));
	EXPECT_EQ(sets.moved_to.nr_hw_queues(), 1u);
	EXPECT_EQ(model::live_allocations(), 0u);
}

// QueueData is built in place from build()'s arguments, so one that cannot be moved (it
// holds a lock, say) works, and so does one given as an lvalue (copied).
struct PinnedOps {
	struct QueueData {
		explicit QueueData(int value) noexcept : id(value) {}
		QueueData(QueueData &&) = delete;
		QueueData &operator=(QueueData &&) = delete;
		~QueueData() = default;
		int id;
	};
	static DispatchResult queue_rq(const HwQueue<PinnedOps> &, OwnedRequest<PinnedOps> rq, bool) {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

TEST_F(DiskTest, QueueDataIsConstructedInPlaceOrCopiedFromAnLvalue) {
	Result<TagSet<PinnedOps>> pinned_set = TagSet<PinnedOps>::create({});
	ASSERT_TRUE(pinned_set);
	Result<GenDisk<PinnedOps>> pinned = valid().name("pinned").build(pinned_set.value(), 42);
	ASSERT_TRUE(pinned);
	EXPECT_EQ(pinned.value().queue_data().id, 42);

	const DiskOps::QueueData data{7};
	Result<GenDisk<DiskOps>> copied = valid().name("copied").build(tag_set(), data);
	ASSERT_TRUE(copied);
	EXPECT_EQ(copied.value().queue_data().id, 7);
	Result<GenDisk<DiskOps>> aggregate = valid().name("aggregate").build(tag_set(), 9);
	ASSERT_TRUE(aggregate);
	EXPECT_EQ(aggregate.value().queue_data().id, 9);
	Result<GenDisk<DiskOps>> designated = valid().name("designated").build(tag_set(), {.id = 11});
	ASSERT_TRUE(designated);
	EXPECT_EQ(designated.value().queue_data().id, 11);
	Result<GenDisk<DiskOps>> braced = valid().name("braced").build(tag_set(), {});
	ASSERT_TRUE(braced);
	EXPECT_EQ(braced.value().queue_data().id, 0);
}

TEST_F(DiskTest, ZeroCapacityIsRejected) {
	EXPECT_TRUE(accepts(valid().capacity_sectors(1)));
	expect_rejected(valid().capacity_sectors(0));
	expect_rejected(GenDiskBuilder().name("nocapacity")); // never set
}

TEST_F(DiskTest, NameMustBeNonEmptyAndFitDiskName) {
	const std::string longest(GenDiskBuilder::max_name_length, 'n'); // 31: fits char[32]
	const std::string too_long = longest + "n";
	EXPECT_TRUE(accepts(valid().name(longest.c_str())));
	EXPECT_FALSE(accepts(valid().name(too_long.c_str())));
	EXPECT_FALSE(accepts(valid().name((too_long + "more").c_str())));
	expect_rejected(valid().name(""));
	expect_rejected(GenDiskBuilder().capacity_sectors(8)); // never named
	expect_rejected(valid().name(too_long.c_str()));

	Result<GenDisk<DiskOps>> disk = valid().name(longest.c_str()).build(tag_set());
	ASSERT_TRUE(disk);
	EXPECT_NE(model::find_disk(longest), nullptr);
}

TEST_F(DiskTest, NameIndexIsAppendedInDecimal) {
	const std::string prefix29(29, 'p');
	struct Case {
		std::string prefix;
		int index;
		std::optional<std::string> expected; // nothing: rejected as too long
	};
	const Case cases[] = {
		{"nullb", 0, "nullb0"},
		{"nullb", 7, "nullb7"},
		{"nullb", 123, "nullb123"},
		{"nullb", 2147483647, "nullb2147483647"},
		{"vd", -1, "vd"},                   // negative: no index
		{prefix29, 12, prefix29 + "12"},    // exactly 31 characters
		{prefix29, 123, std::nullopt},      // 32
		{prefix29 + "pp", 0, std::nullopt}, // 31 + 1
	};
	for (const Case &one : cases) {
		const GenDiskBuilder builder = valid().name(one.prefix.c_str(), one.index);
		if (!one.expected) {
			EXPECT_FALSE(accepts(builder)) << one.prefix << " " << one.index;
			continue;
		}
		Result<GenDisk<DiskOps>> disk = builder.build(tag_set());
		ASSERT_TRUE(disk) << *one.expected;
		EXPECT_NE(model::find_disk(*one.expected), nullptr) << *one.expected;
	}
	// Naming again replaces the name, and its verdict.
	EXPECT_TRUE(accepts(valid().name((prefix29 + "xyz").c_str()).name("short", 1)));
	EXPECT_FALSE(accepts(valid().name("short", 1).name((prefix29 + "xyz").c_str())));
}

TEST_F(DiskTest, AddDiskFailureGetsPutDiskOnlyAndLeaksNothing) {
	model::fail_next_add_disk(-EEXIST);
	Result<GenDisk<DiskOps>> disk = valid().name("addfail").build(tag_set(), DiskOps::QueueData{1});
	ASSERT_FALSE(disk);
	EXPECT_EQ(disk.error(), Error::from_errno(-EEXIST));
	// put_disk ran (it exits every hardware context); del_gendisk did not, or the model
	// would have recorded "del_gendisk: the disk is not added" (checked in TearDown).
	EXPECT_EQ(DiskOps::exit_hctx_calls, static_cast<int>(tag_set().nr_hw_queues()));
	EXPECT_EQ(DiskOps::HwData::live, 0);
	EXPECT_EQ(model::live_disks(), 0u);
	EXPECT_EQ(model::live_allocations(), 0u); // QueueData freed
	EXPECT_EQ(model::find_disk("addfail"), nullptr);
}

TEST_F(DiskTest, AllocationFailureIsOutOfMemory) {
	model::fail_next_alloc();
	Result<GenDisk<DiskOps>> disk = valid().name("nomem").build(tag_set());
	ASSERT_FALSE(disk);
	EXPECT_EQ(disk.error(), Error::out_of_memory());
	EXPECT_EQ(model::live_disks(), 0u);
	EXPECT_EQ(model::live_allocations(), 0u);
	EXPECT_EQ(model::find_disk("nomem"), nullptr);
}

TEST_F(DiskTest, DuplicateNameIsAnErrorAndTheFirstDiskKeepsWorking) {
	Result<GenDisk<DiskOps>> first = valid().name("dup").build(tag_set(), DiskOps::QueueData{1});
	ASSERT_TRUE(first);
	Result<GenDisk<DiskOps>> second = valid().name("dup").build(tag_set(), DiskOps::QueueData{2});
	ASSERT_FALSE(second);
	EXPECT_EQ(second.error(), Error::from_errno(-EEXIST));
	EXPECT_EQ(model::live_disks(), 1u);
	gendisk *raw = model::find_disk("dup");
	ASSERT_NE(raw, nullptr);
	EXPECT_EQ(model::submit_and_wait(raw, {}), Status::ok().raw());
}

class TagSetCreateTest : public ModelTest {};

TEST_F(TagSetCreateTest, ZeroQueuesOrDepthIsInvalid) {
	Result<TagSet<DiskOps>> no_queues = TagSet<DiskOps>::create({.nr_hw_queues = 0});
	ASSERT_FALSE(no_queues);
	EXPECT_EQ(no_queues.error(), Error::invalid_argument());
	Result<TagSet<DiskOps>> no_depth = TagSet<DiskOps>::create({.queue_depth = 0});
	ASSERT_FALSE(no_depth);
	EXPECT_EQ(no_depth.error(), Error::invalid_argument());
	EXPECT_EQ(model::live_tag_sets(), 0u);
}

TEST_F(TagSetCreateTest, DepthBeyondTheBlockLayerLimitIsRefusedByIt) {
	// 10240 is BLK_MQ_MAX_DEPTH; the library leaves that limit to the block layer.
	Result<TagSet<DiskOps>> deepest = TagSet<DiskOps>::create({.nr_hw_queues = 1, .queue_depth = 10240});
	EXPECT_TRUE(deepest);
	Result<TagSet<DiskOps>> too_deep = TagSet<DiskOps>::create({.nr_hw_queues = 1, .queue_depth = 10241});
	ASSERT_FALSE(too_deep);
	EXPECT_EQ(too_deep.error(), Error::invalid_argument());
}

TEST_F(TagSetCreateTest, HardwareQueuesAreCappedAtTheCpuCount) {
	Result<TagSet<DiskOps>> tag_set = TagSet<DiskOps>::create({.nr_hw_queues = 4096, .queue_depth = 1});
	ASSERT_TRUE(tag_set);
	const unsigned int cpus = std::max(1u, std::thread::hardware_concurrency());
	EXPECT_EQ(tag_set.value().nr_hw_queues(), std::min(4096u, cpus));
	EXPECT_EQ(model::live_tag_sets(), 1u);
}

} // namespace
} // namespace blkmq::testing
