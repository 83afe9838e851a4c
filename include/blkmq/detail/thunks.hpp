// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The functions the block layer calls, and the struct blk_mq_ops that points at them.
//
// Each thunk has the exact C signature of its blk_mq_ops member (sys.h, checked against
// the kernel by the C side) and turns the raw pointers it is given into the typed handle
// that states who owns what: queue_rq makes the OwnedRequest, complete the UniqueRequest.
// Everything inlines into the thunk, so the kernel calls straight into driver code.
//
// The table is built at compile time (constinit: Debian's kernel never runs global
// constructors) as an array of pointer-sized slots at the member offsets generated from
// the kernel's struct blk_mq_ops. Operations a driver does not define stay null, which is
// what the block layer tests for.
#pragma once

#include <blkmq/memory/box.hpp>
#include <blkmq/queues/hw_queue.hpp>
#include <blkmq/queues/operations.hpp>

#include <cstdint>
#include <new>
#include <type_traits>

namespace blkmq::detail {

template <class Ops>
struct Thunks {
	using Pdu = RequestPdu<Ops>;
	using HwData = HwDataOf<Ops>;
	static constexpr bool has_hw_data = has_data<HwData>;

	static blkmq_status_t queue_rq(blk_mq_hw_ctx *hctx, const blk_mq_queue_data *bd) noexcept {
		auto *rq = load_field<request *>(bd, BLKMQ_QD_RQ_OFFSET);
		// The block layer never dispatches a null request. Saying so lets the compiler drop
		// the moved-from checks of the handles made from it: the I/O path stays C's.
		if (!rq)
			__builtin_unreachable();
		const bool is_last = load_field<bool>(bd, BLKMQ_QD_LAST_OFFSET);
		mark_held(rq);
		return Ops::queue_rq(HwQueue<Ops>::from_raw(hctx), OwnedRequest<Ops>(rq), is_last).hand_back(rq);
	}

	static void commit_rqs(blk_mq_hw_ctx *hctx) noexcept { Ops::commit_rqs(HwQueue<Ops>::from_raw(hctx)); }

	// The block layer dispatches the rest of the list through queue_rq once this returns.
	static void queue_rqs(blkmq_rq_list_t *list) noexcept {
		DispatchBatch<Ops> batch(list);
		Ops::queue_rqs(batch);
		batch.hand_back(list);
	}

	// The request was completed with std::move(rq).complete(): the driver still owns it.
	static void complete(request *rq) noexcept {
		if (!rq)
			__builtin_unreachable();
		mark_held(rq);
		Ops::complete(UniqueRequest<Ops>(rq));
	}

	// The timer of std::move(rq).start_timer() expired (hard interrupt context): it held the
	// request, and hands it to the driver.
	static unsigned int timer_expired(hrtimer *timer) noexcept {
		request *rq = Pdu::request_of(Pdu::of_timer(timer));
		mark_held(rq);
		Ops::timer_expired(UniqueRequest<Ops>(rq));
		return BLKMQ_HRTIMER_NORESTART;
	}
	static constexpr blkmq_hrtimer_fn *timer_callback() noexcept {
		if constexpr (TimerExpiredOperation<Ops>)
			return &timer_expired;
		else
			return nullptr;
	}

	// The work item of std::move(rq).queue_work() runs (process context): it held the
	// request, and hands it to the driver. Every allocation in there is GFP_NOIO, as in the
	// loop driver's worker: reclaim must not wait on writeback to the disk being served.
	static void work(work_struct *item) noexcept {
		request *rq = Pdu::request_of(Pdu::of_work(item));
		mark_held(rq);
		const unsigned int noio = blkmq_memalloc_noio_save();
		Ops::work(UniqueRequest<Ops>(rq));
		blkmq_memalloc_noio_restore(noio);
	}
	static constexpr blkmq_work_fn *work_callback() noexcept {
		if constexpr (WorkOperation<Ops>)
			return &work;
		else
			return nullptr;
	}

	// The block layer holds a reference on the request meanwhile (requests/timed_out_request.hpp).
	static unsigned int timeout(request *rq) noexcept {
		return static_cast<unsigned int>(Ops::timeout(TimedOutRequest<Ops>(rq)));
	}

	static int poll(blk_mq_hw_ctx *hctx, io_comp_batch *iob) noexcept {
		CompletionBatch batch(iob);
		return Ops::poll(HwQueue<Ops>::from_raw(hctx), batch);
	}

	static int init_hctx(blk_mq_hw_ctx *hctx, void *, unsigned int) noexcept {
		HwQueue<Ops> &queue = HwQueue<Ops>::from_raw(hctx);
		if constexpr (has_hw_data) {
			Result<Box<HwData>> data = Box<HwData>::create();
			if (!data)
				return data.error().to_errno();
			queue.set_data(std::move(data).value().into_raw());
		}
		if constexpr (InitHctxOperation<Ops>) {
			Result<void> result = Ops::init_hctx(queue);
			if (!result) {
				drop_hw_data(queue);
				return result.error().to_errno();
			}
		}
		return 0;
	}

