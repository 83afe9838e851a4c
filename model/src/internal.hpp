// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The model's private side of the kernel objects: what the block layer keeps about each
// request, tag set and disk beyond the fields the library reads.
#pragma once

#include <blkmq_model/kernel_structs.h>
#include <blkmq_model/model.hpp>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace blkmq::model {

enum class RqState : int {
	Free,       // no tag: the block layer's
	Held,       // tagged, held by the block layer (before dispatch, or requeued)
	Dispatched, // passed to queue_rq, not started: the driver's
	InFlight,   // started: the driver's
	Completing, // blk_mq_complete_request_remote() ran: the driver's until it ends it
	Batched,    // in a poll's completion batch: the block layer's, ended after the poll
};
const char *state_name(RqState state);

namespace detail {
struct Completion {
	std::mutex mutex;
	std::condition_variable ended;
	bool done = false;
	blkmq_status_t status = 0;
	void finish(blkmq_status_t status);
};
} // namespace detail

// A request's bios and the pages they point into, as the block layer would have built them.
struct RequestPages {
	std::span<std::byte> data; // the submitter's
	bool copy_back;            // a read: data gets the pages' bytes at the end
	std::vector<unsigned char> backing;
	unsigned char *start; // where the data begins in backing
	std::vector<page> pages;
	std::vector<std::vector<bio_vec>> vecs;
	std::vector<bio> bios;
};

// The model's bookkeeping for one request (rq->model_request).
struct ModelRequest {
	blk_mq_tag_set *set;
	unsigned int pool;
	std::shared_ptr<detail::Completion> completion;
	std::unique_ptr<RequestPages> pages;
	// Timeout handlers running on it (set->mutex): its tag stays taken meanwhile.
	unsigned int timeout_refs = 0;

	static ModelRequest &of(const request *rq) { return *static_cast<ModelRequest *>(rq->model_request); }
};

RqState state_of(const request *rq);
void set_state(request *rq, RqState state);
// The library's ARef reference count, from the first word of the PDU.
unsigned long pdu_refcount(const request *rq);

// Gives @rq the bios of @io's data; violations for data that does not match the request.
void attach_data(request *rq, const Io &io);
// Copies a read's data back to the submitter and frees the bios: a segment kept past the
// request's end then points into freed memory, which AddressSanitizer reports.
void detach_data(request *rq);

// Whether @rq is a request of a live tag set.
bool is_live_request(const request *rq);
void register_requests(const std::vector<request *> &requests);
void unregister_requests(const std::vector<request *> &requests);

// Execution context, as lockdep and might_sleep() see it. The model's softirq and timer
// threads run their callbacks in interrupt context; a non-blocking tag set's queue_rq runs in
// an atomic section (the block layer holds the RCU read lock around it); each spin lock held
// is one. Sleeping there (a mutex, an allocation that may sleep) is a violation.
class AtomicSection {
public:
	explicit AtomicSection(bool atomic = true);
	~AtomicSection();
	AtomicSection(const AtomicSection &) = delete;
	AtomicSection &operator=(const AtomicSection &) = delete;

private:
	bool atomic_;
};
// Softirq runs with interrupts on, a hard interrupt (a timer's callback) with them off.
enum class Interrupt { Soft, Hard };
class InterruptContext {
public:
	explicit InterruptContext(Interrupt kind);
	~InterruptContext();
	InterruptContext(const InterruptContext &) = delete;
	InterruptContext &operator=(const InterruptContext &) = delete;

private:
	AtomicSection atomic_;
	Interrupt kind_;
};
bool in_interrupt();
// Records a violation if the calling thread runs with interrupts off (a hard interrupt, a spin
// lock taken with spin_lock_irqsave held); @operation names the call that turns them on.
void check_interrupts_on(const char *operation);
// Whether the object @init_key belongs to was set up by its init call, which stores @key there;
// else records that @operation got @object ("a timer") that was never set up.
bool check_set_up(unsigned int init_key, unsigned int key, const char *operation, const char *object);
// Records a violation if the calling thread may not sleep here; @operation names the call.
void check_may_sleep(const char *operation);
// The same for an allocation with @gfp, which may sleep unless it is GFP_ATOMIC.
void check_allocation_context(unsigned int gfp, const char *operation);

bool take_injected_alloc_failure();
bool take_injected_init_request_failure();
int take_injected_add_disk_failure();

} // namespace blkmq::model

