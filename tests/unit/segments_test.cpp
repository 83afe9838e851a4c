// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A request's data: Request::segments() and bios() walk what the block layer laid out (one
// or several bios, bio_vecs spanning pages, data starting inside a page) as
// rq_for_each_segment() does, and a memory-backed driver on a PageStore stores and returns
// every byte. A segment kept past its request's end is reported.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace blkmq::testing {
namespace {

// Records every segment queue_rq sees, and its bytes.
struct WalkOps {
	struct Seen {
		std::uint32_t offset;
		std::uint32_t length;
	};
	static inline std::vector<Seen> segments;
	static inline std::vector<std::byte> bytes;
	static inline std::vector<std::uint32_t> bio_bytes;
	static inline std::vector<std::size_t> segments_per_bio;
	static inline std::optional<PageRange> kept;
	// Set: the next queue_rq first copies from the segment an earlier I/O left in kept.
	static inline bool touch_kept = false;
	static inline std::optional<bool> stale_copy;

	static DispatchResult queue_rq(const HwQueue<WalkOps> &, OwnedRequest<WalkOps> rq, bool) {
		UniqueRequest<WalkOps> started = std::move(rq).start();
		if (touch_kept && kept) {
			std::vector<std::byte> stale(kept->length());
			stale_copy = kept->copy_to(stale);
			touch_kept = false;
		}
		for (PageRange segment : started->segments()) {
			segments.push_back({segment.offset(), segment.length()});
			std::vector<std::byte> part(segment.length());
			EXPECT_TRUE(segment.copy_to(part));
			bytes.insert(bytes.end(), part.begin(), part.end());
			kept = segment;
		}
		for (Bio bio : started->bios()) {
			bio_bytes.push_back(bio.bytes());
			std::size_t count = 0;
			for (PageRange segment : bio.segments())
				count += segment.length() > 0 ? 1 : 0;
			segments_per_bio.push_back(count);
		}
		std::move(started).end_ok();
		return DispatchResult::accepted();
	}

	static void reset() {
		segments.clear();
		bytes.clear();
		bio_bytes.clear();
		segments_per_bio.clear();
		kept.reset();
		touch_kept = false;
		stale_copy.reset();
	}
};

std::vector<std::byte> pattern(std::size_t size, unsigned int seed) {
	std::vector<std::byte> data(size);
	for (std::size_t i = 0; i < size; ++i)
		data[i] = static_cast<std::byte>((i * 131 + seed * 7 + i / 4096) & 0xff);
	return data;
}

class SegmentsTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		WalkOps::reset();
	}
	void TearDown() override {
		WalkOps::reset();
		ModelTest::TearDown();
	}
};

struct Layout {
	std::uint32_t bytes;
	std::vector<std::uint32_t> bio_bytes;
	std::uint32_t max_bvec_bytes;
	std::uint32_t page_offset;
};

