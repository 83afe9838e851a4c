// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// examples/nullblk on the userspace model: what the VM tests check in a real kernel,
// minus the kernel, so a change to the driver is checked in seconds.
#include <blkmq/requests/status.hpp>
#include <blkmq_model/model.hpp>

#include "nullblk.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace {

using blkmq::Status;
namespace model = blkmq::model;

nullblk_params defaults() {
	return {
		.nr_devices = 1,
		.gb = 250,
		.bs = 512,
		.submit_queues = 1,
		.poll_queues = 1,
		.hw_queue_depth = 64,
		.irqmode = 1,
		.completion_nsec = 10000,
		.rotational = false,
		.memory_backed = false,
		.discard = false,
		.cache_size = 0,
		.fua = true,
		.virt_boundary = false,
		.mbps = 0,
		.timeout = "",
		.requeue = "",
		.init_hctx = "",
		.blocking = false,
		.shared_tags = false,
		.shared_tag_bitmap = false,
		.no_sched = 0,
		.queue_mode = 2,
		.home_node = -1,
		.home_node_online = false,
		.use_per_node_hctx = false,
		.max_sectors = 0,
		.nr_cpu_ids = 4,
		.nr_online_nodes = 2,
	};
}

class NullblkTest : public ::testing::Test {
protected:
	void SetUp() override {
		model::take_violations();
		model::take_log();
	}
	void TearDown() override {
		EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
		EXPECT_EQ(model::live_disks(), 0u);
		EXPECT_EQ(model::live_tag_sets(), 0u);
		EXPECT_EQ(model::live_allocations(), 0u);
		EXPECT_EQ(model::live_pages(), 0u);
		EXPECT_EQ(model::live_xarrays(), 0u);
		EXPECT_EQ(model::live_bad_blocks(), 0u);
	}

	// Loading must fail with -EINVAL, log a line naming @parameter, and leave nothing.
	static void expect_rejected(const nullblk_params &params, const std::string &parameter) {
		EXPECT_EQ(nullblk_init(&params), -EINVAL);
		const std::vector<std::string> log = model::take_log();
		ASSERT_EQ(log.size(), 1u);
		EXPECT_EQ(log[0].rfind("nullb_cpp: " + parameter + "=", 0), 0u) << log[0];
		EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
	}
};

TEST_F(NullblkTest, DefaultsCreateOneDiskOfTheRightShape) {
	const nullblk_params params = defaults();
	ASSERT_EQ(nullblk_init(&params), 0);
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(model::find_disk("nullb_cpp1"), nullptr);
	const blkmq_disk_config &config = model::disk_config(disk);
	EXPECT_EQ(config.capacity_sectors, 250ull << 21);
	EXPECT_EQ(config.logical_block_size, 512u);
	EXPECT_EQ(config.physical_block_size, 512u);
	EXPECT_FALSE(config.rotational);
	EXPECT_TRUE(config.no_partitions); // as C null_blk's disks, of one minor
	nullblk_exit();
	EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
}

TEST_F(NullblkTest, ParametersShapeEveryDevice) {
	nullblk_params params = defaults();
	params.nr_devices = 3;
	params.gb = 2;
	params.bs = 4096;
	params.submit_queues = 2;
	params.rotational = true;
	ASSERT_EQ(nullblk_init(&params), 0);
	for (const char *name : {"nullb_cpp0", "nullb_cpp1", "nullb_cpp2"}) {
		gendisk *disk = model::find_disk(name);
		ASSERT_NE(disk, nullptr) << name;
		EXPECT_EQ(model::disk_config(disk).capacity_sectors, 2ull << 21);
		EXPECT_EQ(model::disk_config(disk).logical_block_size, 4096u);
		EXPECT_TRUE(model::disk_config(disk).rotational);
	}
	nullblk_exit();
}

// Every request ends with success, in both completion modes, from several threads.
TEST(NullblkIo, EveryRequestEndsOkInBothIrqModes) {
	for (const unsigned int irqmode : {0u, 1u, 2u}) {
		for (const bool remote : {false, true}) {
			model::set_remote_completion(remote);
			nullblk_params params = defaults();
			params.irqmode = irqmode;
			params.submit_queues = 2;
			params.hw_queue_depth = 4;
			ASSERT_EQ(nullblk_init(&params), 0);
			gendisk *disk = model::find_disk("nullb_cpp0");
			ASSERT_NE(disk, nullptr);
			std::vector<std::thread> submitters;
			for (unsigned int t = 0; t < 4; ++t) {
				submitters.emplace_back([disk, t] {
					for (unsigned int i = 0; i < 200; ++i) {
						const auto status = model::submit_and_wait(
							disk, {.op = i % 2 ? BLKMQ_REQ_OP_WRITE : BLKMQ_REQ_OP_READ,
							       .sector = i * 8,
							       .bytes = 4096,
							       .hw_queue = t % 2});
						EXPECT_EQ(status, Status::ok().raw());
					}
				});
			}
			for (auto &submitter : submitters)
				submitter.join();
			nullblk_exit();
			EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
		}
	}
	model::set_remote_completion(false);
	EXPECT_EQ(model::live_allocations(), 0u);
}

std::vector<std::byte> pattern(std::size_t size, unsigned int seed) {
	std::vector<std::byte> data(size);
	for (std::size_t i = 0; i < size; ++i)
		data[i] = static_cast<std::byte>((i * 7 + seed) & 0xff);
	return data;
}