// The fields the library reads (ops, driver_data) first, where it finds them.
struct blk_mq_tag_set : blkmq_model_tag_set_fields {
	blkmq_tag_set_config config;
	unsigned int nr_hw_queues; // of all maps
	// The maps (HCTX_TYPE_DEFAULT, READ, POLL in the kernel) that blkmq_map_queues laid out.
	struct QueueMap {
		unsigned int nr_queues = 0;
		unsigned int queue_offset = 0;
	};
	unsigned int nr_maps = 1;
	QueueMap maps[3];
	bool shared_tags;
	// pools[p][tag]; one pool per hardware queue, or one for all with shared tags.
	std::vector<std::vector<request *>> pools;
	// Where each pool's search for a free tag starts: the tag after the one last handed
	// out. The block layer's sbitmap spreads tags the same way, so a request kept past its
	// end is not reused at once by the next I/O, where its reads would look legitimate.
	std::vector<unsigned int> next_tag;
	// Each request's struct request and PDU, and its bookkeeping, pool by pool.
	std::vector<std::vector<std::unique_ptr<unsigned char[]>>> memory;
	std::vector<std::vector<std::unique_ptr<blkmq::model::ModelRequest>>> bookkeeping;
	std::mutex mutex;
	// Signalled when a request ends: a tag is free, a requeue may succeed, a freeze may be done.
	std::condition_variable request_ended;
	// Signalled when the disks are unfrozen: I/O waiting to enter may go.
	std::condition_variable unfrozen;
	// Signalled when a disk is unquiesced, or a dispatch returns: a dispatch or a quiesce
	// waiting may go.
	std::condition_variable dispatch_gate;
	// Serialises blkmq_tag_set_update_nr_hw_queues() with itself and with disks joining and
	// leaving the set (the kernel's tag_list_lock); taken before mutex. An update changes
	// pools, nr_hw_queues, config and each disk's hctxs without mutex, while its disks are
	// frozen and nothing of theirs is in flight or polled.
	std::mutex update_mutex;
	std::vector<gendisk *> disks;
	// The creator's reference and one per disk (blkmq_disk_create / blkmq_disk_put).
	unsigned int refs = 1;

	unsigned int pool_of(unsigned int qid) const { return shared_tags ? 0 : qid; }
};

// What the block layer's poll caller collects (io_comp_batch::req_list).
struct io_comp_batch {
	std::vector<request *> requests;
};

struct gendisk {
	blk_mq_tag_set *set;
	request_queue queue;
	std::vector<std::unique_ptr<blk_mq_hw_ctx>> hctxs;
	blkmq_disk_config config;
	std::string name;
	bool added = false;
	bool deleted = false;
	// Frozen by an update of the tag set's queues or by the driver (blkmq_disk_freeze), each
	// one level: new I/O waits while any is held. While its queues are rebuilt nothing is
	// polled, and the update waits for the polls running to return. Quiesced by the driver
	// (blkmq_disk_quiesce): no dispatch starts, and the quiesce waits for those running.
	// All under set->mutex; driver_freezes also under set->update_mutex.
	unsigned int freeze_depth = 0;
	unsigned int driver_freezes = 0;
	bool rebuilding_queues = false;
	unsigned int pollers = 0;
	unsigned int quiesce_depth = 0;
	unsigned int dispatching = 0;
	// Requeued requests the requeue work found quiesced: dispatched at the unquiesce.
	std::vector<request *> held_back;
};

namespace blkmq::model {
// Reports @what (an update of @set's queues, a disk joining or leaving it) while a disk of the
// set is frozen by the driver: the kernel orders the set's locks before a freeze, and lockdep
// reports the reverse. Under set.mutex.
void check_no_driver_freeze(const blk_mq_tag_set &set, const char *what);
// blk_mq_realloc_hw_ctxs() for @disk: a new hardware context for each queue of its tag set,
// init_hctx'd in order. Returns how many were made; fewer than the queues when an init_hctx
// failed, and the contexts after it are not made.
unsigned int init_hctxs(gendisk &disk);
// exit_hctx for the first @count contexts (those init_hctx'd), then every context is freed.
void exit_hctxs(gendisk &disk, std::size_t count);
// blk_mq_map_swqueue(): each context gets the type of its queue's map.
void map_hctxs(gendisk &disk);
} // namespace blkmq::model
