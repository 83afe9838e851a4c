// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// GenDisk<Ops> and GenDiskBuilder: a block device (struct gendisk) on a TagSet<Ops>.
//
// The builder checks everything the kernel would reject, or silently misuse, before
// anything is allocated: a name that fits disk_name, a non-zero capacity, block sizes
// that are powers of two from 512 to the page size (physical no smaller than logical),
// request and segment limits no smaller than a page, a virtual boundary that is a power
// of two and not combined with a segment size, a DMA alignment that is a power of two up
// to a page. Where kernels differ (6.9 on reject what 6.1 quietly raises, some versions
// allow what others refuse), it rejects what any of them would, so that a disk that builds
// on one kernel builds on all.
//
// A GenDisk is a disk that has been added (device_add_disk). It holds a reference to its
// tag set, so the TagSet may be destroyed first: the block layer's tag set is freed with
// the last disk on it. Destroying a GenDisk deletes it (del_gendisk: no new I/O, in-flight
// I/O drained), drops the reference (put_disk) and its tag set's, and then frees the
// QueueData, which the disk's requests could reach until then. A disk allocated but never
// added, because adding failed, gets put_disk only: teardown matches the state reached (the
// Rust GenDisk leaked here, calling del_gendisk but not put_disk).
//
// freeze() and quiesce() hold the disk's queue for a scope: FrozenQueue (nothing in flight,
// nothing enters) and QuiescedQueue (nothing dispatched), each ended by its destructor. An
// empty (moved-from) GenDisk has no queue: freezing or quiescing it is reported
// (BLKMQ_MISUSE_EMPTY_DISK) and does nothing.
//
// exit_hctx runs inside that teardown, before the QueueData is freed: del_gendisk exits the
// queue of a disk that was added (blk_mq_exit_queue), put_disk that of a disk never added.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/detail/ops_traits.hpp>
#include <blkmq/disks/frozen_queue.hpp>
#include <blkmq/disks/quiesced_queue.hpp>
#include <blkmq/memory/box.hpp>
#include <blkmq/queues/tag_set.hpp>

#include <cstdint>
#include <type_traits>
#include <utility>

namespace blkmq {

// How a disk with a volatile write cache honours a write that must reach its medium before
// it ends (REQ_FUA): itself (the request reaches the driver with is_fua()), or by the block
// layer following the write with a flush (the driver never sees is_fua()).
enum class Fua : bool {
	Emulated,
	Supported,
};

template <class Ops>
class GenDisk {
public:
	using QueueData = QueueDataOf<Ops>;

	GenDisk(GenDisk &&other) noexcept
	    : disk_(std::exchange(other.disk_, nullptr)), queue_data_(std::move(other.queue_data_)) {}
	GenDisk(const GenDisk &) = delete;
	GenDisk &operator=(const GenDisk &) = delete;
	GenDisk &operator=(GenDisk &&) = delete;
	~GenDisk() {
		if (disk_) {
			del_gendisk(disk_);
			blkmq_disk_put(disk_); // and the disk's reference to its tag set
		}
		// queue_data_ is freed after this body, once no request can reach it.
	}

	const QueueData &queue_data() const noexcept { return *queue_data_; }

	// The disk's queue frozen until the FrozenQueue's scope ends (frozen_queue.hpp): sleeps
	// until every request of the disk has ended. Process context only.
	FrozenQueue freeze() const noexcept { return FrozenQueue(checked_disk()); }
	// No dispatch to the driver until the QuiescedQueue ends (quiesced_queue.hpp): sleeps
	// until the running queue_rq calls return. Process context only.
	QuiescedQueue quiesce() const noexcept { return QuiescedQueue(checked_disk()); }

private:
	friend class GenDiskBuilder;

	GenDisk(gendisk *disk, Box<QueueData> &&queue_data) noexcept
	    : disk_(disk), queue_data_(std::move(queue_data)) {}

	// The disk, or null for an empty (moved-from) GenDisk, which is reported.
	gendisk *checked_disk() const noexcept {
		if (!disk_) [[unlikely]]
			blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_DISK, nullptr);
		return disk_;
	}

	gendisk *disk_;
	Box<QueueData> queue_data_;
};

class GenDiskBuilder {
public:
	static constexpr unsigned int max_name_length = 31; // disk_name is char[32]