TEST_F(SegmentsTest, WalksEveryLayoutPageByPageInOrder) {
	const std::vector<Layout> layouts = {
		{4096, {}, 4096, 0},                  // one page
		{512, {}, 4096, 3584},                // a sector at the end of a page
		{16384, {}, 16384, 0},                // one bio_vec over four pages
		{12288, {}, 12288, 1024},             // a multi-page bio_vec starting inside a page
		{20480, {4096, 8192, 8192}, 8192, 0}, // three bios
		{6144, {1024, 5120}, 1536, 512},      // bio_vecs that end inside pages
		{65536, {32768, 32768}, 65536, 2048}, // large bios, unaligned
	};
	auto device = make_device<WalkOps>("walk0");
	ASSERT_TRUE(device);
	for (const Layout &layout : layouts) {
		WalkOps::reset();
		std::vector<std::byte> data = pattern(layout.bytes, layout.page_offset);
		model::Io io{.op = BLKMQ_REQ_OP_WRITE, .bytes = layout.bytes};
		io.data = data;
		io.bio_bytes = layout.bio_bytes;
		io.max_bvec_bytes = layout.max_bvec_bytes;
		io.page_offset = layout.page_offset;
		ASSERT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);

		EXPECT_EQ(WalkOps::bytes, data) << "layout of " << layout.bytes << " bytes at " << layout.page_offset;
		std::uint64_t position = layout.page_offset;
		for (const WalkOps::Seen &segment : WalkOps::segments) {
			EXPECT_GT(segment.length, 0u);
			EXPECT_LE(segment.offset + segment.length, Page::size) << "a segment crosses its page";
			// Contiguous memory: each segment starts where the previous one ended.
			EXPECT_EQ(segment.offset, position % Page::size);
			position += segment.length;
		}
		const std::vector<std::uint32_t> expected_bios =
			layout.bio_bytes.empty() ? std::vector<std::uint32_t>{layout.bytes} : layout.bio_bytes;
		EXPECT_EQ(WalkOps::bio_bytes, expected_bios);
		EXPECT_EQ(std::accumulate(WalkOps::segments_per_bio.begin(), WalkOps::segments_per_bio.end(),
					  std::size_t{0}),
			  WalkOps::segments.size());
	}
}

TEST_F(SegmentsTest, RequestsWithoutDataHaveNoSegments) {
	// A disk that takes all three.
	auto device = make_device<WalkOps>(
		"walk1", {}, {},
		default_disk().volatile_write_cache(Fua::Supported).max_discard_sectors(8).max_write_zeroes_sectors(8));
	ASSERT_TRUE(device);
	std::vector<std::byte> data(4096);
	for (unsigned int op : {BLKMQ_REQ_OP_FLUSH, BLKMQ_REQ_OP_DISCARD, BLKMQ_REQ_OP_WRITE_ZEROES}) {
		// Even where the bios say 4096 bytes, as a discard's do: they have no pages.
		model::Io io{.op = op, .bytes = 4096};
		io.data = data;
		ASSERT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
	}
	// A read without pages (as a test's I/O without data is) too.
	ASSERT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_READ}), BLKMQ_STS_OK);
	EXPECT_TRUE(WalkOps::segments.empty());
	EXPECT_TRUE(WalkOps::bio_bytes.empty());
}

TEST_F(SegmentsTest, ASegmentKeptPastTheEndIsReported) {
	auto device = make_device<WalkOps>("walk2");
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 1);
	model::Io io{.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096};
	io.data = data;
	ASSERT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
	ASSERT_TRUE(WalkOps::kept.has_value());
	// The request went back to the block layer, and its pages with it: the copy is refused
	// before it touches them.
	std::vector<std::byte> late(WalkOps::kept->length());
	EXPECT_FALSE(WalkOps::kept->copy_to(late));
	std::vector<std::string> seen = model::take_violations();
	ASSERT_FALSE(seen.empty());
	EXPECT_NE(seen[0].find("use after end"), std::string::npos) << seen[0];
}

TEST_F(SegmentsTest, ASegmentOfAnEarlierIoIsRefusedWhileTheRequestCarriesAnother) {
	// Depth 1: the second I/O gets the first one's request, and the stale segment is used
	// while that request is held again, which a held/not-held check alone would let pass.
	auto device = make_device<WalkOps>("walk3", {.nr_hw_queues = 1, .queue_depth = 1});
	ASSERT_TRUE(device);
	std::vector<std::byte> first = pattern(4096, 1);
	model::Io io{.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096};
	io.data = first;
	ASSERT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
	ASSERT_TRUE(WalkOps::kept.has_value());
	WalkOps::touch_kept = true;
	std::vector<std::byte> second = pattern(4096, 2);
	io.data = second;
	ASSERT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
	ASSERT_TRUE(WalkOps::stale_copy.has_value());
	EXPECT_FALSE(*WalkOps::stale_copy);
	expect_one_violation("read after it was given back");
}

