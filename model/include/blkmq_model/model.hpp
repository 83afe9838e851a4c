// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The userspace model of the block layer, as a test sees it.
//
// The model implements the C boundary (include/blkmq/sys.h) the way blk-mq behaves, and
// checks every rule a driver and the library must keep: request states (free, held by
// the block layer, dispatched, in flight, completing), tags per hardware queue, queue
// depth, the PDU reference count, per-request data construction and destruction, disk
// add / delete / put, and allocations. A broken rule is recorded as a violation, never
// an abort, so a test can assert both that correct code records none and that a given
// misuse records the right one.
//
// I/O is submitted from the calling thread (queue_rq runs on it, as for a plugged
// submit_bio); completions may come from any thread, and blk_mq_complete_request_remote
// can be made to complete on the model's own "softirq" thread.
#pragma once

#include <blkmq/sys.h>
#include <blkmq_layout.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace blkmq::model {

struct Io {
	unsigned int op = BLKMQ_REQ_OP_READ;
	std::uint64_t sector = 0;
	std::uint32_t bytes = 4096;
	std::uint32_t flags = 0; // BLKMQ_REQ_* besides the op
	unsigned int hw_queue = 0;
	// The data a read or write moves, exactly `bytes` long: what a write carries to the
	// driver, and where a read's data lands when the request ends (so it must outlive the
	// request). Empty: the request has no pages, and its segments are empty.
	std::span<std::byte> data = {};
	// How the block layer lays the data out: each bio's bytes (empty: one bio of all of
	// them), bio_vecs of at most max_bvec_bytes (a bio_vec may span pages), the data
	// starting page_offset bytes into its first page.
	std::vector<std::uint32_t> bio_bytes = {};
	std::uint32_t max_bvec_bytes = 4 * BLKMQ_PAGE_SIZE;
	std::uint32_t page_offset = 0;
};

namespace detail {
struct Completion;
}

// The fate of one submitted I/O.
class Submission {
public:
	explicit Submission(std::shared_ptr<detail::Completion> completion) : completion_(std::move(completion)) {}

	bool done() const;
	// Waits until the request ends; its status, or nothing after @timeout (recorded as a
	// violation: a request the driver never ended).
	std::optional<blkmq_status_t> wait(std::chrono::milliseconds timeout = std::chrono::seconds(10)) const;

private:
	std::shared_ptr<detail::Completion> completion_;
};

// An added, not yet deleted disk with this name, or null.
gendisk *find_disk(std::string_view name);
unsigned int nr_hw_queues(const gendisk *disk);
// The map hardware queue @qid of @disk is in (BLKMQ_HCTX_TYPE_*), as blk_mq_map_swqueue set it.
unsigned short hw_queue_type(const gendisk *disk, unsigned int qid);
// What the disk was created with (name, capacity, block sizes, rotational...).
const blkmq_disk_config &disk_config(const gendisk *disk);

// Dispatches @io to the driver on this thread, as the block layer does: takes a tag
// (waiting while the queue is full), calls queue_rq, requeues on a busy answer and ends
// the request itself on an error answer. REQ_PREFLUSH and REQ_FUA are what the disk makes
// of them: cleared without a volatile write cache (and a flush then ends without reaching
// the driver); with one, a flush request before the data for REQ_PREFLUSH and, unless the
// disk supports FUA, one after it for REQ_FUA. Such a sequence runs to its end, each
// request once the one before it has ended, before submit() returns.
Submission submit(gendisk *disk, const Io &io);
std::optional<blkmq_status_t> submit_and_wait(gendisk *disk, const Io &io);
// Dispatches several requests in one batch: is_last is set on the final one only, and
// commit_rqs is called when the batch stops early (a busy answer before the last) or when
// queue_rq failed one of its requests, as blk_mq_dispatch_rq_list() does. A flush, or a
// write that would need a flush sequence, is a violation here.
std::vector<Submission> submit_batch(gendisk *disk, std::span<const Io> ios);
// Flushes a plug of several I/Os to a disk without a scheduler, as blk_mq_flush_plug_list()
// does: all of them to queue_rqs as one list when the driver has it, then what it left, or all of them without it, one
// by one through queue_rq. The driver's queue_rqs must leave only requests of the batch it never started, and start or
// leave every request it takes. No flushes, as in submit_batch(), and no more I/Os for a
// queue than its depth (the kernel would flush the plug to get a tag; here get_tag waits).
std::vector<Submission> submit_plugged(gendisk *disk, std::span<const Io> ios);

// What blk_mq_complete_request_remote() does: false (default) completes inline (it
// returns false); true sends the completion to the model's softirq thread.
void set_remote_completion(bool remote);

// Who calls the driver's poll: io_uring, which passes a completion batch and ends its
// requests after the poll, or a synchronous poller, which passes none.
enum class PollCaller { Batching, Synchronous };
// Runs the driver's poll for hardware queue @qid; what it returns.
int poll(gendisk *disk, unsigned int qid, PollCaller caller = PollCaller::Batching);
// How many requests drivers have put into a poll's completion batch so far.
std::size_t batched_requests();
// Runs the block layer's timeout handling for the request holding @tag on @qid; the
// enum blk_eh_timer_return value, or nothing if no such request is in flight.
std::optional<unsigned int> expire(gendisk *disk, unsigned int qid, unsigned int tag);

// The threads that run work items (UniqueRequest::queue_work()): so many callbacks can run
// at once, and one more item queued waits for one of them.
inline constexpr unsigned int workqueue_threads = 4;

// Fault injection: the next call fails with @negative_errno.
void fail_next_alloc();
void fail_next_add_disk(int negative_errno);
// The same after @successes more device_add_disk calls have succeeded.
void fail_add_disk_after(unsigned int successes, int negative_errno);
void fail_next_init_request();

// Every line the driver or library logged (_printk) since the last call, oldest first,
// without the level prefix or the trailing newline.
std::vector<std::string> take_log();

// Every violation recorded since the last call, oldest first.
std::vector<std::string> take_violations();

// configfs as user space reaches it, by path under /sys/kernel/config: "nullb" a
// subsystem, "nullb/features" its attribute, "nullb/dev0" a group, "nullb/dev0/size" the
// group's attribute. Each returns what the system call would: 0 or the bytes read or written,
// or a negative errno (-ENOENT for no such file, -EACCES for a read of a file without show or
// a write of one without store, a show's or store's own error). A write is one write() of
// @text, cut at a page less one byte as configfs cuts it; a read is the whole file.
int configfs_mkdir(std::string_view path);
int configfs_rmdir(std::string_view path);
long configfs_read(std::string_view path, std::string &text);
long configfs_write(std::string_view path, std::string_view text);

// What is still alive: allocations made through blkmq_alloc, tag sets, disks. A test's
// teardown expects all zero.
std::size_t live_allocations();
std::size_t live_tag_sets();
std::size_t live_disks();
std::size_t live_pages();      // blkmq_alloc_page'd, not yet freed
std::size_t live_xarrays();    // initialised, not yet destroyed
std::size_t live_bad_blocks(); // badblocks tables made, not yet destroyed
std::size_t live_configfs_subsystems();
// kmap_local_page() mappings of the calling thread not yet undone.
std::size_t live_local_mappings();

// Records a violation (for the model's own checks and for drivers' test helpers).
void record_violation(std::string message);

} // namespace blkmq::model