	// The disk's name: @prefix, then @index in decimal unless it is negative
	// ("nullb_cpp" and 0 give "nullb_cpp0").
	GenDiskBuilder &name(const char *prefix, int index = -1) noexcept {
		unsigned int length = 0;
		for (; prefix[length] != '\0' && length < sizeof(name_) - 1; ++length)
			name_[length] = prefix[length];
		name_too_long_ = prefix[length] != '\0';
		if (index >= 0)
			length = append_decimal(length, static_cast<unsigned int>(index));
		name_[length < sizeof(name_) ? length : sizeof(name_) - 1] = '\0';
		return *this;
	}
	GenDiskBuilder &capacity_sectors(std::uint64_t sectors) noexcept {
		config_.capacity_sectors = sectors;
		return *this;
	}
	GenDiskBuilder &logical_block_size(std::uint32_t bytes) noexcept {
		config_.logical_block_size = bytes;
		return *this;
	}
	// Defaults to the logical block size.
	GenDiskBuilder &physical_block_size(std::uint32_t bytes) noexcept {
		config_.physical_block_size = bytes;
		return *this;
	}
	GenDiskBuilder &rotational(bool rotational) noexcept {
		config_.rotational = rotational;
		return *this;
	}
	// A disk without partitions: adding it reads no partition table (C null_blk's disks,
	// which have one minor, are such).
	GenDiskBuilder &no_partitions() noexcept {
		config_.no_partitions = true;
		return *this;
	}
	// The largest request, in 512-byte sectors; 0 keeps the block layer's default. The
	// kernel rounds it down to whole logical blocks and rejects less than one page (6.9 on:
	// a WARN and -EINVAL; 6.1 raises it to a page, with a pr_info): build() rejects that on
	// every kernel.
	GenDiskBuilder &max_hw_sectors(std::uint32_t sectors) noexcept {
		config_.max_hw_sectors = sectors;
		return *this;
	}

	// At most @count segments (Request::segments()) per request, up to 65535 (the kernel
	// keeps it in 16 bits); 0 keeps the block layer's default (128).
	GenDiskBuilder &max_segments(std::uint32_t count) noexcept {
		config_.max_segments = count;
		return *this;
	}
	// Segments of at most @bytes, at least a page (as for max_hw_sectors, 6.9 on reject less
	// and 6.1 raises it); 0 keeps the block layer's default (64 KiB). Not with a virtual
	// boundary, whose segments have no size limit.
	GenDiskBuilder &max_segment_size(std::uint32_t bytes) noexcept {
		config_.max_segment_size = bytes;
		return *this;
	}
	// Every segment but a request's first starts at a multiple of @bytes, and every one but
	// its last ends at one (C null_blk's virt_boundary: the page size), as hardware with one
	// descriptor per page needs: the block layer splits or bounces what does not fit. A
	// power of two from 512; 0 (the default): no boundary.
	GenDiskBuilder &virt_boundary(std::uint32_t bytes) noexcept {
		virt_boundary_ = bytes;
		return *this;
	}

	// Direct I/O buffers need only be aligned to @bytes in memory: a power of two from 2 to
	// the page size; 0 (the default) keeps the block layer's 512. With less than 512, a
	// driver sees segments that start and end at any multiple of @bytes within a page,
	// though a request's length stays a whole number of logical blocks (C null_blk sets 2
	// from 6.19 on).
	GenDiskBuilder &dma_alignment(std::uint32_t bytes) noexcept {
		dma_alignment_ = bytes;
		return *this;
	}

	// Discard (REQ_OP_DISCARD) of at most @sectors 512-byte sectors per request, in whole
	// logical blocks; 0 (the default): the disk takes no discards.
	GenDiskBuilder &max_discard_sectors(std::uint32_t sectors) noexcept {
		config_.max_discard_sectors = sectors;
		return *this;
	}
	// Write zeroes (REQ_OP_WRITE_ZEROES) of at most @sectors per request; 0 (the default):
	// the disk takes none, and the block layer writes zero pages instead.
	GenDiskBuilder &max_write_zeroes_sectors(std::uint32_t sectors) noexcept {
		config_.max_write_zeroes_sectors = sectors;
		return *this;
	}

	// The disk has a volatile write cache: what a write stores may be lost with power until a
	// flush (Op::Flush, which the block layer then sends, and a write's is_preflush() turned
	// into one) has made it durable, and @fua says who honours is_fua(). Without this (the
	// default), the block layer sends no flushes and clears REQ_FUA and REQ_PREFLUSH: the disk
	// must make each write durable before it ends.
	GenDiskBuilder &volatile_write_cache(Fua fua) noexcept {
		config_.write_cache = true;
		config_.fua = fua == Fua::Supported;
		return *this;
	}

	// Whether build() would accept this configuration.
	Result<void> validate() const noexcept {
		if (name_[0] == '\0' || name_too_long_ || config_.capacity_sectors == 0)
			return Error::invalid_argument();
		const std::uint32_t logical = config_.logical_block_size;
		const std::uint32_t physical = physical_block_size();
		if (!is_block_size(logical) || !is_block_size(physical) || physical < logical)
			return Error::invalid_argument();
		const std::uint32_t sectors_per_block = logical / 512;
		const std::uint32_t max_sectors = config_.max_hw_sectors / sectors_per_block * sectors_per_block;
		if (config_.max_hw_sectors != 0 && max_sectors < BLKMQ_PAGE_SIZE / 512)
			return Error::invalid_argument();
		if (config_.max_segments > 0xffff)
			return Error::invalid_argument();
		if (config_.max_segment_size != 0 && config_.max_segment_size < BLKMQ_PAGE_SIZE)
			return Error::invalid_argument();
		if (dma_alignment_ != 0 &&
		    (dma_alignment_ < 2 || dma_alignment_ > BLKMQ_PAGE_SIZE || !is_power_of_two(dma_alignment_)))
			return Error::invalid_argument();
		if (virt_boundary_ != 0 &&
		    (virt_boundary_ < 512 || !is_power_of_two(virt_boundary_) || config_.max_segment_size != 0))
			return Error::invalid_argument();
		return {};
	}