// memory_backed=1: what is written reads back, in both completion modes; discard=1 frees it,
// and unloading frees every page.
TEST_F(NullblkTest, MemoryBackedDisksKeepWhatIsWritten) {
	for (const unsigned int irqmode : {0u, 1u, 2u}) {
		nullblk_params params = defaults();
		params.irqmode = irqmode;
		params.gb = 1;
		params.memory_backed = true;
		params.discard = true;
		ASSERT_EQ(nullblk_init(&params), 0);
		gendisk *disk = model::find_disk("nullb_cpp0");
		ASSERT_NE(disk, nullptr);
		EXPECT_GT(model::disk_config(disk).max_discard_sectors, 0u);

		std::vector<std::byte> written = pattern(8192, irqmode);
		model::Io write{.op = BLKMQ_REQ_OP_WRITE, .sector = 16, .bytes = 8192};
		write.data = written;
		write.page_offset = 512;
		EXPECT_EQ(model::submit_and_wait(disk, write), Status::ok().raw());
		std::vector<std::byte> back(8192);
		model::Io read{.op = BLKMQ_REQ_OP_READ, .sector = 16, .bytes = 8192};
		read.data = back;
		EXPECT_EQ(model::submit_and_wait(disk, read), Status::ok().raw());
		EXPECT_EQ(back, written);
		EXPECT_EQ(model::live_pages(), 2u); // 8 KiB from byte 8192: the store's pages 2 and 3

		EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_DISCARD, .sector = 16, .bytes = 4096}),
			  Status::ok().raw());
		EXPECT_EQ(model::submit_and_wait(disk, read), Status::ok().raw());
		EXPECT_EQ(std::vector<std::byte>(back.begin(), back.begin() + 4096), std::vector<std::byte>(4096));
		EXPECT_TRUE(std::equal(back.begin() + 4096, back.end(), written.begin() + 4096));
		nullblk_exit();
		EXPECT_EQ(model::live_pages(), 0u);
	}
}

// Polled I/O goes to the poll queue (after the submit queues), waits there until polled, and
// is ended by the poll with its data moved, in every irqmode (which does not apply to it).
TEST_F(NullblkTest, PollQueueRequestsEndWhenPolled) {
	for (const unsigned int irqmode : {0u, 1u, 2u}) {
		nullblk_params params = defaults();
		params.irqmode = irqmode;
		params.gb = 1;
		params.submit_queues = 2;
		params.memory_backed = true;
		ASSERT_EQ(nullblk_init(&params), 0);
		gendisk *disk = model::find_disk("nullb_cpp0");
		ASSERT_NE(disk, nullptr);
		ASSERT_EQ(model::nr_hw_queues(disk), 3u);
		const unsigned int poll_queue = 2;

		std::vector<std::byte> written = pattern(4096, irqmode);
		model::Io write{.op = BLKMQ_REQ_OP_WRITE, .sector = 8, .bytes = 4096, .hw_queue = poll_queue};
		write.data = written;
		const model::Submission polled_write = model::submit(disk, write);
		EXPECT_FALSE(polled_write.done());
		EXPECT_EQ(model::poll(disk, poll_queue), 1);
		EXPECT_EQ(polled_write.wait(), Status::ok().raw());

		std::vector<std::byte> back(4096);
		model::Io read{.op = BLKMQ_REQ_OP_READ, .sector = 8, .bytes = 4096, .hw_queue = poll_queue};
		read.data = back;
		const model::Submission polled_read = model::submit(disk, read);
		EXPECT_EQ(model::poll(disk, poll_queue, model::PollCaller::Synchronous), 1);
		EXPECT_EQ(polled_read.wait(), Status::ok().raw());
		EXPECT_EQ(back, written);
		EXPECT_EQ(model::poll(disk, poll_queue), 0);
		nullblk_exit();
	}
}

// shared_tags=1: one tag set for every disk, which outlives them all; each disk's I/O ends.
TEST_F(NullblkTest, SharedTagsGiveEveryDiskOneTagSet) {
	nullblk_params params = defaults();
	params.nr_devices = 3;
	params.shared_tags = true;
	params.hw_queue_depth = 4;
	ASSERT_EQ(nullblk_init(&params), 0);
	EXPECT_EQ(model::live_tag_sets(), 1u);
	for (const char *name : {"nullb_cpp0", "nullb_cpp1", "nullb_cpp2"}) {
		gendisk *disk = model::find_disk(name);
		ASSERT_NE(disk, nullptr) << name;
		for (int i = 0; i < 8; ++i)
			EXPECT_EQ(model::submit_and_wait(disk, {.sector = 8u * i}), Status::ok().raw());
	}
	nullblk_exit();
	EXPECT_EQ(model::live_tag_sets(), 0u);
}

// What C null_blk changes on its own, this driver changes too, with C's messages.
TEST_F(NullblkTest, QueueModeBioAndPerNodeQueuesAreAdjustedAsInC) {
	nullblk_params params = defaults();
	params.queue_mode = 0;
	params.use_per_node_hctx = true;
	params.home_node = 1;
	params.home_node_online = true;
	params.max_sectors = 64;
	ASSERT_EQ(nullblk_init(&params), 0);
	const std::vector<std::string> log = model::take_log();
	ASSERT_GE(log.size(), 2u);
	EXPECT_EQ(log[0], "nullb_cpp: BIO-based IO path is no longer available, using blk-mq instead.");
	EXPECT_EQ(log[1], "nullb_cpp: submit_queues param is set to 2.");
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(model::nr_hw_queues(disk), 2u + 1u); // a queue per node, and the poll queue
	EXPECT_EQ(model::disk_config(disk).max_hw_sectors, 64u);
	nullblk_exit();
}

