// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk: a null block device in C++, on blkmq, like C null_blk: requests end without data
// transfer, and the point is the cost of the block layer and the driver framework, and a
// driver to copy. irqmode picks where requests end: in queue_rq (0), in Ops::complete on the
// submitting CPU (1, the default) or in Ops::timer_expired completion_nsec later (2, a timer
// per request). Polled I/O goes to poll_queues extra queues (1, as C), where queue_rq keeps
// each request in its queue's list and Ops::poll ends it when the submitter polls. With
// memory_backed=1 each disk keeps what is written in a PageStore, as C
// null_blk's memory_backed mode does, and discard=1 lets it free it; cache_size=<MiB> puts a
// volatile write-back cache in front of it, which flushes empty and FUA writes (fua=1, the
// default) pass by. virt_boundary=1 has the block layer split segments at page boundaries,
// as for hardware with one descriptor per page, and mbps=<MiB/s> limits each disk's bandwidth.
// On kernels with fault
// injection, timeout=, requeue= and init_hctx= inject C null_blk's faults: a request left to
// the block layer's timeout, a request sent back (busy, or requeued), a queue that fails to
// initialise.
//
// Each device is a GenDisk named nullb_cpp<N> (C null_blk's are nullb<N>, so both can be
// loaded side by side) on its own TagSet, or, with shared_tags=1, on one TagSet for all.
#include <blkmq/blkmq.hpp>

#include "nullblk.h"

#include <cstddef>
#include <cstdint>
#include <utility>

// Internal linkage for all but the C entry points (nullblk.h), as `static` in C: newer
// kernels build with -Wmissing-declarations.
namespace nullblk {
namespace {

using namespace blkmq;

// How a request is completed (C null_blk's irqmode values).
enum class IrqMode : unsigned int {
	None = 0,    // ended in queue_rq
	Softirq = 1, // std::move(rq).complete(): ended in Ops::complete, on the submitting CPU
	Timer = 2,   // std::move(rq).start_timer(): ended in Ops::timer_expired, completion_nsec later
};

constexpr unsigned int max_irqmode = 2;
constexpr unsigned int max_devices = 32;
// blk-mq's own limit (BLK_MQ_MAX_DEPTH).
constexpr unsigned int max_queue_depth = 10240;
// Keeps gb << 30 well inside 64 bits: 1 PiB.
constexpr unsigned long max_gb = 1ul << 20;

// The faults C null_blk injects, each from its module parameter (FaultInjection's format).
struct Faults {
	FaultInjection timeout;   // a request is started and left to the block layer's timeout
	FaultInjection requeue;   // a request is given back to be dispatched again
	FaultInjection init_hctx; // a hardware queue fails to initialise (the disk's allocation fails)
};

// C null_blk's bandwidth limit (mbps): each tick, a fiftieth of a second, gives the disk a
// fiftieth of mbps MiB to spend, up to one tick's worth; a request goes while the budget is
// not spent, and is sent back otherwise (busy_retry_later(): the block layer dispatches it
// again a few milliseconds later). C stops the disk's queues instead, starts them again from a
// timer at each tick, and has a refused request spend its bytes all the same, so that one
// larger than a tick's budget never goes; here any request goes while some budget is left,
// and the debt is paid from the ticks after it. The rate is the same.
class Throttle {
public:
	static constexpr std::uint64_t tick_ns = 1'000'000'000 / 50;
	// C null_blk's cap, 40 GiB/s.
	static constexpr unsigned int max_mbps = 40 * 1024;

	explicit Throttle(unsigned int mbps) noexcept
	    : per_tick_(std::int64_t{1 << 20} / 50 * mbps), budget_(per_tick_), tick_start_(monotonic_ns()) {}

	bool limits() const noexcept { return per_tick_ != 0; }

