// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// BadBlocks: a disk's table of bad sector ranges, the kernel's badblocks (block/badblocks.c),
// as md keeps a member disk's and C null_blk a device's, for a driver to fail what touches them.
//
// State: a set of sector ranges, in 512-byte sectors below sector 2^54 (what an entry holds),
// every one acknowledged. The kernel keeps them as up to BLKMQ_BADBLOCKS_MAX_ENTRIES entries
// (512 with 4 KiB pages) of up to 512 sectors each, merging ranges that touch: a range of more
// than 512 sectors takes several entries, and first_bad() finds one entry, not the whole range.
// A full table takes no range more, not even one that would merge (the kernel's rule from 6.7). The table is the
// kernel's (allocated by the C side), so a BadBlocks is a movable owner: moving it moves the table, destroying it frees
// the table. A moved-from BadBlocks is empty: using it is reported (BLKMQ_MISUSE_EMPTY_BAD_BLOCKS), marks nothing and
// finds nothing.
//
// Synchronisation: the table has its own seqlock, so every operation is const, as Atomic<T>'s
// are: a table shared between queue_rq and configfs is changed through shared access, each
// change atomic on its own. first_bad() reads without waiting and may run anywhere (queue_rq,
// a completion, a timer); entries() allocates its copy (process context). mark_bad() in any
// context; mark_good() turns interrupts back on when it is done (write_seqlock_irq), so not
// with interrupts off: not in a timer's callback (hard interrupt context) nor under an
// IrqSpinLock. A range being marked while a request is checked is found or not, never half.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/base/result.hpp>
#include <blkmq/memory/box.hpp>
#include <blkmq/sys.h>

#include <cstdint>
#include <utility>

namespace blkmq {

// @count sectors from @first.
struct SectorRange {
	std::uint64_t first;
	std::uint64_t count;

	friend bool operator==(const SectorRange &, const SectorRange &) = default;
};

class BadBlocks {
public:
	// An empty table. May sleep (it allocates its page with GFP_KERNEL).
	[[nodiscard]] static Result<BadBlocks> create() noexcept {
		badblocks *table = blkmq_badblocks_create();
		if (table == nullptr)
			return Error::out_of_memory();
		return BadBlocks(table);
	}

	BadBlocks(BadBlocks &&other) noexcept : table_(std::exchange(other.table_, nullptr)) {}
	BadBlocks &operator=(BadBlocks &&) = delete;
	BadBlocks(const BadBlocks &) = delete;
	BadBlocks &operator=(const BadBlocks &) = delete;
	~BadBlocks() {
		if (table_ != nullptr)
			blkmq_badblocks_destroy(table_);
	}

	// Marks @range bad. Error::invalid_argument() for an empty range, one past sector 2^54, or
	// an empty BadBlocks; Error::no_space() when the table is full, after the kernel marked
	// what fitted.
	[[nodiscard]] Result<void> mark_bad(SectorRange range) const noexcept {
		badblocks *table = checked_table();
		return table ? result_of(blkmq_badblocks_set(table, range.first, range.count))
			     : Error::invalid_argument();
	}
	// Marks @range good again. Error::invalid_argument() as for mark_bad(); Error::no_space()
	// when an entry it had to cut in two did not fit in the table (the kernel may have
	// cleared other parts of the range).
	[[nodiscard]] Result<void> mark_good(SectorRange range) const noexcept {
		badblocks *table = checked_table();
		return table ? result_of(blkmq_badblocks_clear(table, range.first, range.count))
			     : Error::invalid_argument();
	}

	// The first (lowest) entry that overlaps @range, a non-empty range: a request's sectors.
	[[nodiscard]] Option<SectorRange> first_bad(SectorRange range) const noexcept {
		// sys.h's type: std::uint64_t is unsigned long here.
		unsigned long long first = 0;
		unsigned long long count = 0;
		badblocks *table = checked_table();
		if (table == nullptr || !blkmq_badblocks_check(table, range.first, range.count, &first, &count))
			return {};
		return Option<SectorRange>(SectorRange{first, count});
	}

	// Calls @visit(SectorRange) for each entry, in sector order, as the kernel lists them in
	// sysfs (badblocks_show): a copy of the table at one instant. The copy is allocated (up to
	// BLKMQ_BADBLOCKS_MAX_ENTRIES entries), so process context only; Error::out_of_memory()
	// when it cannot be.
	template <class Visit>
	[[nodiscard]] Result<void> entries(Visit &&visit) const noexcept {
		badblocks *table = checked_table();
		if (table == nullptr)
			return {};
		Result<Box<Copy>> copy = Box<Copy>::create();
		if (!copy)
			return copy.error();
		const unsigned int count =
			blkmq_badblocks_copy(table, copy.value()->entries, BLKMQ_BADBLOCKS_MAX_ENTRIES);
		for (unsigned int n = 0; n < count; ++n)
			visit(SectorRange{copy.value()->entries[n][0], copy.value()->entries[n][1]});
		return {};
	}

private:
	// What entries() reads the table into: first sector and count, as sys.h's copy gives them.
	struct Copy {
		unsigned long long entries[BLKMQ_BADBLOCKS_MAX_ENTRIES][2];
	};

	explicit BadBlocks(badblocks *table) noexcept : table_(table) {}

	// The table, or null for an empty (moved-from) BadBlocks, which is reported.
	badblocks *checked_table() const noexcept {
		if (table_ == nullptr) [[unlikely]]
			blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_BAD_BLOCKS, nullptr);
		return table_;
	}

	static Result<void> result_of(int error) noexcept {
		if (error != 0)
			return Error::from_errno(error);
		return {};
	}

	badblocks *table_;
};

} // namespace blkmq