// cache_size gives a memory-backed disk a volatile write cache: what is written reads back
// while it is cached, after the cache overflows onto the medium, and after flushes, with FUA
// taken by the driver (fua=1) or turned into flushes by the block layer (fua=0).
TEST_F(NullblkTest, ACacheKeepsWhatIsWrittenThroughOverflowsAndFlushes) {
	for (const bool fua : {true, false}) {
		nullblk_params params = defaults();
		params.gb = 1;
		params.memory_backed = true;
		params.cache_size = 1; // 256 pages
		params.fua = fua;
		params.submit_queues = 2;
		ASSERT_EQ(nullblk_init(&params), 0);
		gendisk *disk = model::find_disk("nullb_cpp0");
		ASSERT_NE(disk, nullptr);
		EXPECT_TRUE(model::disk_config(disk).write_cache);
		EXPECT_EQ(bool(model::disk_config(disk).fua), fua);

		constexpr unsigned int pages = 300;
		std::vector<std::vector<std::byte>> written(pages);
		auto write = [&](unsigned int page, unsigned int seed, std::uint32_t flags) {
			written[page] = pattern(4096, seed);
			model::Io io{.op = BLKMQ_REQ_OP_WRITE,
				     .sector = page * 8,
				     .bytes = 4096,
				     .flags = flags,
				     .hw_queue = page % 2};
			io.data = written[page];
			ASSERT_EQ(model::submit_and_wait(disk, io), Status::ok().raw()) << page;
		};
		auto expect_all_read_back = [&](const char *when) {
			for (unsigned int i = 0; i < pages; ++i) {
				std::vector<std::byte> back(4096);
				model::Io read{.op = BLKMQ_REQ_OP_READ, .sector = i * 8, .bytes = 4096};
				read.data = back;
				ASSERT_EQ(model::submit_and_wait(disk, read), Status::ok().raw());
				ASSERT_EQ(back, written[i]) << "page " << i << " " << when;
			}
		};
		// 300 pages through a cache of 256: the first 44 written back to make room, each
		// page in one place, the cache or the medium.
		for (unsigned int i = 0; i < pages; ++i)
			write(i, i, 0);
		EXPECT_EQ(model::live_pages(), pages);
		expect_all_read_back("after the cache overflowed");
		// Rewritten, the pages on the medium take the writes there, as in C null_blk, whose
		// cache holds only pages new to its medium: no page more, none written back.
		for (unsigned int i = 0; i < 40; ++i)
			write(i, 1000 + i, 0);
		EXPECT_EQ(model::live_pages(), pages);
		expect_all_read_back("rewritten past the cache");
		// FUA, to pages in the cache: to the medium and the cached copy (fua=1), or written
		// and then flushed by the block layer (fua=0).
		for (unsigned int i = 100; i < 120; ++i)
			write(i, 2000 + i, BLKMQ_REQ_FUA);
		expect_all_read_back("after FUA writes");
		EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0}), Status::ok().raw());
		EXPECT_EQ(model::live_pages(), pages); // the cache is empty
		expect_all_read_back("flushed");
		nullblk_exit();
	}
}

TEST_F(NullblkTest, CacheSizeWithoutMemoryBackingIsIgnored) {
	nullblk_params params = defaults();
	params.cache_size = 16;
	ASSERT_EQ(nullblk_init(&params), 0);
	const std::vector<std::string> log = model::take_log();
	ASSERT_FALSE(log.empty());
	EXPECT_EQ(log[0], "nullb_cpp: cache_size option is ignored without memory backing");
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	EXPECT_FALSE(model::disk_config(disk).write_cache);
	// No write cache: a flush ends in the block layer, and FUA is cleared.
	EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0}), Status::ok().raw());
	nullblk_exit();
}

TEST_F(NullblkTest, VirtBoundaryIsThePageSize) {
	nullblk_params params = defaults();
	for (const bool virt_boundary : {false, true}) {
		params.virt_boundary = virt_boundary;
		ASSERT_EQ(nullblk_init(&params), 0);
		gendisk *disk = model::find_disk("nullb_cpp0");
		ASSERT_NE(disk, nullptr);
		EXPECT_EQ(model::disk_config(disk).virt_boundary_mask, virt_boundary ? BLKMQ_PAGE_SIZE - 1 : 0u);
		nullblk_exit();
	}
}

// mbps=1: a tick (20 ms) earns 20 KiB, so 50 writes of 4 KiB, 49 of which must be paid for
// before the last goes, need nine ticks' budget after the first: at least eight ticks pass
// from the first write (the first tick began at load). A lower bound only: how much longer it
// takes is the machine's business.
TEST_F(NullblkTest, MbpsHoldsTheDiskToItsBandwidth) {
	nullblk_params params = defaults();
	params.mbps = 1;
	ASSERT_EQ(nullblk_init(&params), 0);
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	const auto start = std::chrono::steady_clock::now();
	for (unsigned int i = 0; i < 50; ++i)
		ASSERT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_WRITE, .sector = i * 8, .bytes = 4096}),
			  Status::ok().raw());
	EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(8 * 20));
	// A request larger than a tick's budget still goes (C null_blk's would be refused for
	// ever), the debt paid from later ticks.
	EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_WRITE, .bytes = 128 * 1024}), Status::ok().raw());
	nullblk_exit();
}

TEST_F(NullblkTest, DiscardWithoutMemoryBackingIsIgnoredAsInC) {
	nullblk_params params = defaults();
	params.discard = true;
	ASSERT_EQ(nullblk_init(&params), 0);
	const std::vector<std::string> log = model::take_log();
	ASSERT_FALSE(log.empty());
	EXPECT_EQ(log[0], "nullb_cpp: discard option is ignored without memory backing");
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(model::disk_config(disk).max_discard_sectors, 0u);
	nullblk_exit();
}

TEST_F(NullblkTest, RejectsEachBadParameterAndLeavesNothing) {
	auto with = [](auto change) {
		nullblk_params params = defaults();
		change(params);
		return params;
	};
	expect_rejected(with([](nullblk_params &p) { p.poll_queues = 5; }), "poll_queues");
	expect_rejected(with([](nullblk_params &p) { p.queue_mode = 1; }), "queue_mode");
	expect_rejected(with([](nullblk_params &p) { p.queue_mode = 3; }), "queue_mode");
	expect_rejected(with([](nullblk_params &p) { p.home_node = 2; }), "home_node"); // offline
	expect_rejected(with([](nullblk_params &p) { p.home_node = -2; }), "home_node");
	expect_rejected(with([](nullblk_params &p) { p.max_sectors = 7; }), "max_sectors");
	expect_rejected(with([](nullblk_params &p) { p.nr_devices = 33; }), "nr_devices");
	expect_rejected(with([](nullblk_params &p) { p.gb = 0; }), "gb");
	expect_rejected(with([](nullblk_params &p) { p.gb = 1ul << 40; }), "gb");
	expect_rejected(with([](nullblk_params &p) { p.bs = 0; }), "bs");
	expect_rejected(with([](nullblk_params &p) { p.bs = 511; }), "bs");
	expect_rejected(with([](nullblk_params &p) { p.bs = 1000; }), "bs");
	expect_rejected(with([](nullblk_params &p) { p.bs = 8192; }), "bs");
	expect_rejected(with([](nullblk_params &p) { p.submit_queues = 0; }), "submit_queues");
	expect_rejected(with([](nullblk_params &p) { p.submit_queues = 5; }), "submit_queues");
	expect_rejected(with([](nullblk_params &p) { p.hw_queue_depth = 0; }), "hw_queue_depth");
	expect_rejected(with([](nullblk_params &p) { p.hw_queue_depth = 10241; }), "hw_queue_depth");
	expect_rejected(with([](nullblk_params &p) { p.irqmode = 3; }), "irqmode");
	expect_rejected(with([](nullblk_params &p) { p.irqmode = 7; }), "irqmode");
}