	// Whether @bytes may go now; if so, they are spent.
	bool admit(std::uint32_t bytes) const noexcept {
		refill();
		std::int64_t budget = budget_.load(Order::Relaxed);
		do {
			if (budget <= 0)
				return false;
		} while (!budget_.compare_exchange(budget, budget - bytes, Order::Relaxed));
		return true;
	}

private:
	// Adds the budget of the ticks that have passed (one CPU does, the others see the new
	// tick start), up to one tick's worth.
	void refill() const noexcept {
		// The tick start first: read after the clock, it could be one another CPU moved
		// past this CPU's now.
		std::uint64_t start = tick_start_.load(Order::Relaxed);
		const std::uint64_t now = monotonic_ns();
		if (now <= start)
			return;
		const std::uint64_t ticks = (now - start) / tick_ns;
		if (ticks == 0 || !tick_start_.compare_exchange(start, start + ticks * tick_ns, Order::Relaxed))
			return;
		// More ticks than any debt needs (at most one request's bytes) cannot overflow.
		constexpr std::uint64_t enough_ticks = 1 << 20;
		const std::int64_t earned =
			static_cast<std::int64_t>(ticks < enough_ticks ? ticks : enough_ticks) * per_tick_;
		std::int64_t budget = budget_.load(Order::Relaxed);
		while (!budget_.compare_exchange(budget, budget + earned < per_tick_ ? budget + earned : per_tick_,
						 Order::Relaxed)) {
		}
	}

	std::int64_t per_tick_;
	Atomic<std::int64_t> budget_;
	Atomic<std::uint64_t> tick_start_;
};

struct Ops {
	struct QueueData {
		// From the module parameters, validated; cache_size is in MiB.
		QueueData(const nullblk_params &params, Faults &&faults) noexcept
		    : irqmode(static_cast<IrqMode>(params.irqmode)), completion_nsec(params.completion_nsec),
		      memory_backed(params.memory_backed), throttle(params.mbps), faults(std::move(faults)),
		      store(params.cache_size * ((1ul << 20) / Page::size)) {}

		IrqMode irqmode;
		std::uint64_t completion_nsec;
		bool memory_backed;
		Throttle throttle;
		Faults faults;
		// The disk's data when memory-backed, behind its cache with cache_size, under the
		// lock every request takes.
		Mutex<PageStore> store;
	};
	struct HwData {
		// Which way the next injected requeue goes (C null_blk's requeue_selection).
		Atomic<unsigned int> requeue_selection;
		// A poll queue's requests, served and waiting for Ops::poll to end them.
		SpinLock<RequestList<Ops>> poll_list;
	};
	// The outcome, from queue_rq to the completion.
	struct RequestData {
		Status status = Status::ok();
	};

	// Inlined into both its callers, the queue_rq thunk and queue_rqs below: with two callers
	// GCC would otherwise call one out-of-line copy from each, a call per I/O more than C.
	[[gnu::always_inline]] static DispatchResult queue_rq(const HwQueue<Ops> &hw, OwnedRequest<Ops> rq, bool) {
		const QueueData &disk = hw.queue_data();
		const bool fake_timeout = disk.faults.timeout.should_fail();
		if (disk.faults.requeue.should_fail()) [[unlikely]] {
			// Alternately the block layer's busy path (BLK_STS_RESOURCE: no request of the
			// disk may be in flight to rerun the queue) and the driver's own requeue, as C.
			// C requeues the request unstarted; requeue() takes a started one, as C did
			// before 6.7.
			if (hw.data().requeue_selection.fetch_add(1, Order::Relaxed) % 2 == 0)
				return std::move(rq).busy_retry_later();
			std::move(rq).start().requeue();
			return DispatchResult::accepted();
		}
		if (disk.throttle.limits() && !disk.throttle.admit(rq->bytes())) [[unlikely]]
			return std::move(rq).busy_retry_later();
		UniqueRequest<Ops> started = std::move(rq).start();
		// As C: polled I/O is never left to a fake timeout; Ops::poll ends it.
		if (hw.type() == QueueType::Poll) {
			started->data().status = serve(disk, *started);
			hw.data().poll_list.lock()->push_back(std::move(started));
			return DispatchResult::accepted();
		}
		if (fake_timeout) [[unlikely]] {
			// Nobody holds it now (its only ARef is dropped): Ops::timeout takes it.
			(void)std::move(started).share();
			return DispatchResult::accepted();
		}
		started->data().status = serve(disk, *started);
		switch (disk.irqmode) {
		case IrqMode::None:
			end(std::move(started));
			break;
		case IrqMode::Softirq:
			std::move(started).complete();
			break;
		case IrqMode::Timer:
			std::move(started).start_timer(disk.completion_nsec);
			break;
		}
		return DispatchResult::accepted();
	}

