// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk's blk-mq operations: where each request is served and ended (irqmode, poll queues,
// memory backing, bad blocks, throttling, injected faults), and the data each disk and queue
// keeps for it.
//
// Included by nullblk.cpp alone, so its names have internal linkage (an unnamed namespace, as
// `static` in C): the compiler sees every caller, and inlines the I/O path as in one file.
#pragma once

#include <blkmq/blkmq.hpp>

#include "nullblk.h"
#include "throttle.hpp"

#include <cstdint>
#include <utility>

namespace nullblk {
namespace {

using namespace blkmq;

// How a request is completed (C null_blk's irqmode values).
enum class IrqMode : unsigned int {
	None = 0,    // ended in queue_rq
	Softirq = 1, // std::move(rq).complete(): ended in Ops::complete, on the submitting CPU
	Timer = 2,   // std::move(rq).start_timer(): ended in Ops::timer_expired, completion_nsec later
};

// The faults C null_blk injects, each from its module parameter (FaultInjection's format).
struct Faults {
	FaultInjection timeout;   // a request is started and left to the block layer's timeout
	FaultInjection requeue;   // a request is given back to be dispatched again
	FaultInjection init_hctx; // a hardware queue fails to initialise (the disk's allocation fails)
};

struct Ops {
	struct QueueData {
		// From the disk's settings (the module's parameters or its configfs group), validated;
		// cache_size is in MiB. @bad_blocks: the group's table, if it has one yet.
		QueueData(const nullblk_params &params, Faults &&faults, const BadBlocks *bad_blocks) noexcept
		    : irqmode(static_cast<IrqMode>(params.irqmode)), completion_nsec(params.completion_nsec),
		      memory_backed(params.memory_backed), bad_blocks(bad_blocks),
		      bad_blocks_once(params.badblocks_once), bad_blocks_partial_io(params.badblocks_partial_io),
		      block_sectors(params.bs / 512), throttle(params.mbps), faults(std::move(faults)),
		      store(params.cache_size * ((1ul << 20) / Page::size)) {}

		IrqMode irqmode;
		std::uint64_t completion_nsec;
		bool memory_backed;
		// A configfs group's bad blocks (C null_blk's badblocks files): the group's table,
		// which outlives the disk, set at the group's first badblocks write (while the disk
		// runs, if it does); null until then, and for the module's disks, which have none.
		// badblocks_once and badblocks_partial_io cannot change while the disk is up.
		Atomic<const BadBlocks *> bad_blocks;
		bool bad_blocks_once;
		bool bad_blocks_partial_io;
		std::uint32_t block_sectors;
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
		// Acquire: the table is set up before the store that publishes it.
		const BadBlocks *bad_blocks = disk.bad_blocks.load(Order::Acquire);
		if (bad_blocks != nullptr && rq.op() != Op::Flush) [[unlikely]]
			return serve_around(disk, *bad_blocks, rq);
		return serve_data(disk, rq, rq.bytes());
	}
	// What the first @bytes of @rq ask of the disk's memory, if it has any.
	static Status serve_data(const QueueData &disk, const Request<Ops> &rq, std::uint64_t bytes) {
		return disk.memory_backed ? disk.store.lock()->serve_first(rq, bytes, Gfp::NoIo) : Status::ok();
	}

	// C null_blk's null_handle_badblocks: a request that touches a bad block fails with an I/O
	// error; with badblocks_once the entry it touched (up to 512 sectors) is good again
	// afterwards; with badblocks_partial_io the whole blocks before the first bad sector are
	// read or written first. A flush, which has no sectors, never gets here.
	[[gnu::noinline]] static Status serve_around(const QueueData &disk, const BadBlocks &table,
						     const Request<Ops> &rq) {
		const std::uint64_t sector = rq.sector();
		const Option<SectorRange> bad = table.first_bad({sector, rq.bytes() / 512});
		if (!bad)
			return serve_data(disk, rq, rq.bytes());
		// The table has room for what marking a whole entry good leaves: it cannot fail.
		if (disk.bad_blocks_once)
			(void)table.mark_good(*bad);
		std::uint64_t good_sectors = 0;
		if (disk.bad_blocks_partial_io) {
			const std::uint64_t first_bad = bad->first / disk.block_sectors * disk.block_sectors;
			if (sector < first_bad)
				good_sectors = first_bad - sector;
		}
		if (good_sectors != 0) {
			const Status served = serve_data(disk, rq, good_sectors * 512);
			if (!served.is_ok())
				return served;
		}
		return Status::io_error();
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
		blkmq_pr_info(NULLBLK_PR_PREFIX "request %u of queue %u timed out\n", rq.tag(), rq.hw_queue());
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

} // namespace
} // namespace nullblk
