// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The request lifecycle as blk-mq runs it: dispatch, start, end, remote completion,
// requeue, timeout, and the checks on each transition.
#include "internal.hpp"

#include <blkmq_model/model.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <unordered_set>

namespace blkmq::model {

// --- Request registry and state ---

namespace {
std::shared_mutex registry_mutex;
std::unordered_set<const request *> registry;
} // namespace

bool is_live_request(const request *rq) {
	std::shared_lock lock(registry_mutex);
	return registry.contains(rq);
}

void register_requests(const std::vector<request *> &requests) {
	std::unique_lock lock(registry_mutex);
	registry.insert(requests.begin(), requests.end());
}

void unregister_requests(const std::vector<request *> &requests) {
	std::unique_lock lock(registry_mutex);
	for (const request *rq : requests)
		registry.erase(rq);
}

RqState state_of(const request *rq) {
	return static_cast<RqState>(__atomic_load_n(&rq->model_state, __ATOMIC_ACQUIRE));
}

void set_state(request *rq, RqState state) {
	__atomic_store_n(&rq->model_state, static_cast<int>(state), __ATOMIC_RELEASE);
}

unsigned long pdu_refcount(const request *rq) {
	// The library's count is the low half of the PDU's first word; the generation of its
	// tag cookies is the high half.
	return __atomic_load_n(reinterpret_cast<const std::uint64_t *>(rq + 1), __ATOMIC_ACQUIRE) & 0xffffffffu;
}

void detail::Completion::finish(blkmq_status_t result) {
	{
		std::lock_guard lock(mutex);
		done = true;
		status = result;
	}
	ended.notify_all();
}

bool Submission::done() const {
	std::lock_guard lock(completion_->mutex);
	return completion_->done;
}

std::optional<blkmq_status_t> Submission::wait(std::chrono::milliseconds timeout) const {
	std::unique_lock lock(completion_->mutex);
	if (!completion_->ended.wait_for(lock, timeout, [&] { return completion_->done; })) {
		record_violation("a request was never ended by the driver");
		return std::nullopt;
	}
	return completion_->status;
}

namespace {

std::string describe(const request *rq) {
	return "request (tag " + std::to_string(rq->tag) + ", " + state_name(state_of(rq)) + ")";
}

// The block layer's lists (flush sequence, requeue list) take the request back through
// queuelist, which must be empty: a driver that linked it there must unlink it first.
void check_unlinked(const request *rq, const char *operation) {
	if (rq->queuelist.next != &rq->queuelist || rq->queuelist.prev != &rq->queuelist)
		record_violation(std::string(operation) + ": " + describe(rq) +
				 " is given back still linked (queuelist not empty)");
}

// Checks that @rq is a request the model handed out; records a violation if not.
bool check_live(const request *rq, const char *operation) {
	if (rq && is_live_request(rq))
		return true;
	record_violation(std::string(operation) + ": not a request of any live tag set");
	return false;
}

constexpr std::uint64_t poison_sector = 0x6b6b6b6b6b6b6b6bull; // the kernel's POISON_FREE byte
constexpr std::uint32_t poison_length = 0x6b6b6b6bu;

// The block layer takes the request back: the tag is freed and the submitter woken.
// Called with the tag set's mutex held.
void release_locked(request *rq, blkmq_status_t status) {
	ModelRequest &model = ModelRequest::of(rq);
	rq->model_ended = 1;
	detach_data(rq);
	// Poisoned: a read that slipped past the access check shows values no I/O has.
	rq->__sector = poison_sector;
	rq->__data_len = poison_length;
	set_state(rq, RqState::Free);
	auto completion = std::move(model.completion);
	model.set->request_ended.notify_all();
	if (completion)
		completion->finish(status);
}

// --- Threads that run the block layer's deferred work, in turn ---

class WorkThread {
public:
	void queue(std::function<void()> work) {
		{
			std::lock_guard lock(mutex_);
			if (!thread_.joinable())
				thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
			pending_.push_back(std::move(work));
		}
		wake_.notify_one();
	}
	~WorkThread() {
		if (thread_.joinable()) {
			thread_.request_stop();
			wake_.notify_one();
		}
	}

private:
	void run(std::stop_token stop) {
		std::unique_lock lock(mutex_);
		while (true) {
			wake_.wait(lock, [&] { return stop.stop_requested() || !pending_.empty(); });
			if (pending_.empty())
				return;
			std::function<void()> work = std::move(pending_.front());
			pending_.pop_front();
			lock.unlock();
			work();
			lock.lock();
		}
	}