	// A plug's requests at once, on a disk without a scheduler: each served as queue_rq
	// serves it, and what queue_rq gives back settled as the block layer would have done
	// (C null_blk's null_queue_rqs).
	static void queue_rqs(DispatchBatch<Ops> &batch) {
		while (Option<DispatchBatch<Ops>::Entry> entry = batch.pop_front()) {
			auto [hw, rq] = *std::move(entry);
			batch.settle(queue_rq(hw, std::move(rq), /*is_last=*/false));
		}
	}

	// A memory-backed disk's tag set is blocking: queue_rq may sleep to allocate.
	static Status serve(const QueueData &disk, const Request<Ops> &rq) {
		return disk.memory_backed ? disk.store.lock()->serve(rq, Gfp::NoIo) : Status::ok();
	}

	// Ends every request the poll queue has served (C null_blk's null_poll), in one batch.
	static int poll(const HwQueue<Ops> &hw, CompletionBatch &batch) {
		RequestList<Ops> served = hw.data().poll_list.lock()->take();
		return std::move(served).end_all(batch, [](const Request<Ops> &rq) { return rq.data().status; });
	}

	static void complete(UniqueRequest<Ops> rq) { end(std::move(rq)); }
	static void timer_expired(UniqueRequest<Ops> rq) { end(std::move(rq)); }

	static void end(UniqueRequest<Ops> rq) {
		const Status status = rq->data().status;
		std::move(rq).end(status);
	}

	// A request of a fake timeout is taken and ended with the timeout status, and so is one
	// on its timer (irqmode=2 with completion_nsec past the deadline), whose timer is taken
	// off, and one in a poll queue's list, taken out of it (a poll may never come: the block
	// layer may be freezing the queue). Any other is being ended by its holder right now (between complete() and
	// Ops::complete, or in a queue_rq that the block layer has not waited for), and ends
	// with its own status: C null_blk would have it end with the timeout's.
	static TimeoutAction timeout(TimedOutRequest<Ops> rq) {
		blkmq_pr_info("nullb_cpp: request %u of queue %u timed out\n", rq.tag(), rq.hw_queue());
		if (Option<UniqueRequest<Ops>> taken = rq.try_take())
			std::move(taken).take().end(Status::timeout());
		else if (rq.queue().type() == QueueType::Poll)
			if (Option<UniqueRequest<Ops>> listed = rq.queue().data().poll_list.lock()->remove(rq))
				std::move(listed).take().end(Status::timeout());
		return TimeoutAction::Done;
	}