// A memory-backed disk: PageStore::serve() stores each write and answers each read.
struct MemoryOps {
	struct QueueData {
		const SpinLock<PageStore> *store;
	};

	static DispatchResult queue_rq(const HwQueue<MemoryOps> &hw, OwnedRequest<MemoryOps> rq, bool) {
		UniqueRequest<MemoryOps> started = std::move(rq).start();
		Status status = hw.queue_data().store->lock()->serve(*started, Gfp::Atomic);
		std::move(started).end(status);
		return DispatchResult::accepted();
	}
};

class MemoryDiskTest : public ModelTest {
protected:
	void TearDown() override {
		device.reset();
		store.reset();
		ModelTest::TearDown();
	}

	// A disk that takes discards.
	static GenDiskBuilder memory_disk() { return default_disk().max_discard_sectors(1 << 20); }

	// Makes the disk again, on a store with a write-back cache of @cache_pages, built as
	// @disk says.
	void remake(std::size_t cache_pages, GenDiskBuilder disk) {
		device.reset();
		store = std::make_unique<SpinLock<PageStore>>(cache_pages);
		device = make_device<MemoryOps>("mem0", {}, {.store = store.get()}, disk);
	}

	std::unique_ptr<SpinLock<PageStore>> store = std::make_unique<SpinLock<PageStore>>();
	std::unique_ptr<Device<MemoryOps>> device =
		make_device<MemoryOps>("mem0", {}, {.store = store.get()}, memory_disk());

	blkmq_status_t write(std::uint64_t sector, std::span<std::byte> data, std::uint32_t page_offset = 0,
			     std::vector<std::uint32_t> bios = {}, std::uint32_t flags = 0) {
		model::Io io{.op = BLKMQ_REQ_OP_WRITE, .sector = sector, .bytes = std::uint32_t(data.size())};
		io.data = data;
		io.page_offset = page_offset;
		io.bio_bytes = std::move(bios);
		io.flags = flags;
		return model::submit_and_wait(device->raw, io).value_or(0xff);
	}
	blkmq_status_t fua_write(std::uint64_t sector, std::span<std::byte> data) {
		return write(sector, data, 0, {}, BLKMQ_REQ_FUA);
	}
	blkmq_status_t flush() {
		return model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0}).value_or(0xff);
	}
	std::size_t cached_pages() const { return store->lock()->cached_pages(); }
	std::vector<std::byte> read(std::uint64_t sector, std::uint32_t bytes, std::uint32_t page_offset = 0) {
		std::vector<std::byte> data(bytes, std::byte{0xee});
		model::Io io{.op = BLKMQ_REQ_OP_READ, .sector = sector, .bytes = bytes};
		io.data = data;
		io.page_offset = page_offset;
		EXPECT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
		return data;
	}
};

TEST_F(MemoryDiskTest, ReadsBackWhatWasWrittenInAnyLayout) {
	ASSERT_TRUE(device);
	std::vector<std::byte> first = pattern(20480, 2);
	ASSERT_EQ(write(8, first, 512, {4096, 16384}), BLKMQ_STS_OK);
	EXPECT_EQ(read(8, 20480), first);
	EXPECT_EQ(read(8, 20480, 1536), first);
	// A sector-sized overwrite in the middle, not aligned to the store's pages.
	std::vector<std::byte> middle = pattern(512, 3);
	ASSERT_EQ(write(8 + 9, middle, 3584), BLKMQ_STS_OK);
	std::vector<std::byte> expected = first;
	std::copy(middle.begin(), middle.end(), expected.begin() + 9 * 512);
	EXPECT_EQ(read(8, 20480), expected);
}