// timeout=, requeue=, init_hctx=: C null_blk's fault injection, on the model's fault attributes.
TEST_F(NullblkTest, AnInjectedTimeoutIsEndedByTheTimeoutHandler) {
	for (const unsigned int irqmode : {0u, 1u, 2u}) {
		nullblk_params params = defaults();
		params.irqmode = irqmode;
		params.hw_queue_depth = 1;    // the request that times out holds tag 0
		params.timeout = "1,100,0,1"; // the first request only
		ASSERT_EQ(nullblk_init(&params), 0);
		gendisk *disk = model::find_disk("nullb_cpp0");
		ASSERT_NE(disk, nullptr);
		model::Submission lost = model::submit(disk, {.op = BLKMQ_REQ_OP_READ});
		EXPECT_FALSE(lost.done());
		EXPECT_EQ(model::expire(disk, 0, 0), BLKMQ_EH_DONE);
		EXPECT_EQ(lost.wait(), Status::timeout().raw());
		EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_READ}), Status::ok().raw());
		nullblk_exit();
		const std::vector<std::string> log = model::take_log();
		EXPECT_NE(std::find(log.begin(), log.end(), "nullb_cpp: request 0 of queue 0 timed out"), log.end());
	}
}

TEST_F(NullblkTest, AnInjectedRequeueDispatchesTheRequestAgain) {
	nullblk_params params = defaults();
	params.requeue = "1,100,0,4"; // busy, requeued, busy, requeued, then served
	params.memory_backed = true;
	params.gb = 1;
	ASSERT_EQ(nullblk_init(&params), 0);
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	std::vector<std::byte> written(4096, std::byte{0x5a});
	model::Io write{.op = BLKMQ_REQ_OP_WRITE, .bytes = 4096};
	write.data = written;
	EXPECT_EQ(model::submit_and_wait(disk, write), Status::ok().raw());
	std::vector<std::byte> back(4096);
	model::Io read{.op = BLKMQ_REQ_OP_READ, .bytes = 4096};
	read.data = back;
	EXPECT_EQ(model::submit_and_wait(disk, read), Status::ok().raw());
	EXPECT_EQ(back, written);
	nullblk_exit();
}

// A plug of writes reaches Ops::queue_rqs as one batch; the requeues injected in it (busy
// before the start: left to the block layer; requeued after it) are settled, and every write
// lands: the pages read back are the pages written.
TEST_F(NullblkTest, APlugOfWritesThroughQueueRqsLandsWithInjectedRequeues) {
	nullblk_params params = defaults();
	params.requeue = "1,50,0,-1"; // half the dispatches, at random
	params.memory_backed = true;
	params.gb = 1;
	ASSERT_EQ(nullblk_init(&params), 0);
	gendisk *disk = model::find_disk("nullb_cpp0");
	ASSERT_NE(disk, nullptr);
	constexpr unsigned int pages = 16;
	std::vector<std::byte> written(pages * 4096);
	for (std::size_t i = 0; i < written.size(); ++i)
		written[i] = std::byte(i * 7 / 4096 + i);
	std::vector<model::Io> writes;
	for (unsigned int i = 0; i < pages; ++i) {
		writes.push_back({.op = BLKMQ_REQ_OP_WRITE, .sector = 8u * i, .bytes = 4096});
		writes.back().data = std::span(written).subspan(i * 4096, 4096);
	}
	for (const model::Submission &submission : model::submit_plugged(disk, writes))
		EXPECT_EQ(submission.wait(), Status::ok().raw());
	std::vector<std::byte> back(pages * 4096);
	model::Io read{.op = BLKMQ_REQ_OP_READ, .bytes = pages * 4096};
	read.data = back;
	EXPECT_EQ(model::submit_and_wait(disk, read), Status::ok().raw());
	EXPECT_EQ(back, written);
	nullblk_exit();
}

TEST_F(NullblkTest, AnInjectedInitHctxFailureFailsTheLoadAndLeavesNothing) {
	nullblk_params params = defaults();
	params.init_hctx = "1,100,0,1";
	EXPECT_EQ(nullblk_init(&params), -ENOMEM); // the block layer's answer to any init_hctx error
	EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
	model::take_log();
}

TEST_F(NullblkTest, RejectsABadFaultParameterAndLeavesNothing) {
	for (const char *parameter : {"timeout", "requeue", "init_hctx"}) {
		nullblk_params params = defaults();
		const std::string name = parameter;
		(name == "timeout" ? params.timeout : name == "requeue" ? params.requeue : params.init_hctx) = "1,100";
		EXPECT_EQ(nullblk_init(&params), -EINVAL);
		const std::vector<std::string> log = model::take_log();
		ASSERT_EQ(log.size(), 2u);
		EXPECT_EQ(log[0], "FAULT_INJECTION: failed to parse arguments");
		EXPECT_EQ(log[1], "nullb_cpp: " + name + "=1,100: must be <interval>,<probability>,<space>,<times>");
		EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
	}
}

