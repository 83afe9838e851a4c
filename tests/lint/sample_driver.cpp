// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A small driver that uses every part of the library, so that clang-tidy sees each header's
// templates instantiated as a driver instantiates them. Never run: it is only analysed.
#include <blkmq/blkmq.hpp>

#include <utility>

namespace {

struct SampleOps {
	struct RequestData {
		unsigned long submitted = 0;
	};
	struct QueueData {
		unsigned int irq_mode = 0;
	};
	struct HwData {
		// Shared by every CPU dispatching to the queue: changed with atomic builtins only.
		mutable unsigned int in_flight = 0;
	};

	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<SampleOps> &queue, blkmq::OwnedRequest<SampleOps> rq,
					      bool is_last) noexcept {
		if (__atomic_load_n(&queue.data().in_flight, __ATOMIC_RELAXED) > 128)
			return std::move(rq).busy();
		if (rq->op() == blkmq::Op::Discard)
			return std::move(rq).fail(blkmq::Status::not_supported());
		blkmq::UniqueRequest<SampleOps> started = std::move(rq).start();
		started->data().submitted = started->sector();
		__atomic_fetch_add(&queue.data().in_flight, 1, __ATOMIC_RELAXED);
		if (queue.queue_data().irq_mode == 0 || is_last)
			std::move(started).end_ok();
		else
			std::move(started).complete();
		return blkmq::DispatchResult::accepted();
	}

	static void commit_rqs(const blkmq::HwQueue<SampleOps> &queue) noexcept {
		__atomic_store_n(&queue.data().in_flight, 0, __ATOMIC_RELAXED);
	}

	static void complete(blkmq::UniqueRequest<SampleOps> rq) noexcept {
		if (rq->is_write() && rq->is_fua())
			std::move(rq).end(blkmq::Status::io_error());
		else
			share_and_end(std::move(rq));
	}

	// Hands a started request to a second owner and takes it back.
	static void share_and_end(blkmq::UniqueRequest<SampleOps> rq) noexcept {
		blkmq::ARef<blkmq::Request<SampleOps>> first = std::move(rq).share();
		const blkmq::ARef<blkmq::Request<SampleOps>> second = first;
		if (second->data().submitted == 0)
			return;
		blkmq::UniqueOrShared<SampleOps> result = std::move(first).try_unique();
		if (result.is_unique())
			std::move(result).unique().end_ok();
	}

	static blkmq::TimeoutAction timeout(blkmq::TimedOutRequest<SampleOps> rq) noexcept {
		blkmq::Option<blkmq::UniqueRequest<SampleOps>> taken = rq.try_take();
		if (!taken)
			return blkmq::TimeoutAction::ResetTimer;
		std::move(taken).take().end(blkmq::Status::timeout());
		return blkmq::TimeoutAction::Done;
	}

	static int poll(const blkmq::HwQueue<SampleOps> &queue, blkmq::CompletionBatch &) noexcept {
		return static_cast<int>(queue.index());
	}

	static blkmq::Result<void> init_hctx(blkmq::HwQueue<SampleOps> &queue) noexcept {
		queue.data().in_flight = 0;
		return {};
	}

	static void exit_hctx(blkmq::HwQueue<SampleOps> & /*queue*/) noexcept {}
};

// A completion that names a tag: look the request up, then end it if this was the last
// reference.
void complete_tag(const blkmq::TagSet<SampleOps> &tag_set, unsigned int qid, unsigned int tag) noexcept {
	blkmq::Option<blkmq::ARef<blkmq::Request<SampleOps>>> found = tag_set.tag_to_rq(qid, tag);
	if (!found)
		return;
	blkmq::UniqueOrShared<SampleOps> result = std::move(found).take().try_unique();
	if (result.is_unique())
		std::move(result).unique().end_ok();
}

struct SampleDevice {
	blkmq::TagSet<SampleOps> tag_set;
	blkmq::GenDisk<SampleOps> disk;
};

blkmq::Result<SampleDevice> make_device(int index) noexcept {
	blkmq::Result<blkmq::TagSet<SampleOps>> tag_set = blkmq::TagSet<SampleOps>::create({.nr_hw_queues = 2});
	if (!tag_set) {
		blkmq_pr_err("sample: no tag set: %d\n", tag_set.error().to_errno());
		return tag_set.error();
	}
	blkmq::Result<blkmq::GenDisk<SampleOps>> disk =
		blkmq::GenDiskBuilder()
			.name("sample", index)
			.capacity_sectors(1u << 21)
			.logical_block_size(4096)
			.rotational(false)
			.build(tag_set.value(), SampleOps::QueueData{.irq_mode = 1});
	if (!disk)
		return disk.error();
	return SampleDevice{std::move(tag_set).value(), std::move(disk).value()};
}

blkmq::Result<void> probe() noexcept {
	SampleDevice device = BLKMQ_TRY(make_device(0));
	complete_tag(device.tag_set, 0, 1);
	return {};
}

} // namespace

// The entry point a module's C init code would call.
bool sample_probe() noexcept { return probe().has_value(); }