TEST_F(MemoryDiskTest, NeverWrittenAndDiscardedBytesReadAsZeros) {
	ASSERT_TRUE(device);
	const std::vector<std::byte> zeros(16384, std::byte{0});
	EXPECT_EQ(read(1000, 16384), zeros);
	std::vector<std::byte> data = pattern(16384, 4);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	// Discard a page and a half from sector 4: the page at 4096 goes, half of the next one is zeroed.
	ASSERT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_DISCARD, .sector = 8, .bytes = 6144}),
		  BLKMQ_STS_OK);
	std::vector<std::byte> expected = data;
	std::fill(expected.begin() + 4096, expected.begin() + 4096 + 6144, std::byte{0});
	EXPECT_EQ(read(0, 16384), expected);
}

TEST_F(MemoryDiskTest, AFailedPageAllocationFailsTheWriteAndKeepsWhatWasStored) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 5);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	model::fail_next_alloc();
	std::vector<std::byte> more = pattern(4096, 6);
	EXPECT_EQ(write(64, more), BLKMQ_STS_IOERR);
	EXPECT_EQ(read(0, 4096), data);
	EXPECT_EQ(read(64, 4096), std::vector<std::byte>(4096, std::byte{0}));
}

TEST_F(MemoryDiskTest, ConcurrentWritersKeepEveryByte) {
	ASSERT_TRUE(device);
	constexpr int writers = 4;
	const int rounds = scaled(200);
	std::vector<std::thread> threads;
	for (int w = 0; w < writers; ++w)
		threads.emplace_back([&, w] {
			for (int round = 0; round < rounds; ++round) {
				// Each writer owns its own pages: sector (w * rounds + round) * 8.
				std::vector<std::byte> data =
					pattern(4096, static_cast<unsigned int>(w * 1000 + round));
				model::Io io{.op = BLKMQ_REQ_OP_WRITE,
					     .sector = std::uint64_t(w * rounds + round) * 8,
					     .bytes = 4096};
				io.data = data;
				EXPECT_EQ(model::submit_and_wait(device->raw, io), BLKMQ_STS_OK);
			}
		});
	for (std::thread &thread : threads)
		thread.join();
	for (int w = 0; w < writers; ++w)
		for (int round = 0; round < rounds; round += 37)
			EXPECT_EQ(read(std::uint64_t(w * rounds + round) * 8, 4096),
				  pattern(4096, static_cast<unsigned int>(w * 1000 + round)));
}

TEST_F(MemoryDiskTest, ADiskWithoutTheLimitNeverSeesADiscardOrWriteZeroes) {
	remake(0, default_disk());
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 7);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	// submit_bio_noacct() fails them before any request is made.
	EXPECT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_DISCARD, .bytes = 4096}), BLKMQ_STS_NOTSUPP);
	EXPECT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_WRITE_ZEROES, .bytes = 4096}),
		  BLKMQ_STS_NOTSUPP);
	EXPECT_EQ(read(0, 4096), data);
}

TEST_F(MemoryDiskTest, WriteZeroesReadsBackAsZeros) {
	remake(0, default_disk().max_write_zeroes_sectors(1 << 20));
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(8192, 8);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	ASSERT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_WRITE_ZEROES, .sector = 1, .bytes = 4096}),
		  BLKMQ_STS_OK);
	std::fill(data.begin() + 512, data.begin() + 4608, std::byte{0});
	EXPECT_EQ(read(0, 8192), data);
}

// A store with a write-back cache of two pages, on a disk that says it has one.
class CachedMemoryDiskTest : public MemoryDiskTest {
protected:
	void SetUp() override {
		MemoryDiskTest::SetUp();
		remake(2, memory_disk().volatile_write_cache(Fua::Supported));
	}
};

TEST_F(CachedMemoryDiskTest, AWriteStaysInTheCacheUntilAFlushWritesItBack) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 9);
	ASSERT_EQ(write(8, data), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 1u);
	EXPECT_EQ(read(8, 4096), data);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 0u);
	EXPECT_EQ(read(8, 4096), data);
}