// A failure half way (the third disk's add) removes the devices already added, and an
// allocation failure at the start leaves nothing either.
TEST_F(NullblkTest, FailureOnALaterDeviceUnwindsTheEarlierOnes) {
	nullblk_params params = defaults();
	params.nr_devices = 3;
	model::fail_add_disk_after(2, -EEXIST);
	EXPECT_EQ(nullblk_init(&params), -EEXIST);
	EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
	EXPECT_EQ(model::find_disk("nullb_cpp1"), nullptr);
	const std::vector<std::string> log = model::take_log();
	ASSERT_EQ(log.size(), 1u);
	EXPECT_EQ(log[0], "nullb_cpp: adding device 2 failed: -17");

	model::fail_next_alloc();
	EXPECT_EQ(nullblk_init(&params), -ENOMEM);
	EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
}

} // namespace

// The configfs tree, /sys/kernel/config/nullb_cpp, as user space drives it (C null_blk's
// /sys/kernel/config/nullb).
class NullblkConfigfsTest : public NullblkTest {
protected:
	static std::string read(const std::string &path) {
		std::string text;
		EXPECT_GT(model::configfs_read("nullb_cpp/" + path, text), 0) << path;
		return text;
	}
	static long write(const std::string &path, const std::string &text) {
		return model::configfs_write("nullb_cpp/" + path, text);
	}
	static bool reads_empty(const std::string &path) {
		std::string text;
		return model::configfs_read("nullb_cpp/" + path, text) == 0 && text.empty();
	}
	static int mkdir(const std::string &name) { return model::configfs_mkdir("nullb_cpp/" + name); }
	static int rmdir(const std::string &name) { return model::configfs_rmdir("nullb_cpp/" + name); }
};

TEST_F(NullblkConfigfsTest, AGroupStartsFromTheModuleParametersAndListsItsFiles) {
	nullblk_params params = defaults();
	params.nr_devices = 0; // as blktests loads C null_blk: the disks come from configfs
	params.gb = 4;
	params.bs = 4096;
	params.irqmode = 2;
	ASSERT_EQ(nullblk_init(&params), 0);
	EXPECT_EQ(model::find_disk("nullb_cpp0"), nullptr);
	EXPECT_EQ(read("features"), "size,completion_nsec,submit_queues,poll_queues,queue_mode,blocksize,"
				    "max_sectors,irqmode,hw_queue_depth,index,blocking,use_per_node_hctx,power,"
				    "memory_backed,discard,mbps,cache_size,badblocks,badblocks_once,"
				    "badblocks_partial_io,virt_boundary,no_sched,shared_tags,shared_tag_bitmap,fua,"
				    "rotational\n");
	ASSERT_EQ(mkdir("disk"), 0);
	EXPECT_EQ(read("disk/size"), "4096\n"); // MiB, as C null_blk's
	EXPECT_EQ(read("disk/blocksize"), "4096\n");
	EXPECT_EQ(read("disk/irqmode"), "2\n");
	EXPECT_EQ(read("disk/fua"), "1\n");
	EXPECT_EQ(read("disk/power"), "0\n");
	EXPECT_EQ(read("disk/index"), "0\n");
	EXPECT_EQ(write("disk/size", "0x40\n"), 5); // kstrtoul's bases, as C
	EXPECT_EQ(read("disk/size"), "64\n");
	EXPECT_EQ(write("disk/no_sched", "y\n"), 2); // a bool file, as C's
	EXPECT_EQ(read("disk/no_sched"), "1\n");
	EXPECT_EQ(write("disk/irqmode", "-1\n"), -EINVAL);
	EXPECT_EQ(write("disk/fua", "maybe\n"), -EINVAL);
	EXPECT_EQ(read("disk/irqmode"), "2\n");
	EXPECT_EQ(rmdir("disk"), 0);
	nullblk_exit();
	EXPECT_EQ(model::live_configfs_subsystems(), 0u);
}

TEST_F(NullblkConfigfsTest, PowerMakesTheDiskNamedAfterTheGroupAndRemovesIt) {
	nullblk_params params = defaults(); // one module disk, nullb_cpp0, at index 0
	ASSERT_EQ(nullblk_init(&params), 0);
	ASSERT_EQ(mkdir("fast"), 0);
	EXPECT_EQ(write("fast/size", "16"), 2);
	EXPECT_EQ(write("fast/blocksize", "4096"), 4);
	EXPECT_EQ(write("fast/memory_backed", "1"), 1);
	for (int cycle = 0; cycle < 2; ++cycle) {
		ASSERT_EQ(write("fast/power", "1\n"), 2);
		EXPECT_EQ(read("fast/power"), "1\n");
		EXPECT_EQ(read("fast/index"), "1\n"); // the lowest free one
		gendisk *disk = model::find_disk("fast");
		ASSERT_NE(disk, nullptr);
		EXPECT_EQ(model::disk_config(disk).capacity_sectors, 16u << 11);
		EXPECT_EQ(model::disk_config(disk).logical_block_size, 4096u);
		std::vector<std::byte> written = pattern(4096, 7);
		model::Io write_io{.op = BLKMQ_REQ_OP_WRITE, .sector = 8, .bytes = 4096};
		write_io.data = written;
		EXPECT_EQ(model::submit_and_wait(disk, write_io), Status::ok().raw());
		std::vector<std::byte> back(4096);
		model::Io read_io{.op = BLKMQ_REQ_OP_READ, .sector = 8, .bytes = 4096};
		read_io.data = back;
		EXPECT_EQ(model::submit_and_wait(disk, read_io), Status::ok().raw());
		EXPECT_EQ(back, written);
		EXPECT_EQ(write("fast/power", "1\n"), 2); // already on: nothing changes
		ASSERT_EQ(write("fast/power", "0\n"), 2);
		EXPECT_EQ(model::find_disk("fast"), nullptr);
		EXPECT_EQ(model::live_pages(), 0u);
	}
	ASSERT_EQ(write("fast/power", "1\n"), 2);
	EXPECT_EQ(rmdir("fast"), 0); // removes the disk
	EXPECT_EQ(model::find_disk("fast"), nullptr);
	EXPECT_NE(model::find_disk("nullb_cpp0"), nullptr);
	nullblk_exit();
}