	static Result<void> init_hctx(HwQueue<Ops> &hw) {
		if (hw.queue_data().faults.init_hctx.should_fail())
			return Error::bad_address();
		return {};
	}
};

struct Device {
	// Empty with shared_tags=1. The disk holds its tag set, whichever of them goes first.
	Option<TagSet<Ops>> own_tag_set;
	GenDisk<Ops> disk;
};

struct Driver {
	Option<TagSet<Ops>> shared_tag_set;
	Option<Device> devices[max_devices];
};

// The module's only global: constant-initialised, because the kernel never runs C++
// global constructors.
constinit Driver *driver = nullptr;

// The fault of one parameter, or the error that names it.
Result<FaultInjection> fault_from(const char *parameter, const char *spec) {
	Result<FaultInjection> fault = FaultInjection::create(spec);
	if (!fault)
		blkmq_pr_err("nullb_cpp: %s=%s: must be <interval>,<probability>,<space>,<times>\n", parameter, spec);
	return fault;
}

Result<Faults> faults_from(const nullblk_params &params) {
	Result<FaultInjection> timeout = fault_from("timeout", params.timeout);
	if (!timeout)
		return timeout.error();
	Result<FaultInjection> requeue = fault_from("requeue", params.requeue);
	if (!requeue)
		return requeue.error();
	Result<FaultInjection> init_hctx = fault_from("init_hctx", params.init_hctx);
	if (!init_hctx)
		return init_hctx.error();
	return Faults{std::move(timeout).value(), std::move(requeue).value(), std::move(init_hctx).value()};
}

// C null_blk's queue_mode values: only blk-mq is left.
enum class QueueMode : unsigned int {
	Bio = 0, // gone; taken as Mq, with C's message
	Rq = 1,  // gone; refused
	Mq = 2,
};

// C null_blk's cap on cache_size, which keeps it in bytes within an unsigned long.
constexpr unsigned long max_cache_size = ~0ul >> 20;

// The parameters as the driver uses them: what C null_blk changes on its own (queue_mode=0,
// use_per_node_hctx, cache_size, mbps) is changed here, with C's messages where it has them;
// nothing else is.
nullblk_params effective(const nullblk_params &params) {
	nullblk_params used = params;
	if (!params.memory_backed && params.cache_size != 0) {
		// C null_blk drops it without a word: "cache is meaningless".
		blkmq_pr_info("nullb_cpp: cache_size option is ignored without memory backing\n");
		used.cache_size = 0;
	}
	if (used.cache_size > max_cache_size)
		used.cache_size = max_cache_size;
	if (used.mbps > Throttle::max_mbps)
		used.mbps = Throttle::max_mbps;
	if (params.queue_mode == static_cast<unsigned int>(QueueMode::Bio)) {
		blkmq_pr_info("nullb_cpp: BIO-based IO path is no longer available, using blk-mq instead.\n");
		used.queue_mode = static_cast<unsigned int>(QueueMode::Mq);
	}
	if (params.use_per_node_hctx && params.submit_queues != params.nr_online_nodes) {
		blkmq_pr_info("nullb_cpp: submit_queues param is set to %u.\n", params.nr_online_nodes);
		used.submit_queues = params.nr_online_nodes;
	}
	return used;
}

// A tag set from the parameters: each disk's, or the one of all with shared_tags=1.
Result<TagSet<Ops>> make_tag_set(const nullblk_params &params) {
	return TagSet<Ops>::create({
		.nr_hw_queues = params.submit_queues,
		.poll_queues = params.poll_queues,
		.queue_depth = params.hw_queue_depth,
		.numa_node = params.home_node,
		.timeout_ms = 5000, // as C null_blk's set->timeout = 5 * HZ
		// As C null_blk: "Do memory allocation, so set blocking".
		.blocking = params.blocking || params.memory_backed,
		.shared_tags = params.shared_tag_bitmap,
		.no_sched = params.no_sched != 0,
	});
}

// Checks every parameter and says which one is wrong, before anything is registered.
Result<void> validate(const nullblk_params &params) {
	if (params.nr_devices == 0 || params.nr_devices > max_devices) {
		blkmq_pr_err("nullb_cpp: nr_devices=%u: must be 1 to %u\n", params.nr_devices, max_devices);
		return Error::invalid_argument();
	}
	if (params.gb == 0 || params.gb > max_gb) {
		blkmq_pr_err("nullb_cpp: gb=%lu: must be 1 to %lu\n", params.gb, max_gb);
		return Error::invalid_argument();
	}
	if (!GenDiskBuilder::is_block_size(params.bs)) {
		blkmq_pr_err("nullb_cpp: bs=%u: must be a power of two from 512 to %u\n", params.bs, BLKMQ_PAGE_SIZE);
		return Error::invalid_argument();
	}
	if (params.submit_queues == 0 || params.submit_queues > params.nr_cpu_ids) {
		blkmq_pr_err("nullb_cpp: submit_queues=%u: must be 1 to %u (the number of CPUs)\n",
			     params.submit_queues, params.nr_cpu_ids);
		return Error::invalid_argument();
	}
	if (params.poll_queues > params.nr_cpu_ids) {
		blkmq_pr_err("nullb_cpp: poll_queues=%u: must be 0 to %u (the number of CPUs)\n", params.poll_queues,
			     params.nr_cpu_ids);
		return Error::invalid_argument();
	}
	if (params.hw_queue_depth == 0 || params.hw_queue_depth > max_queue_depth) {
		blkmq_pr_err("nullb_cpp: hw_queue_depth=%u: must be 1 to %u\n", params.hw_queue_depth, max_queue_depth);
		return Error::invalid_argument();
	}
	if (params.queue_mode != static_cast<unsigned int>(QueueMode::Mq)) {
		blkmq_pr_err("nullb_cpp: queue_mode=%u: must be 2 (multi-queue) or 0 (bio, no longer available: "
			     "taken as 2); the legacy request path (1) is no longer available\n",
			     params.queue_mode);
		return Error::invalid_argument();
	}
	if (params.home_node != -1 && !params.home_node_online) {
		blkmq_pr_err("nullb_cpp: home_node=%d: must be -1 (none) or an online node\n", params.home_node);
		return Error::invalid_argument();
	}
	constexpr unsigned int min_max_sectors = BLKMQ_PAGE_SIZE / 512;
	if (params.max_sectors != 0 && params.max_sectors < min_max_sectors) {
		blkmq_pr_err("nullb_cpp: max_sectors=%u: must be 0 (the block layer's default) or at least %u "
			     "(a page)\n",
			     params.max_sectors, min_max_sectors);
		return Error::invalid_argument();
	}
	if (params.irqmode > max_irqmode) {
		blkmq_pr_err("nullb_cpp: irqmode=%u: must be 0 (none), 1 (softirq) or 2 (timer)\n", params.irqmode);
		return Error::invalid_argument();
	}
	if (Result<Faults> faults = faults_from(params); !faults)
		return faults.error();
	if (params.discard && !params.memory_backed)
		blkmq_pr_info("nullb_cpp: discard option is ignored without memory backing\n");
	return {};
}

Result<void> add_device(Driver &driver, unsigned int index, const nullblk_params &params) {
	// Each disk's own, as in C null_blk on 7.x: a fault's count of times is per disk.
	Result<Faults> faults = faults_from(params);
	if (!faults)
		return faults.error();
	Option<TagSet<Ops>> own_tag_set;
	if (!params.shared_tags) {
		Result<TagSet<Ops>> created = make_tag_set(params);
		if (!created)
			return created.error();
		own_tag_set = std::move(created).value();
	}
	const TagSet<Ops> &tag_set = own_tag_set ? *own_tag_set : *driver.shared_tag_set;
	GenDiskBuilder builder;
	builder.name("nullb_cpp", static_cast<int>(index))
		.capacity_sectors(std::uint64_t{params.gb} << (30 - 9))
		.logical_block_size(params.bs)
		.rotational(params.rotational)
		.max_hw_sectors(params.max_sectors)
		.virt_boundary(params.virt_boundary ? Page::size : 0)
		.dma_alignment(2) // direct I/O from any even address, as C null_blk from 6.19 on
		.no_partitions()  // as C null_blk's
		// C null_blk's limit: all a 32-bit byte count can carry.
		.max_discard_sectors(params.memory_backed && params.discard ? UINT32_MAX >> 9 : 0);
	if (params.cache_size != 0)
		builder.volatile_write_cache(params.fua ? Fua::Supported : Fua::Emulated);
	Result<GenDisk<Ops>> disk = builder.build(tag_set, params, std::move(faults).value());
	if (!disk)
		return disk.error(); // own_tag_set is destroyed on return
	driver.devices[index].emplace(std::move(own_tag_set), std::move(disk).value());
	return {};
}

} // namespace
} // namespace nullblk