TEST_F(CachedMemoryDiskTest, AFullCacheWritesAPageBackToMakeRoom) {
	ASSERT_TRUE(device);
	std::vector<std::vector<std::byte>> pages;
	for (unsigned int i = 0; i < 5; ++i) {
		pages.push_back(pattern(4096, 10 + i));
		ASSERT_EQ(write(i * 8, pages.back()), BLKMQ_STS_OK);
		EXPECT_LE(cached_pages(), 2u);
	}
	EXPECT_EQ(cached_pages(), 2u);
	for (unsigned int i = 0; i < 5; ++i)
		EXPECT_EQ(read(i * 8, 4096), pages[i]) << "page " << i;
	// Rewriting a cached page takes no room.
	pages[4] = pattern(4096, 20);
	ASSERT_EQ(write(4 * 8, pages[4]), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 2u);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	for (unsigned int i = 0; i < 5; ++i)
		EXPECT_EQ(read(i * 8, 4096), pages[i]) << "page " << i;
}

TEST_F(CachedMemoryDiskTest, APartialWriteIntoTheCacheKeepsTheRestOfThePage) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 21);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK); // a page new to the medium: cached
	EXPECT_EQ(cached_pages(), 1u);
	std::vector<std::byte> middle = pattern(512, 22);
	ASSERT_EQ(write(3, middle), BLKMQ_STS_OK); // into the cached page
	EXPECT_EQ(cached_pages(), 1u);
	std::copy(middle.begin(), middle.end(), data.begin() + 3 * 512);
	EXPECT_EQ(read(0, 4096), data);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	EXPECT_EQ(read(0, 4096), data);
}

// As C null_blk's cache, which holds only pages new to its medium: a write to a page the
// medium has goes to the medium, takes no room in the cache and costs no write-back.
TEST_F(CachedMemoryDiskTest, AWriteToAPageOnTheMediumGoesToTheMedium) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 23);
	ASSERT_EQ(fua_write(0, data), BLKMQ_STS_OK); // on the medium
	std::vector<std::byte> middle = pattern(512, 24);
	ASSERT_EQ(write(3, middle), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 0u);
	std::copy(middle.begin(), middle.end(), data.begin() + 3 * 512);
	store->lock()->drop_cache(); // nothing of it was in the cache
	EXPECT_EQ(read(0, 4096), data);
}

// A full cache gives the page it writes back to the next write: a partial write into it
// sees zeros where nothing was ever stored, and the medium's bytes where something was, never
// what the page held before.
TEST_F(CachedMemoryDiskTest, APartialWriteIntoAReusedPageSeesNothingOfItsLastContents) {
	ASSERT_TRUE(device);
	std::vector<std::byte> stored = pattern(4096, 23);
	ASSERT_EQ(fua_write(3 * 8, stored), BLKMQ_STS_OK); // page 3 on the medium only
	std::vector<std::byte> first = pattern(4096, 24);
	std::vector<std::byte> second = pattern(4096, 25);
	ASSERT_EQ(write(0, first), BLKMQ_STS_OK);
	ASSERT_EQ(write(8, second), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 2u); // full

	std::vector<std::byte> small = pattern(512, 26);
	ASSERT_EQ(write(2 * 8 + 1, small), BLKMQ_STS_OK); // page 2: never stored
	std::vector<std::byte> expected(4096, std::byte{0});
	std::copy(small.begin(), small.end(), expected.begin() + 512);
	EXPECT_EQ(read(2 * 8, 4096), expected);

	ASSERT_EQ(write(3 * 8 + 2, small), BLKMQ_STS_OK); // page 3: on the medium
	std::copy(small.begin(), small.end(), stored.begin() + 1024);
	EXPECT_EQ(read(3 * 8, 4096), stored);
	EXPECT_EQ(cached_pages(), 2u);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	EXPECT_EQ(read(2 * 8, 4096), expected);
	EXPECT_EQ(read(3 * 8, 4096), stored);
}