TEST_F(NullblkConfigfsTest, ASettingIsParsedThenBusyWhilePowered) {
	nullblk_params params = defaults();
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	ASSERT_EQ(mkdir("disk"), 0);
	ASSERT_EQ(write("disk/power", "1"), 1);
	EXPECT_EQ(write("disk/blocksize", "four\n"), -EINVAL);
	EXPECT_EQ(write("disk/blocksize", "4096\n"), -EBUSY);
	EXPECT_EQ(write("disk/size", "1\n"), -EBUSY);
	EXPECT_EQ(write("disk/index", "3\n"), -EBUSY);
	EXPECT_EQ(read("disk/blocksize"), "512\n");
	ASSERT_EQ(write("disk/power", "0"), 1);
	EXPECT_EQ(write("disk/blocksize", "4096\n"), 5);
	EXPECT_EQ(read("disk/blocksize"), "4096\n");
	EXPECT_EQ(rmdir("disk"), 0);
	nullblk_exit();
}

// power=1 checks the group's settings as insmod checks the parameters, with a message
// naming the group and the file, and makes nothing when one is wrong.
TEST_F(NullblkConfigfsTest, ABadSettingRefusesPowerOnAndLeavesNothing) {
	nullblk_params params = defaults();
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	ASSERT_EQ(mkdir("disk"), 0);
	auto expect_refused = [](const std::string &file, const std::string &value, const std::string &good) {
		ASSERT_GT(write("disk/" + file, value), 0) << file;
		EXPECT_EQ(write("disk/power", "1"), -EINVAL) << file;
		const std::vector<std::string> log = model::take_log();
		ASSERT_EQ(log.size(), 1u) << file;
		EXPECT_EQ(log[0].rfind("nullb_cpp: disk: " + file + "=" + value + ":", 0), 0u) << log[0];
		EXPECT_EQ(read("disk/power"), "0\n");
		EXPECT_EQ(model::find_disk("disk"), nullptr);
		ASSERT_GT(write("disk/" + file, good), 0) << file;
	};
	expect_refused("blocksize", "1000", "512");
	expect_refused("size", "0", "1024");
	expect_refused("submit_queues", "5", "1"); // 4 CPUs
	expect_refused("hw_queue_depth", "0", "64");
	expect_refused("irqmode", "3", "1");
	expect_refused("queue_mode", "1", "2");
	expect_refused("max_sectors", "7", "0");
	EXPECT_EQ(write("disk/power", "1"), 1);
	EXPECT_NE(model::find_disk("disk"), nullptr);
	EXPECT_EQ(rmdir("disk"), 0);
	nullblk_exit();
}

// A disk's name is taken: by a module disk at mkdir (C's null_find_dev_by_name), and by
// another group's disk when two names agree in the 31 characters a disk's name keeps.
TEST_F(NullblkConfigfsTest, ADiskNameIsTakenOnce) {
	nullblk_params params = defaults();
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	EXPECT_EQ(mkdir("nullb_cpp0"), -EEXIST);
	const std::string prefix(31, 'n');
	ASSERT_EQ(mkdir(prefix + "-a"), 0);
	ASSERT_EQ(mkdir(prefix + "-b"), 0);
	ASSERT_EQ(write(prefix + "-a/power", "1"), 1);
	EXPECT_NE(model::find_disk(prefix), nullptr);
	EXPECT_EQ(write(prefix + "-b/power", "1"), -EEXIST);
	const std::vector<std::string> log = model::take_log();
	ASSERT_EQ(log.size(), 1u);
	EXPECT_EQ(log[0], "nullb_cpp: " + prefix + ": a disk of that name exists");
	EXPECT_EQ(read(prefix + "-b/power"), "0\n");
	EXPECT_EQ(rmdir(prefix + "-a"), 0);
	EXPECT_EQ(write(prefix + "-b/power", "1"), 1);
	EXPECT_EQ(rmdir(prefix + "-b"), 0);
	nullblk_exit();
}

TEST_F(NullblkConfigfsTest, TheThirtyThirdDiskFindsNoIndex) {
	nullblk_params params = defaults();
	params.nr_devices = 32;
	params.gb = 1;
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	ASSERT_EQ(mkdir("one-more"), 0);
	EXPECT_EQ(write("one-more/power", "1"), -ENOSPC);
	EXPECT_EQ(model::take_log(), std::vector<std::string>{"nullb_cpp: one-more: all 32 disks exist"});
	EXPECT_EQ(rmdir("one-more"), 0);
	nullblk_exit();
}

// Groups with shared_tags=1 share one tag set, made from the module's parameters when the
// first of them powers on; memory backing needs that tag set blocking.
TEST_F(NullblkConfigfsTest, SharedTagGroupsShareTheModulesTagSet) {
	nullblk_params params = defaults();
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	for (const char *name : {"a", "b"}) {
		ASSERT_EQ(mkdir(name), 0);
		ASSERT_EQ(write(std::string(name) + "/shared_tags", "1"), 1);
		ASSERT_EQ(write(std::string(name) + "/power", "1"), 1);
	}
	EXPECT_EQ(model::live_tag_sets(), 1u);
	for (const char *name : {"a", "b"})
		EXPECT_EQ(model::submit_and_wait(model::find_disk(name), {.sector = 8}), Status::ok().raw());
	ASSERT_EQ(mkdir("backed"), 0);
	ASSERT_EQ(write("backed/shared_tags", "1"), 1);
	ASSERT_EQ(write("backed/memory_backed", "1"), 1);
	EXPECT_EQ(write("backed/power", "1"), -EINVAL);
	const std::vector<std::string> log = model::take_log();
	ASSERT_EQ(log.size(), 1u);
	EXPECT_EQ(log[0].rfind("nullb_cpp: backed: memory_backed=1 with shared_tags=1", 0), 0u) << log[0];
	for (const char *name : {"a", "b", "backed"})
		EXPECT_EQ(rmdir(name), 0);
	EXPECT_EQ(model::live_tag_sets(), 1u); // kept until unload
	nullblk_exit();
}