	std::mutex mutex_;
	std::condition_variable wake_;
	std::deque<std::function<void()>> pending_;
	std::jthread thread_;
};

// Remote completions, in interrupt context as the kernel's block softirq runs them.
WorkThread softirq;
std::atomic<bool> remote_completion{false};
std::atomic<std::size_t> batched{0}; // requests put into completion batches, ever
// The requeue list's work (blk_mq_requeue_work), in process context: it dispatches again.
WorkThread requeue_work;

} // namespace

void set_remote_completion(bool remote) { remote_completion = remote; }

// --- Dispatch ---

namespace {

bool is_busy(blkmq_status_t status) { return status == BLKMQ_STS_RESOURCE || status == BLKMQ_STS_DEV_RESOURCE; }

// Takes a free tag of @qid's pool, waiting while the queue is full.
request *get_tag(gendisk *disk, unsigned int qid, const Io &io, std::shared_ptr<detail::Completion> completion) {
	blk_mq_tag_set *set = disk->set;
	std::unique_lock lock(set->mutex);
	request *rq = nullptr;
	bool no_queue = false;
	// blk_queue_enter(), then a tag. A frozen disk takes no I/O until it is unfrozen, and an
	// I/O waiting for a tag when a freeze begins waits for the unfreeze too: its queue, and
	// the pool it draws from, may be other ones then.
	auto take_tag = [&] {
		if (qid >= disk->hctxs.size())
			return no_queue = true;
		const unsigned int p = set->pool_of(qid);
		auto &pool = set->pools[p];
		for (std::size_t i = 0; i < pool.size(); ++i) {
			const std::size_t tag = (set->next_tag[p] + i) % pool.size();
			// A request the timeout handler holds a reference on keeps its tag until the
			// handler returns, ended or not (blk_mq_put_rq_ref()).
			if (state_of(pool[tag]) == RqState::Free && ModelRequest::of(pool[tag]).timeout_refs == 0) {
				set->next_tag[p] = static_cast<unsigned int>((tag + 1) % pool.size());
				return rq = pool[tag], true;
			}
		}
		return false;
	};
	for (;;) {
		set->unfrozen.wait(lock, [&] { return disk->freeze_depth == 0; });
		if (!set->request_ended.wait_for(lock, std::chrono::seconds(10),
						 [&] { return disk->freeze_depth != 0 || take_tag(); })) {
			record_violation("no tag came free within 10 s: the driver holds every request of the queue");
			return nullptr;
		}
		if (disk->freeze_depth == 0)
			break;
	}
	if (no_queue) {
		record_violation("I/O submitted to a hardware queue the disk does not have");
		return nullptr;
	}
	rq->q = &disk->queue;
	rq->mq_hctx = disk->hctxs[qid].get();
	rq->__sector = io.sector;
	rq->__data_len = io.bytes;
	rq->cmd_flags = io.op | io.flags;
	rq->model_ended = 0;
	// list_del_init() before dispatch: the driver gets it empty and must give it back so.
	rq->queuelist.next = rq->queuelist.prev = &rq->queuelist;
	__atomic_add_fetch(&rq->model_episode, 1, __ATOMIC_RELAXED);
	attach_data(rq, io);
	ModelRequest::of(rq).completion = std::move(completion);
	set_state(rq, RqState::Held);
	return rq;
}

// Who hands a request to queue_rq. A submitter waits while the disk is quiesced (the model
// dispatches in the submitting thread); the requeue list's work leaves the request with the
// disk instead, dispatched again at the unquiesce, as blk_mq_requeue_work inserts it and
// returns: the one work thread serves every disk and must not wait for one.
enum class Dispatcher { Submitter, RequeueWork };

// One call of queue_rq, queue_rqs or commit_rqs on @disk: none starts while the disk is
// quiesced, and a quiesce waits for those running to return (blk_mq_quiesce_queue's
// synchronize_rcu / srcu). A submitter's wait is reported after 10 s, not left to hang.
class DispatchGate {
public:
	DispatchGate(gendisk *disk, request *rq, Dispatcher who) : disk_(disk) {
		std::unique_lock lock(disk_->set->mutex);
		if (disk_->quiesce_depth != 0 && who == Dispatcher::RequeueWork) {
			disk_->held_back.push_back(rq);
			return;
		}
		if (!disk_->set->dispatch_gate.wait_for(lock, std::chrono::seconds(10),
							[&] { return disk_->quiesce_depth == 0; }))
			record_violation("a dispatch waited 10 s on a quiesced disk (a QuiescedQueue never ended, or "
					 "I/O submitted by the task that holds it?)");
		++disk_->dispatching;
		entered_ = true;
	}
	DispatchGate(const DispatchGate &) = delete;
	DispatchGate &operator=(const DispatchGate &) = delete;
	~DispatchGate() {
		if (!entered_)
			return;
		const std::lock_guard lock(disk_->set->mutex);
		--disk_->dispatching;
		disk_->set->dispatch_gate.notify_all();
	}