	// Allocates the disk on @tag_set with its QueueData made from @args, and adds it. The
	// QueueData is constructed in place, in the allocation it keeps for the disk's life:
	// with no argument it is default-constructed, with a QueueData it is copied or moved,
	// with anything else it is built from that (its constructor, or aggregate
	// initialisation), so a large or non-movable QueueData never passes through the stack.
	//
	// Errors: invalid_argument for a configuration validate() rejects or an empty
	// (moved-from) @tag_set (also reported as misuse); out_of_memory; what the kernel
	// returns for the disk.
	template <class Ops, class... Args>
	[[nodiscard]] Result<GenDisk<Ops>> build(const TagSet<Ops> &tag_set, Args &&...args) const noexcept {
		if (Result<void> valid = validate(); !valid)
			return valid.error();
		if (!tag_set.set_) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_TAG_SET, nullptr);
			return Error::invalid_argument();
		}
		Result<Box<QueueDataOf<Ops>>> boxed = Box<QueueDataOf<Ops>>::create(std::forward<Args>(args)...);
		if (!boxed)
			return boxed.error();
		Box<QueueDataOf<Ops>> data = std::move(boxed).value();

		blkmq_disk_config config = config_;
		config.name = name_;
		config.physical_block_size = physical_block_size();
		config.virt_boundary_mask = virt_boundary_ != 0 ? virt_boundary_ - 1 : 0;
		config.dma_alignment_mask = dma_alignment_ != 0 ? dma_alignment_ - 1 : 0;
		gendisk *disk = nullptr;
		if (int err = blkmq_disk_create(tag_set.set_, data.get(), &config, &disk))
			return Error::from_errno(err);
		if (int err = device_add_disk(nullptr, disk, nullptr)) {
			blkmq_disk_put(disk); // never added: no del_gendisk
			return Error::from_errno(err);
		}
		return GenDisk<Ops>(disk, std::move(data));
	}

	// The same with the QueueData given as a braced list or designated initialisers
	// (`build(tag_set, {.irqmode = mode})`), which cannot be deduced as an argument above.
	template <class Ops>
	[[nodiscard]] Result<GenDisk<Ops>> build(const TagSet<Ops> &tag_set,
						 QueueDataOf<Ops> &&queue_data) const noexcept {
		return build<Ops, QueueDataOf<Ops>>(tag_set, std::move(queue_data));
	}

	// A block size the block layer supports: a power of two from 512 to the page size.
	static constexpr bool is_block_size(std::uint32_t bytes) noexcept {
		return bytes >= 512 && bytes <= BLKMQ_PAGE_SIZE && is_power_of_two(bytes);
	}

private:
	// Not std::has_single_bit: without -mpopcnt it calls libgcc's __popcountdi2, which a module
	// cannot link.
	static constexpr bool is_power_of_two(unsigned long value) noexcept {
		return value != 0 && (value & (value - 1)) == 0;
	}

	// The physical block size set, or the logical one when none was.
	std::uint32_t physical_block_size() const noexcept {
		return config_.physical_block_size ? config_.physical_block_size : config_.logical_block_size;
	}

	unsigned int append_decimal(unsigned int length, unsigned int value) noexcept {
		char digits[10];
		unsigned int count = 0;
		do {
			digits[count++] = static_cast<char>('0' + value % 10);
			value /= 10;
		} while (value != 0);
		while (count > 0) {
			if (length >= sizeof(name_) - 1) {
				name_too_long_ = true;
				return length;
			}
			name_[length++] = digits[--count];
		}
		return length;
	}

	char name_[max_name_length + 1] = {};
	bool name_too_long_ = false;
	std::uint32_t virt_boundary_ = 0;
	std::uint32_t dma_alignment_ = 0;
	blkmq_disk_config config_ = {
		.name = nullptr,
		.capacity_sectors = 0,
		.logical_block_size = 512,
		.physical_block_size = 0,
		.max_hw_sectors = 0,
		.max_segments = 0,
		.max_segment_size = 0,
		.virt_boundary_mask = 0,
		.dma_alignment_mask = 0,
		.max_discard_sectors = 0,
		.max_write_zeroes_sectors = 0,
		.rotational = false,
		.write_cache = false,
		.fua = false,
		.no_partitions = false,
	};
};

} // namespace blkmq