// submit_queues and poll_queues change a powered disk's queues live, as C null_blk's; the
// rules are C's: not on the shared tag set, 1 to the CPUs, poll queues up to the module's.
TEST_F(NullblkConfigfsTest, SubmitAndPollQueuesChangeWhilePowered) {
	nullblk_params params = defaults(); // 4 CPUs, poll_queues=1
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	ASSERT_EQ(mkdir("disk"), 0);
	ASSERT_EQ(write("disk/memory_backed", "1"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);
	gendisk *disk = model::find_disk("disk");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(model::nr_hw_queues(disk), 2u); // one submit queue and the poll queue
	std::vector<std::byte> written = pattern(4096, 3);
	model::Io write_io{.op = BLKMQ_REQ_OP_WRITE, .sector = 8, .bytes = 4096};
	write_io.data = written;
	ASSERT_EQ(model::submit_and_wait(disk, write_io), Status::ok().raw());

	ASSERT_EQ(write("disk/submit_queues", "3\n"), 2);
	EXPECT_EQ(read("disk/submit_queues"), "3\n");
	EXPECT_EQ(model::nr_hw_queues(disk), 4u);
	// The data is the disk's, not its queues': every queue reads it back.
	for (unsigned int qid = 0; qid < 3; ++qid) {
		std::vector<std::byte> back(4096);
		model::Io read_io{.op = BLKMQ_REQ_OP_READ, .sector = 8, .bytes = 4096, .hw_queue = qid};
		read_io.data = back;
		EXPECT_EQ(model::submit_and_wait(disk, read_io), Status::ok().raw()) << qid;
		EXPECT_EQ(back, written) << qid;
	}
	ASSERT_EQ(write("disk/poll_queues", "0\n"), 2);
	EXPECT_EQ(model::nr_hw_queues(disk), 3u);

	EXPECT_EQ(write("disk/submit_queues", "0\n"), -EINVAL);
	EXPECT_EQ(write("disk/submit_queues", "5\n"), -EINVAL);
	EXPECT_EQ(write("disk/poll_queues", "2\n"), -EINVAL);
	EXPECT_EQ(write("disk/poll_queues", "many\n"), -EINVAL);
	EXPECT_EQ(model::take_log(),
		  (std::vector<std::string>{
			  "nullb_cpp: disk: submit_queues=0: must be 1 to 4 (the number of CPUs)",
			  "nullb_cpp: disk: submit_queues=5: must be 1 to 4 (the number of CPUs)",
			  "nullb_cpp: disk: poll_queues=2: must be 0 to 1 (the module's poll_queues)",
		  }));
	EXPECT_EQ(read("disk/submit_queues"), "3\n");
	EXPECT_EQ(read("disk/poll_queues"), "0\n");
	EXPECT_EQ(model::nr_hw_queues(disk), 3u);

	// The block layer keeps the old queues when it cannot make the new ones: so does the file.
	model::fail_next_alloc();
	EXPECT_EQ(write("disk/submit_queues", "2\n"), -ENOMEM);
	EXPECT_EQ(read("disk/submit_queues"), "3\n");
	EXPECT_EQ(model::nr_hw_queues(disk), 3u);

	// Down, the values are only stored, and the next power-on uses them.
	ASSERT_EQ(write("disk/power", "0"), 1);
	ASSERT_EQ(write("disk/submit_queues", "1"), 1);
	ASSERT_EQ(write("disk/poll_queues", "1"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);
	EXPECT_EQ(model::nr_hw_queues(model::find_disk("disk")), 2u);

	// No poll map in a tag set made without poll queues; none above the module's at power-on.
	ASSERT_EQ(write("disk/power", "0"), 1);
	ASSERT_EQ(write("disk/poll_queues", "0"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);
	EXPECT_EQ(write("disk/poll_queues", "1"), -EINVAL);
	ASSERT_EQ(write("disk/power", "0"), 1);
	ASSERT_EQ(write("disk/poll_queues", "2"), 1);
	EXPECT_EQ(write("disk/power", "1"), -EINVAL);
	EXPECT_EQ(model::take_log(),
		  (std::vector<std::string>{
			  "nullb_cpp: disk: poll_queues=1: the disk was made without poll queues "
			  "(power it off and on to have some)",
			  "nullb_cpp: disk: poll_queues=2: must be 0 to 1 (the module's poll_queues)",
		  }));
	ASSERT_EQ(write("disk/poll_queues", "1"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);

	ASSERT_EQ(mkdir("shared"), 0);
	ASSERT_EQ(write("shared/shared_tags", "1"), 1);
	ASSERT_EQ(write("shared/power", "1"), 1);
	EXPECT_EQ(write("shared/submit_queues", "2"), -EINVAL);
	EXPECT_EQ(model::take_log(),
		  (std::vector<std::string>{
			  "nullb_cpp: shared: the queues of a disk on the shared tag set cannot change",
		  }));
	for (const char *name : {"disk", "shared"})
		EXPECT_EQ(rmdir(name), 0);
	nullblk_exit();
}

// The badblocks files, as C null_blk's: ranges parsed and listed, changed while powered, a
// request that touches one failed, badblocks_once and badblocks_partial_io as in C from 6.15.
TEST_F(NullblkConfigfsTest, BadBlocksFailWhatTouchesThem) {
	nullblk_params params = defaults();
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	ASSERT_EQ(mkdir("disk"), 0);
	ASSERT_EQ(write("disk/size", "16"), 2);
	ASSERT_EQ(write("disk/memory_backed", "1"), 1);
	EXPECT_TRUE(reads_empty("disk/badblocks"));
	for (const char *bad : {"16-23", "+23-16", "+a-b", "+8", "*8-15", "+8-15-", "\n"})
		EXPECT_EQ(write("disk/badblocks", bad), -EINVAL) << bad;
	EXPECT_EQ(write("disk/badblocks", "+1-99999999999999999999999"), -ERANGE);
	EXPECT_EQ(write("disk/badblocks", "  +0x10-23\n"), 11) << "hex and blanks around, as kstrtoull and strstrip";
	EXPECT_EQ(read("disk/badblocks"), "16 8\n");
	ASSERT_EQ(write("disk/power", "1"), 1);
	gendisk *disk = model::find_disk("disk");
	ASSERT_NE(disk, nullptr);
	auto io = [&](std::uint32_t op, std::uint64_t sector, std::vector<std::byte> &data) {
		model::Io request{.op = op, .sector = sector, .bytes = static_cast<std::uint32_t>(data.size())};
		request.data = data;
		return model::submit_and_wait(disk, request);
	};
	std::vector<std::byte> page = pattern(4096, 3);
	EXPECT_EQ(io(BLKMQ_REQ_OP_WRITE, 8, page), Status::ok().raw()) << "sectors 8 to 15 are good";
	EXPECT_EQ(io(BLKMQ_REQ_OP_WRITE, 12, page), Status::io_error().raw()) << "sectors 16 to 19 are bad";
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 16, page), Status::io_error().raw());
	EXPECT_EQ(model::submit_and_wait(disk, {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0}), Status::ok().raw())
		<< "a flush touches no sector";

	// Changed while powered: the disk's requests see it at once.
	EXPECT_EQ(write("disk/badblocks", "-16-23"), 6);
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 16, page), Status::ok().raw());
	EXPECT_EQ(write("disk/badblocks", "+40-47"), 6);
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 40, page), Status::io_error().raw());
	EXPECT_EQ(write("disk/badblocks_once", "1"), -EBUSY);

	// Kept across a power cycle; badblocks_once: the entry hit is good after the first failure.
	ASSERT_EQ(write("disk/power", "0"), 1);
	ASSERT_EQ(write("disk/badblocks_once", "1"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);
	disk = model::find_disk("disk");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(read("disk/badblocks"), "40 8\n");
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 40, page), Status::io_error().raw());
	EXPECT_TRUE(reads_empty("disk/badblocks"));
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 40, page), Status::ok().raw());

	// badblocks_partial_io: what comes before the first bad block is written, and the write
	// fails all the same.
	ASSERT_EQ(write("disk/power", "0"), 1);
	ASSERT_EQ(write("disk/badblocks_once", "0"), 1);
	ASSERT_EQ(write("disk/badblocks_partial_io", "1"), 1);
	ASSERT_EQ(write("disk/power", "1"), 1);
	disk = model::find_disk("disk");
	ASSERT_NE(disk, nullptr);
	EXPECT_EQ(write("disk/badblocks", "+68-71"), 6);
	std::vector<std::byte> written = pattern(4096, 9);
	EXPECT_EQ(io(BLKMQ_REQ_OP_WRITE, 64, written), Status::io_error().raw());
	std::vector<std::byte> back(2048);
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 64, back), Status::ok().raw());
	EXPECT_TRUE(std::equal(back.begin(), back.end(), written.begin())) << "the sectors before the bad block";
	EXPECT_EQ(write("disk/badblocks", "-68-71"), 6);
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 68, back), Status::ok().raw());
	EXPECT_EQ(back, std::vector<std::byte>(2048)) << "from the bad block on nothing was written";
	EXPECT_EQ(rmdir("disk"), 0);

	// With 4 KiB blocks, what is served stops at the block that holds the first bad sector.
	ASSERT_EQ(mkdir("big"), 0);
	ASSERT_EQ(write("big/size", "16"), 2);
	ASSERT_EQ(write("big/blocksize", "4096"), 4);
	ASSERT_EQ(write("big/memory_backed", "1"), 1);
	ASSERT_EQ(write("big/badblocks_partial_io", "1"), 1);
	ASSERT_EQ(write("big/badblocks", "+13-13"), 6); // in block 1, sectors 8 to 15
	ASSERT_EQ(write("big/power", "1"), 1);
	disk = model::find_disk("big");
	ASSERT_NE(disk, nullptr);
	std::vector<std::byte> blocks = pattern(4 * 4096, 5);
	EXPECT_EQ(io(BLKMQ_REQ_OP_WRITE, 0, blocks), Status::io_error().raw());
	ASSERT_EQ(write("big/badblocks", "-13-13"), 6);
	std::vector<std::byte> block(4096);
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 0, block), Status::ok().raw());
	EXPECT_TRUE(std::equal(block.begin(), block.end(), blocks.begin())) << "block 0, before the bad block's";
	EXPECT_EQ(io(BLKMQ_REQ_OP_READ, 8, block), Status::ok().raw());
	EXPECT_EQ(block, std::vector<std::byte>(4096)) << "block 1 holds the bad sector: not written";
	EXPECT_EQ(rmdir("big"), 0);
	nullblk_exit();
}