TEST_F(CachedMemoryDiskTest, AFuaWriteGoesToTheMediumAndUpdatesACachedPage) {
	ASSERT_TRUE(device);
	std::vector<std::byte> cached = pattern(4096, 23);
	ASSERT_EQ(write(0, cached), BLKMQ_STS_OK);
	std::vector<std::byte> durable = pattern(1024, 24);
	ASSERT_EQ(fua_write(2, durable), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 1u);
	std::copy(durable.begin(), durable.end(), cached.begin() + 1024);
	EXPECT_EQ(read(0, 4096), cached);
	std::vector<std::byte> elsewhere = pattern(4096, 25);
	ASSERT_EQ(fua_write(64, elsewhere), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 1u);
	EXPECT_EQ(read(64, 4096), elsewhere);
}

TEST_F(CachedMemoryDiskTest, WithoutFuaSupportTheBlockLayerFlushesAfterAFuaWrite) {
	remake(2, memory_disk().volatile_write_cache(Fua::Emulated));
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 26);
	// The driver sees a write without REQ_FUA, into the cache, then a flush.
	ASSERT_EQ(fua_write(0, data), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 0u);
	EXPECT_EQ(read(0, 4096), data);
	// REQ_PREFLUSH: a flush before the write, which stays in the cache.
	ASSERT_EQ(write(8, data, 0, {}, BLKMQ_REQ_PREFLUSH), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 1u);
}

TEST_F(CachedMemoryDiskTest, ADiscardDropsCachedPagesToo) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(8192, 27);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 2u);
	ASSERT_EQ(model::submit_and_wait(device->raw, {.op = BLKMQ_REQ_OP_DISCARD, .sector = 0, .bytes = 6144}),
		  BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 1u);
	std::fill(data.begin(), data.begin() + 6144, std::byte{0});
	EXPECT_EQ(read(0, 8192), data);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	EXPECT_EQ(read(0, 8192), data);
}

// What survives the cache's loss is what reached the medium: flushed, written with FUA (also
// over a cached copy), or written to a page the medium had; nothing else written since.
TEST_F(CachedMemoryDiskTest, APowerLossLosesWhatWasNeverWrittenBack) {
	ASSERT_TRUE(device);
	std::vector<std::byte> flushed = pattern(4096, 30), durable = pattern(4096, 31), older = pattern(4096, 32),
			       newer = pattern(4096, 33), overwritten = pattern(4096, 34);
	ASSERT_EQ(write(0, flushed), BLKMQ_STS_OK);
	ASSERT_EQ(fua_write(8, durable), BLKMQ_STS_OK);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	ASSERT_EQ(write(16, older), BLKMQ_STS_OK);
	ASSERT_EQ(fua_write(16, overwritten), BLKMQ_STS_OK); // over the cached copy
	ASSERT_EQ(write(0, newer), BLKMQ_STS_OK);            // to the medium, which has the page
	store->lock()->drop_cache();
	EXPECT_EQ(cached_pages(), 0u);
	EXPECT_EQ(read(0, 4096), newer);
	EXPECT_EQ(read(8, 4096), durable);
	EXPECT_EQ(read(16, 4096), overwritten);
	// Never flushed, never FUA: gone.
	ASSERT_EQ(write(24, newer), BLKMQ_STS_OK);
	store->lock()->drop_cache();
	EXPECT_EQ(read(24, 4096), std::vector<std::byte>(4096, std::byte{0}));
}

TEST_F(CachedMemoryDiskTest, AFlushThatCannotGetAPageFailsAndKeepsTheCache) {
	ASSERT_TRUE(device);
	std::vector<std::byte> data = pattern(4096, 28);
	ASSERT_EQ(write(0, data), BLKMQ_STS_OK);
	model::fail_next_alloc();
	EXPECT_EQ(flush(), BLKMQ_STS_IOERR);
	EXPECT_EQ(cached_pages(), 1u);
	EXPECT_EQ(read(0, 4096), data);
	ASSERT_EQ(flush(), BLKMQ_STS_OK);
	EXPECT_EQ(cached_pages(), 0u);
	EXPECT_EQ(read(0, 4096), data);
}

} // namespace
} // namespace blkmq::testing