extern "C" int nullblk_init(const nullblk_params *given) {
	using namespace nullblk;
	const nullblk_params params = effective(*given);
	if (Result<void> valid = validate(params); !valid)
		return valid.error().to_errno();
	Result<Box<Driver>> created = Box<Driver>::create();
	if (!created)
		return created.error().to_errno();
	Box<Driver> new_driver = std::move(created).value();
	if (params.shared_tags) {
		Result<TagSet<Ops>> shared = make_tag_set(params);
		if (!shared)
			return shared.error().to_errno();
		new_driver->shared_tag_set = std::move(shared).value();
	}
	for (unsigned int i = 0; i < params.nr_devices; ++i) {
		if (Result<void> added = add_device(*new_driver, i, params); !added) {
			blkmq_pr_err("nullb_cpp: adding device %u failed: %d\n", i, added.error().to_errno());
			return added.error().to_errno(); // new_driver removes the devices added so far
		}
	}
	blkmq_pr_info("nullb_cpp: %u device(s), %lu GiB, %u-byte blocks, %u queue(s) + %u poll queue(s) of depth %u, "
		      "irqmode %u%s%s, %lu MiB write cache, %lu PDU bytes per request\n",
		      params.nr_devices, params.gb, params.bs, params.submit_queues, params.poll_queues,
		      params.hw_queue_depth, params.irqmode, params.memory_backed ? ", memory-backed" : "",
		      params.memory_backed && params.discard ? ", discard" : "", params.cache_size,
		      TagSet<Ops>::request_pdu_bytes);
	driver = std::move(new_driver).into_raw();
	return 0;
}

extern "C" void nullblk_exit() {
	using namespace nullblk;
	(void)Box<Driver>::from_raw(std::exchange(driver, nullptr));
}
