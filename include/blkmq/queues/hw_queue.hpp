// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// HwQueue<Ops>: a view of a hardware queue context (struct blk_mq_hw_ctx).
//
// Like Request<Ops>, its address is the kernel's object; it cannot be constructed or
// copied, only received by reference from the block layer's callbacks, and is valid for
// that call: as const in queue_rq, commit_rqs and poll (which may run concurrently on one
// queue), mutable in init_hctx and exit_hctx (which run alone).
//
// Each queue serves one map of the tag set (TagSetConfig): its type() says which.
//
// HwData (Ops::HwData) is constructed for each hardware queue before Ops::init_hctx runs
// and destroyed after Ops::exit_hctx; it lives in hctx->driver_data.
#pragma once

#include <blkmq/detail/field.hpp>
#include <blkmq/detail/ops_traits.hpp>
#include <blkmq/detail/queue_data.hpp>

#include <type_traits>

namespace blkmq {

namespace detail {
template <class Ops>
struct Thunks;
}
template <class Ops>
class TimedOutRequest;
template <class Ops>
class DispatchBatch;

// Which I/O a hardware queue receives (enum hctx_type): the block layer picks the map by
// the I/O, then the queue by the submitting CPU.
enum class QueueType : unsigned short {
	Default = BLKMQ_HCTX_TYPE_DEFAULT, // everything not sent to another map
	Read = BLKMQ_HCTX_TYPE_READ,       // reads, when the tag set has read queues
	Poll = BLKMQ_HCTX_TYPE_POLL,       // polled I/O (io_uring IOPOLL, RWF_HIPRI): Ops::poll ends it
};

template <class Ops>
class HwQueue {
public:
	using Data = HwDataOf<Ops>;
	using QueueData = QueueDataOf<Ops>;

	HwQueue() = delete;
	HwQueue(const HwQueue &) = delete;
	HwQueue &operator=(const HwQueue &) = delete;
	~HwQueue() = delete;

	// The queue's index within its tag set (hctx->queue_num).
	unsigned int index() const noexcept {
		return detail::load_field<unsigned int>(this, BLKMQ_HCTX_QUEUE_NUM_OFFSET);
	}

	// Set by the block layer once the queues are mapped, which is after init_hctx: there
	// every queue reads as Default.
	QueueType type() const noexcept {
		return static_cast<QueueType>(detail::load_field<unsigned short>(this, BLKMQ_HCTX_TYPE_OFFSET));
	}

	// The queue's HwData. queue_rq, commit_rqs and poll see the queue as const, so they get
	// shared access: the block layer may run them for one hardware queue on several CPUs at
	// once, and what they change must be synchronised by the type itself (atomics, a lock).
	// init_hctx and exit_hctx, which run alone, get mutable access.
	const Data &data() const noexcept requires detail::has_data<Data> {
		return *detail::load_field<const Data *>(this, BLKMQ_HCTX_DRIVER_DATA_OFFSET);
	}
	Data &data() noexcept requires detail::has_data<Data> {
		return *detail::load_field<Data *>(this, BLKMQ_HCTX_DRIVER_DATA_OFFSET);
	}

	// The data of the disk this queue belongs to (hctx->queue->queuedata).
	const QueueData &queue_data() const noexcept { return detail::queue_data_of<Ops>(queue()); }

	// The data of the tag set the queue belongs to (hctx->queue->tag_set->driver_data).
	const TagSetDataOf<Ops> &tag_set_data() const noexcept requires detail::has_data<TagSetDataOf<Ops>> {
		return detail::tag_set_data_of<Ops>(queue());
	}

private:
	friend struct detail::Thunks<Ops>;
	friend class TimedOutRequest<Ops>;
	friend class DispatchBatch<Ops>;

	static HwQueue &from_raw(blk_mq_hw_ctx *hctx) noexcept { return *reinterpret_cast<HwQueue *>(hctx); }
	const void *queue() const noexcept { return detail::load_field<const void *>(this, BLKMQ_HCTX_QUEUE_OFFSET); }
	void set_data(Data *data) noexcept {
		*detail::field_address<Data *>(this, BLKMQ_HCTX_DRIVER_DATA_OFFSET) = data;
	}
};

} // namespace blkmq