	// False: the request was held back until the unquiesce.
	bool entered() const { return entered_; }

private:
	gendisk *disk_;
	bool entered_ = false;
};

// Hands @rq to queue_rq until the driver takes it or fails it. A busy answer in the middle
// of a batch (not @is_last) gets commit_rqs before the retry, as the block layer does.
// Returns whether the driver accepted it (false: queue_rq failed it).
bool dispatch(gendisk *disk, request *rq, bool is_last, Dispatcher who = Dispatcher::Submitter) {
	blk_mq_tag_set *set = disk->set;
	blk_mq_hw_ctx *hctx = rq->mq_hctx;
	for (int attempt = 0;; ++attempt) {
		blkmq_status_t status;
		{
			const DispatchGate gate(disk, rq, who);
			if (!gate.entered())
				return true; // dispatched again at the unquiesce
			set_state(rq, RqState::Dispatched);
			const blk_mq_queue_data bd = {rq, is_last};
			// The block layer runs a non-blocking queue_rq under the RCU read lock.
			const AtomicSection rcu((set->config.flags & BLKMQ_TAG_SET_BLOCKING) == 0);
			status = set->ops->queue_rq(hctx, &bd);
		}
		if (status == BLKMQ_STS_OK)
			return true;

		std::unique_lock lock(set->mutex);
		const RqState state = state_of(rq);
		if (state == RqState::Free) {
			record_violation("queue_rq returned an error for a request it had already ended");
			return false;
		}
		if (pdu_refcount(rq) != 0)
			record_violation("queue_rq gave back a request while shared references to it exist");
		set_state(rq, RqState::Held);
		if (!is_busy(status)) {
			release_locked(rq, status);
			return false;
		}
		if (attempt == 10000) {
			record_violation("queue_rq answered busy 10000 times for one request");
			release_locked(rq, BLKMQ_STS_IOERR);
			return false;
		}
		if (!is_last && set->ops->commit_rqs) {
			lock.unlock();
			{
				const DispatchGate gate(disk, rq, Dispatcher::Submitter);
				set->ops->commit_rqs(hctx);
			}
			lock.lock();
		}
		// Requeued: rerun once a request ends (DEV_RESOURCE) or after a short delay.
		set->request_ended.wait_for(lock, std::chrono::milliseconds(1));
	}
}

std::shared_ptr<detail::Completion> ended_with(blkmq_status_t status) {
	auto completion = std::make_shared<detail::Completion>();
	completion->finish(status);
	return completion;
}

// Whether @disk takes I/O at all; its hardware queue is checked once the I/O has entered
// (get_tag), as the queues may change until then.
bool accepts_io(gendisk *disk) {
	if (!disk || !disk->added || disk->deleted) {
		record_violation("I/O submitted to a disk that is not added");
		return false;
	}
	return true;
}

// Whether the disk takes @io's operation: submit_bio_noacct() fails a discard or write
// zeroes to a disk without the limit (BLK_STS_NOTSUPP) before any request is made.
bool disk_supports(const gendisk &disk, const Io &io) {
	switch (io.op) {
	case BLKMQ_REQ_OP_DISCARD:
		return disk.config.max_discard_sectors != 0;
	case BLKMQ_REQ_OP_WRITE_ZEROES:
		return disk.config.max_write_zeroes_sectors != 0;
	default:
		return true;
	}
}

// What the block layer makes of @io's REQ_PREFLUSH and REQ_FUA on @disk (submit_bio_noacct()
// and blk_flush_policy()). Without a volatile write cache both are cleared, and an I/O with
// no data left ends at once. With one, a flush request goes before the data for
// REQ_PREFLUSH and, unless the disk supports FUA, after it for REQ_FUA, which is then
// cleared; the data request of such a sequence is made REQ_SYNC. A flush operation stands
// for what upper layers send, an empty write with REQ_PREFLUSH (blkdev_issue_flush()).
struct FlushSequence {
	bool preflush = false;
	std::optional<Io> data; // none: an empty I/O, which the block layer ends itself
	bool postflush = false;