	static void exit_hctx(blk_mq_hw_ctx *hctx, unsigned int) noexcept {
		HwQueue<Ops> &queue = HwQueue<Ops>::from_raw(hctx);
		if constexpr (ExitHctxOperation<Ops>)
			Ops::exit_hctx(queue);
		drop_hw_data(queue);
	}

	static void drop_hw_data([[maybe_unused]] HwQueue<Ops> &queue) noexcept {
		if constexpr (has_hw_data) {
			(void)Box<HwData>::from_raw(&queue.data());
			queue.set_data(nullptr);
		}
	}

	// The PDU is raw memory the block layer allocated with the request (cmd_size bytes).
	// Each request's generations start at their own point (request_refcount.hpp): the
	// count of requests initialised so far, times 2^32 / golden ratio, spreads any number
	// of them evenly. init_request runs for scheduler requests too, and concurrently for
	// several queues, hence the atomic.
	static int init_request(blk_mq_tag_set *, request *rq, unsigned int, BLKMQ_NUMA_NODE_ARG) noexcept {
		const std::uint32_t index = __atomic_fetch_add(&requests_initialised, 1, __ATOMIC_RELAXED);
		new (field_address<void>(rq, BLKMQ_RQ_PDU_OFFSET))
			Pdu(index * 0x9e3779b9u, timer_callback(), work_callback());
		return 0;
	}
	// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): a counter by design
	static inline constinit std::uint32_t requests_initialised = 0;

	static void exit_request(blk_mq_tag_set *, request *rq, unsigned int) noexcept {
		field_address<Pdu>(rq, BLKMQ_RQ_PDU_OFFSET)->~Pdu();
	}
};

// One pointer-sized member of struct blk_mq_ops.
union OpsSlot {
	void *unused;
	blkmq_queue_rq_fn *queue_rq;
	blkmq_commit_rqs_fn *commit_rqs;
	blkmq_queue_rqs_fn *queue_rqs;
	blkmq_complete_fn *complete;
	blkmq_timeout_fn *timeout;
	blkmq_poll_fn *poll;
	blkmq_init_hctx_fn *init_hctx;
	blkmq_exit_hctx_fn *exit_hctx;
	blkmq_map_queues_fn *map_queues;
	blkmq_init_request_fn *init_request;
	blkmq_exit_request_fn *exit_request;
};
static_assert(sizeof(OpsSlot) == sizeof(void *));
static_assert(BLKMQ_OPS_SIZE % sizeof(OpsSlot) == 0, "struct blk_mq_ops holds only pointers");

// Laid out exactly like the kernel's struct blk_mq_ops.
struct OpsTable {
	OpsSlot slots[BLKMQ_OPS_SIZE / sizeof(OpsSlot)];
};

consteval OpsSlot &slot_at(OpsTable &table, unsigned long offset) { return table.slots[offset / sizeof(OpsSlot)]; }

template <class Ops>
consteval OpsTable make_ops_table() {
	using T = Thunks<Ops>;
	OpsTable table{};
	slot_at(table, BLKMQ_OPS_QUEUE_RQ_OFFSET).queue_rq = &T::queue_rq;
	slot_at(table, BLKMQ_OPS_INIT_REQUEST_OFFSET).init_request = &T::init_request;
	slot_at(table, BLKMQ_OPS_EXIT_REQUEST_OFFSET).exit_request = &T::exit_request;
	// The C side lays out the maps TagSetConfig asked for.
	slot_at(table, BLKMQ_OPS_MAP_QUEUES_OFFSET).map_queues = &blkmq_map_queues;
	if constexpr (CommitRqsOperation<Ops>)
		slot_at(table, BLKMQ_OPS_COMMIT_RQS_OFFSET).commit_rqs = &T::commit_rqs;
	if constexpr (QueueRqsOperation<Ops>)
		slot_at(table, BLKMQ_OPS_QUEUE_RQS_OFFSET).queue_rqs = &T::queue_rqs;
	if constexpr (CompleteOperation<Ops>)
		slot_at(table, BLKMQ_OPS_COMPLETE_OFFSET).complete = &T::complete;
	if constexpr (TimeoutOperation<Ops>)
		slot_at(table, BLKMQ_OPS_TIMEOUT_OFFSET).timeout = &T::timeout;
	if constexpr (PollOperation<Ops>)
		slot_at(table, BLKMQ_OPS_POLL_OFFSET).poll = &T::poll;
	if constexpr (T::has_hw_data || InitHctxOperation<Ops> || ExitHctxOperation<Ops>) {
		slot_at(table, BLKMQ_OPS_INIT_HCTX_OFFSET).init_hctx = &T::init_hctx;
		slot_at(table, BLKMQ_OPS_EXIT_HCTX_OFFSET).exit_hctx = &T::exit_hctx;
	}
	return table;
}

template <class Ops>
inline constinit const OpsTable ops_table = make_ops_table<Ops>();

} // namespace blkmq::detail