// A full table refuses a range with a message; the file and the disk stay as they were.
TEST_F(NullblkConfigfsTest, AFullBadBlocksTableRefusesARange) {
	nullblk_params params = defaults();
	params.nr_devices = 0;
	ASSERT_EQ(nullblk_init(&params), 0);
	model::take_log();
	ASSERT_EQ(mkdir("disk"), 0);
	for (unsigned int n = 0; n < 512; ++n) {
		const std::string range = "+" + std::to_string(2 * n) + "-" + std::to_string(2 * n);
		ASSERT_EQ(write("disk/badblocks", range), static_cast<long>(range.size())) << range;
	}
	const std::string listed = read("disk/badblocks");
	EXPECT_EQ(write("disk/badblocks", "+5000-5000"), -EINVAL);
	EXPECT_EQ(model::take_log(),
		  std::vector<std::string>{"nullb_cpp: disk: badblocks: +5000-5000: the table is full"});
	EXPECT_EQ(read("disk/badblocks"), listed);
	// The table is made at the first write: no memory for it is that write's error.
	ASSERT_EQ(mkdir("other"), 0);
	model::fail_next_alloc();
	EXPECT_EQ(write("other/badblocks", "+0-7"), -ENOMEM);
	EXPECT_TRUE(reads_empty("other/badblocks"));
	EXPECT_EQ(write("other/badblocks", "+0-7"), 4);
	EXPECT_EQ(read("other/badblocks"), "0 8\n");
	EXPECT_EQ(rmdir("other"), 0);
	EXPECT_EQ(rmdir("disk"), 0);
	nullblk_exit();
}