	bool is_single_request() const { return !preflush && !postflush; }
};

FlushSequence flush_sequence(const gendisk &disk, const Io &io) {
	const bool is_flush = io.op == BLKMQ_REQ_OP_FLUSH;
	const std::uint32_t flags = is_flush ? io.flags | BLKMQ_REQ_PREFLUSH : io.flags;
	FlushSequence sequence;
	if (disk.config.write_cache) {
		sequence.preflush = (flags & BLKMQ_REQ_PREFLUSH) != 0;
		sequence.postflush = (flags & BLKMQ_REQ_FUA) != 0 && !disk.config.fua;
	}
	if (is_flush || (io.bytes == 0 && (flags & (BLKMQ_REQ_PREFLUSH | BLKMQ_REQ_FUA)) != 0))
		return sequence;
	Io data = io;
	data.flags &= ~BLKMQ_REQ_PREFLUSH;
	if (!disk.config.fua)
		data.flags &= ~BLKMQ_REQ_FUA;
	if (!sequence.is_single_request())
		data.flags |= BLKMQ_REQ_SYNC;
	sequence.data = data;
	return sequence;
}

Submission submit_request(gendisk *disk, const Io &io) {
	auto completion = std::make_shared<detail::Completion>();
	request *rq = get_tag(disk, io.hw_queue, io, completion);
	if (!rq)
		return Submission(ended_with(BLKMQ_STS_IOERR));
	dispatch(disk, rq, /*is_last=*/true);
	return Submission(completion);
}

// Runs the steps of @sequence one after the other, each once the one before has ended (as
// blk-flush.c's state machine does), and ends with the first error.
blkmq_status_t run_flush_sequence(gendisk *disk, const FlushSequence &sequence, unsigned int hw_queue) {
	const Io flush = {.op = BLKMQ_REQ_OP_FLUSH, .bytes = 0, .flags = BLKMQ_REQ_PREFLUSH, .hw_queue = hw_queue};
	std::vector<const Io *> steps;
	if (sequence.preflush)
		steps.push_back(&flush);
	if (sequence.data)
		steps.push_back(&*sequence.data);
	if (sequence.postflush)
		steps.push_back(&flush);
	for (const Io *step : steps) {
		const std::optional<blkmq_status_t> status = submit_request(disk, *step).wait();
		if (!status)
			return BLKMQ_STS_IOERR; // recorded by wait()
		if (*status != BLKMQ_STS_OK)
			return *status;
	}
	return BLKMQ_STS_OK;
}

} // namespace

Submission submit(gendisk *disk, const Io &io) {
	if (!accepts_io(disk))
		return Submission(ended_with(BLKMQ_STS_IOERR));
	if (!disk_supports(*disk, io))
		return Submission(ended_with(BLKMQ_STS_NOTSUPP));
	const FlushSequence sequence = flush_sequence(*disk, io);
	if (sequence.is_single_request())
		return sequence.data ? submit_request(disk, *sequence.data) : Submission(ended_with(BLKMQ_STS_OK));
	return Submission(ended_with(run_flush_sequence(disk, sequence, io.hw_queue)));
}

std::optional<blkmq_status_t> submit_and_wait(gendisk *disk, const Io &io) { return submit(disk, io).wait(); }

namespace {

// The checks a batched I/O passes and the tag it gets, its submission appended to
// @submissions; null, its submission already ended, when it gets none.
request *batched_request(gendisk *disk, const Io &io, std::vector<Submission> &submissions, const char *caller) {
	if (!accepts_io(disk)) {
		submissions.emplace_back(ended_with(BLKMQ_STS_IOERR));
		return nullptr;
	}
	if (!disk_supports(*disk, io)) {
		submissions.emplace_back(ended_with(BLKMQ_STS_NOTSUPP));
		return nullptr;
	}
	const FlushSequence sequence = flush_sequence(*disk, io);
	if (!sequence.is_single_request() || !sequence.data) {
		record_violation(std::string(caller) + ": a flush, or a write the block layer turns into a flush "
						       "sequence, is never dispatched in a batch (submit() runs it)");
		submissions.emplace_back(ended_with(BLKMQ_STS_IOERR));
		return nullptr;
	}
	auto completion = std::make_shared<detail::Completion>();
	request *rq = get_tag(disk, io.hw_queue, *sequence.data, completion);
	submissions.emplace_back(rq ? completion : ended_with(BLKMQ_STS_IOERR));
	return rq;
}

// __blk_mq_flush_list(): hands @plugged to queue_rqs as one list, the driver's meanwhile, and
// returns what the driver left in it, each checked to be a request of the batch not started.
// One the driver took and neither started nor ended is reported: nothing would end it. (One
// it started and requeued may be dispatched again already, on the requeue list's thread: its
// episode tells it apart.)
std::vector<request *> queue_rqs(gendisk *disk, const std::vector<request *> &plugged) {
	rq_list list = {};
	std::vector<unsigned int> episodes;
	for (request *rq : plugged) {
		episodes.push_back(__atomic_load_n(&rq->model_episode, __ATOMIC_RELAXED));
		set_state(rq, RqState::Dispatched);
		rq->rq_next = nullptr;
		if (list.tail)
			list.tail->rq_next = rq;
		else
			list.head = rq;
		list.tail = rq;
	}
	{
		const DispatchGate gate(disk, nullptr, Dispatcher::Submitter);
		const AtomicSection rcu((disk->set->config.flags & BLKMQ_TAG_SET_BLOCKING) == 0);
		disk->set->ops->queue_rqs(&list);
	}
	std::vector<request *> left;
	request *last = nullptr;
	for (request *rq = list.head; rq; last = rq, rq = rq->rq_next) {
		if (left.size() == plugged.size()) {
			record_violation("queue_rqs: the list it left is longer than the batch (a request twice, or a "
					 "cycle)");
			return left;
		}
		if (std::find(plugged.begin(), plugged.end(), rq) == plugged.end()) {
			record_violation("queue_rqs: " + describe(rq) + " left in the list was not of the batch");
			return left;
		}
		if (state_of(rq) != RqState::Dispatched) {
			record_violation("queue_rqs: " + describe(rq) +
					 " left in the list was started or ended, and the "
					 "block layer would start it again");
			return left;
		}
		left.push_back(rq);
	}
	if (list.tail != last)
		record_violation("queue_rqs: the list's tail is not its last request");
	for (std::size_t i = 0; i < plugged.size(); ++i) {
		request *rq = plugged[i];
		const std::lock_guard lock(disk->set->mutex);
		if (state_of(rq) == RqState::Dispatched &&
		    __atomic_load_n(&rq->model_episode, __ATOMIC_RELAXED) == episodes[i] &&
		    std::find(left.begin(), left.end(), rq) == left.end())
			record_violation("queue_rqs: " + describe(rq) +
					 " taken, never started nor left: nothing ends it");
	}
	return left;
}

} // namespace

std::vector<Submission> submit_batch(gendisk *disk, std::span<const Io> ios) {
	std::vector<Submission> submissions;
	// blk_mq_dispatch_rq_list(): a batch in which the driver failed a request was not the
	// batch announced, so the driver's deferred work is committed at its end.
	unsigned int queued = 0;
	bool errors = false;
	blk_mq_hw_ctx *last_hctx = nullptr;
	for (std::size_t i = 0; i < ios.size(); ++i) {
		request *rq = batched_request(disk, ios[i], submissions, "submit_batch");
		if (!rq)
			continue;
		last_hctx = rq->mq_hctx;
		if (dispatch(disk, rq, /*is_last=*/i + 1 == ios.size()))
			++queued;
		else
			errors = true;
	}
	if (errors && queued > 0 && disk->set->ops->commit_rqs)
		disk->set->ops->commit_rqs(last_hctx);
	return submissions;
}

std::vector<Submission> submit_plugged(gendisk *disk, std::span<const Io> ios) {
	std::vector<Submission> submissions;
	std::vector<request *> plugged;
	for (const Io &io : ios)
		if (request *rq = batched_request(disk, io, submissions, "submit_plugged"))
			plugged.push_back(rq);
	if (!plugged.empty() && disk->set->ops->queue_rqs)
		plugged = queue_rqs(disk, plugged);
	// blk_mq_issue_direct(): what is left, one by one, each handed out with its queuelist
	// empty as get_tag() hands it out (the kernel leaves it null: see check_unlinked()), is_last
	// on the final one, and commit_rqs for a hardware queue given requests when the next
	// request is another queue's.
	blk_mq_hw_ctx *hctx = nullptr;
	unsigned int queued = 0;
	for (std::size_t i = 0; i < plugged.size(); ++i) {
		request *rq = plugged[i];
		if (rq->mq_hctx != hctx) {
			if (queued > 0 && disk->set->ops->commit_rqs)
				disk->set->ops->commit_rqs(hctx);
			hctx = rq->mq_hctx;
			queued = 0;
		}
		rq->queuelist.next = rq->queuelist.prev = &rq->queuelist;
		queued += dispatch(disk, rq, /*is_last=*/i + 1 == plugged.size()) ? 1 : 0;
	}
	return submissions;
}

std::size_t batched_requests() { return batched.load(std::memory_order_relaxed); }

int poll(gendisk *disk, unsigned int qid, PollCaller caller) {
	if (!disk || !disk->set->ops->poll) {
		record_violation("poll: no such disk, or the driver has no poll");
		return 0;
	}
	blk_mq_tag_set *set = disk->set;
	blk_mq_hw_ctx *hctx = nullptr;
	{
		// bio_poll() holds the queue's usage counter: a poll goes on while the disk is
		// frozen (polled I/O must drain), and an update waits for it before it rebuilds the
		// queues, during which there is nothing to poll.
		std::lock_guard lock(set->mutex);
		if (disk->rebuilding_queues)
			return 0;
		if (qid >= disk->hctxs.size()) {
			record_violation("poll: no such queue");
			return 0;
		}
		hctx = disk->hctxs[qid].get();
		++disk->pollers;
	}
	auto done = [&] {
		std::lock_guard lock(set->mutex);
		--disk->pollers;
		set->request_ended.notify_all();
	};
	if (hctx->type != BLKMQ_HCTX_TYPE_POLL) {
		record_violation("poll: queue " + std::to_string(qid) +
				 " is not a poll queue, which the block layer never polls");
		done();
		return 0;
	}
	if (caller == PollCaller::Synchronous) {
		const int completed = set->ops->poll(hctx, nullptr);
		done();
		return completed;
	}
	// As io_uring's: the batch's requests end together once the poll returns
	// (blk_mq_end_request_batch), all successfully, as only those are batched.
	io_comp_batch batch;
	const int completed = set->ops->poll(hctx, &batch);
	{
		std::lock_guard lock(set->mutex);
		for (request *rq : batch.requests)
			release_locked(rq, BLKMQ_STS_OK);
	}
	done();
	return completed;
}

std::optional<unsigned int> expire(gendisk *disk, unsigned int qid, unsigned int tag) {
	request *rq = blkmq_tag_to_rq(disk->set, qid, tag);
	if (!rq)
		return std::nullopt;
	{
		// blk_mq_find_and_get_req(), then blk_mq_req_expired(): a reference that keeps the
		// request from being freed and reused while the handler runs.
		std::lock_guard lock(disk->set->mutex);
		if (state_of(rq) != RqState::InFlight || rq->q != &disk->queue)
			return std::nullopt;
		++ModelRequest::of(rq).timeout_refs;
	}
	// With no timeout handler the block layer just restarts the timer.
	const unsigned int action = disk->set->ops->timeout ? disk->set->ops->timeout(rq) : BLKMQ_EH_RESET_TIMER;
	std::lock_guard lock(disk->set->mutex);
	if (--ModelRequest::of(rq).timeout_refs == 0)
		disk->set->request_ended.notify_all(); // its tag may be free now
	return action;
}

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blk_mq_start_request(struct request *rq) {
	if (!check_live(rq, "blk_mq_start_request"))
		return;
	std::lock_guard lock(ModelRequest::of(rq).set->mutex);
	const RqState state = state_of(rq);
	if (state == RqState::InFlight || state == RqState::Completing) {
		record_violation("blk_mq_start_request: " + describe(rq) + " started twice");
		return;
	}
	if (state != RqState::Dispatched) {
		record_violation("blk_mq_start_request: " + describe(rq) + " is not the driver's");
		return;
	}
	set_state(rq, RqState::InFlight);
}

extern "C" void blk_mq_end_request(struct request *rq, blkmq_status_t error) {
	if (!check_live(rq, "blk_mq_end_request"))
		return;
	std::lock_guard lock(ModelRequest::of(rq).set->mutex);
	const RqState state = state_of(rq);
	if (state == RqState::Dispatched) {
		record_violation("blk_mq_end_request: " + describe(rq) + " was never started");
		return;
	}
	if (state == RqState::Free && rq->model_ended) {
		record_violation("blk_mq_end_request: " + describe(rq) + " ended twice");
		return;
	}
	if (state != RqState::InFlight && state != RqState::Completing) {
		record_violation("blk_mq_end_request: " + describe(rq) + " is not the driver's");
		return;
	}
	if (pdu_refcount(rq) != 0)
		record_violation("blk_mq_end_request: " + describe(rq) + " ended while shared references exist");
	check_unlinked(rq, "blk_mq_end_request");
	release_locked(rq, error);
}

extern "C" bool blk_mq_complete_request_remote(struct request *rq) {
	if (!check_live(rq, "blk_mq_complete_request_remote"))
		return true;
	{
		std::lock_guard lock(ModelRequest::of(rq).set->mutex);
		if (state_of(rq) != RqState::InFlight) {
			record_violation("blk_mq_complete_request_remote: " + describe(rq) + " is not in flight");
			return true;
		}
		set_state(rq, RqState::Completing);
	}
	if (!remote_completion)
		return false;
	softirq.queue([rq] {
		const InterruptContext softirq_context(Interrupt::Soft);
		ModelRequest::of(rq).set->ops->complete(rq);
	});
	return true;
}

extern "C" void blk_mq_requeue_request(struct request *rq, bool kick_requeue_list) {
	if (!check_live(rq, "blk_mq_requeue_request"))
		return;
	{
		std::lock_guard lock(ModelRequest::of(rq).set->mutex);
		const RqState state = state_of(rq);
		if (state != RqState::InFlight && state != RqState::Completing) {
			record_violation("blk_mq_requeue_request: " + describe(rq) +
					 " is not started and the driver's");
			return;
		}
		if (pdu_refcount(rq) != 0)
			record_violation("blk_mq_requeue_request: " + describe(rq) +
					 " requeued while shared references exist");
		check_unlinked(rq, "blk_mq_requeue_request");
		// The block layer's again: the next dispatch is another hand-out of it.
		set_state(rq, RqState::Held);
		__atomic_add_fetch(&rq->model_episode, 1, __ATOMIC_RELAXED);
	}
	if (!kick_requeue_list)
		record_violation("blk_mq_requeue_request: not kicked, which the library always does");
	requeue_work.queue([rq] { dispatch(rq->q->disk, rq, /*is_last=*/true, Dispatcher::RequeueWork); });
}

// blk_mq_quiesce_queue(): one level more, then a wait for the dispatches running to return;
// reported after 10 s (a quiesce from queue_rq waits for itself).
extern "C" void blkmq_disk_quiesce(struct gendisk *disk) {
	check_may_sleep("blk_mq_quiesce_queue");
	blk_mq_tag_set *set = disk->set;
	std::unique_lock lock(set->mutex);
	++disk->quiesce_depth;
	if (!set->dispatch_gate.wait_for(lock, std::chrono::seconds(10), [&] { return disk->dispatching == 0; }))
		record_violation("blk_mq_quiesce_queue: waited 10 s for a queue_rq of the disk that never returned "
				 "(quiesced from its own queue_rq?)");
}

// blk_mq_unquiesce_queue(): at the last level, submitters waiting go on and what the requeue
// work held back is dispatched again (blk_mq_run_hw_queues).
extern "C" void blkmq_disk_unquiesce(struct gendisk *disk) {
	blk_mq_tag_set *set = disk->set;
	std::vector<request *> held_back;
	{
		const std::lock_guard lock(set->mutex);
		if (disk->quiesce_depth == 0) {
			record_violation("blk_mq_unquiesce_queue: the queue is not quiesced");
			return;
		}
		if (--disk->quiesce_depth != 0)
			return;
		held_back.swap(disk->held_back);
		set->dispatch_gate.notify_all();
	}
	for (request *rq : held_back)
		requeue_work.queue([rq] { dispatch(rq->q->disk, rq, /*is_last=*/true, Dispatcher::RequeueWork); });
}

extern "C" bool blkmq_add_to_batch(struct request *rq, struct io_comp_batch *iob, blkmq_status_t status) {
	if (!check_live(rq, "blkmq_add_to_batch"))
		return true;
	std::lock_guard lock(ModelRequest::of(rq).set->mutex);
	const RqState state = state_of(rq);
	if (state != RqState::InFlight && state != RqState::Completing) {
		record_violation("blkmq_add_to_batch: " + describe(rq) + " is not started and the driver's");
		return true;
	}
	if (pdu_refcount(rq) != 0)
		record_violation("blkmq_add_to_batch: " + describe(rq) + " batched while shared references exist");
	check_unlinked(rq, "blkmq_add_to_batch");
	// blk_mq_add_to_batch() takes no error and needs a batch; the caller ends the request.
	if (!iob || status != BLKMQ_STS_OK)
		return false;
	set_state(rq, RqState::Batched);
	iob->requests.push_back(rq);
	batched.fetch_add(1, std::memory_order_relaxed);
	return true;
}

extern "C" blkmq_status_t errno_to_blk_status(int errnum) {
	switch (errnum) {
	case 0:
		return BLKMQ_STS_OK;
	case -EOPNOTSUPP:
		return BLKMQ_STS_NOTSUPP;
	case -ETIMEDOUT:
		return BLKMQ_STS_TIMEOUT;
	case -ENOSPC:
		return BLKMQ_STS_NOSPC;
	case -ENOLINK:
		return BLKMQ_STS_TRANSPORT;
	case -EREMOTEIO:
		return BLKMQ_STS_TARGET;
	case -ENODATA:
		return BLKMQ_STS_MEDIUM;
	case -EILSEQ:
		return BLKMQ_STS_PROTECTION;
	case -ENOMEM:
		return BLKMQ_STS_RESOURCE;
	case -EBUSY:
		return BLKMQ_STS_DEV_RESOURCE;
	case -EAGAIN:
		return BLKMQ_STS_AGAIN;
	default:
		return BLKMQ_STS_IOERR;
	}
}

extern "C" struct request *blkmq_tag_to_rq(struct blk_mq_tag_set *set, unsigned int qid, unsigned int tag) {
	if (!set || qid >= set->nr_hw_queues)
		return nullptr;
	const auto &pool = set->pools[set->pool_of(qid)];
	return tag < pool.size() ? pool[tag] : nullptr;
}
