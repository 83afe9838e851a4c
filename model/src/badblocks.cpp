// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The kernel's badblocks table as a driver sees it: ranges of sectors marked bad and good
// again, kept as entries of up to 512 sectors, at most 512 of them; a check finds the lowest
// entry that overlaps. The model keeps the bad sectors as maximal ranges and lays each out as
// entries of 512 sectors from its start, which is what the kernel does with ranges marked in
// order; where the kernel's entries split elsewhere (ranges marked in another order), a driver
// sees the same bad sectors, found one entry at a time. A full table takes no range more, not
// even one that merges (as from 6.7), and a range that would overfill it is refused whole (the
// kernel marks what fits first). Ranges end at sector 2^54, what an entry holds. Checking an
// empty range is a violation: the newest kernels WARN on it. A table that is never destroyed
// is counted as a leak.
#include "internal.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

struct badblocks {
	std::mutex mutex; // the kernel's seqlock
	// First sector -> sector count, disjoint and not touching: maximal ranges.
	std::map<std::uint64_t, std::uint64_t> ranges;
};

namespace blkmq::model {
namespace {
constexpr std::uint64_t entry_sectors = 512; // BB_MAX_LEN
constexpr std::size_t max_entries = BLKMQ_BADBLOCKS_MAX_ENTRIES;
constexpr std::uint64_t max_sectors = 1ull << 54; // an entry's first sector: BB_OFFSET_MASK
std::atomic<std::size_t> tables{0};

using Ranges = std::map<std::uint64_t, std::uint64_t>;

std::size_t entries_of(const Ranges &ranges) {
	std::size_t entries = 0;
	for (const auto &[first, count] : ranges)
		entries += (count + entry_sectors - 1) / entry_sectors;
	return entries;
}

// @ranges with [first, end) bad (@bad) or good (!@bad), kept maximal.
Ranges with(const Ranges &ranges, std::uint64_t first, std::uint64_t end, bool bad) {
	Ranges result;
	for (const auto &[start, count] : ranges) {
		const std::uint64_t stop = start + count;
		if (stop <= first || start >= end) {
			result.emplace(start, count);
			continue;
		}
		if (start < first)
			result.emplace(start, first - start);
		if (stop > end)
			result.emplace(end, stop - end);
	}
	if (bad) {
		std::uint64_t start = first, stop = end;
		// Absorb the ranges that touch or overlap [first, end).
		for (auto it = result.begin(); it != result.end();) {
			if (it->first + it->second >= start && it->first <= stop) {
				start = std::min(start, it->first);
				stop = std::max(stop, it->first + it->second);
				it = result.erase(it);
			} else {
				++it;
			}
		}
		result.emplace(start, stop - start);
	}
	return result;
}

badblocks *checked(badblocks *bb, const char *operation) {
	if (bb == nullptr)
		record_violation(std::string(operation) + ": no table");
	return bb;
}

int change(badblocks *bb, unsigned long long first, unsigned long long count, bool bad, const char *operation) {
	if (checked(bb, operation) == nullptr)
		return -EINVAL;
	if (count == 0 || first >= max_sectors || count > max_sectors - first)
		return -EINVAL;
	if (!bad)
		check_interrupts_on(operation); // write_seqlock_irq
	const std::lock_guard lock(bb->mutex);
	if (bad && entries_of(bb->ranges) == max_entries)
		return -ENOSPC;
	Ranges changed = with(bb->ranges, first, first + count, bad);
	if (entries_of(changed) > max_entries)
		return -ENOSPC;
	bb->ranges = std::move(changed);
	return 0;
}
} // namespace

std::size_t live_bad_blocks() { return tables.load(); }

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" struct badblocks *blkmq_badblocks_create(void) {
	check_may_sleep("badblocks_init"); // kzalloc(GFP_KERNEL)
	if (take_injected_alloc_failure())
		return nullptr;
	++tables;
	return new badblocks;
}

extern "C" void blkmq_badblocks_destroy(struct badblocks *bb) {
	if (checked(bb, "badblocks_exit") == nullptr)
		return;
	delete bb;
	--tables;
}

extern "C" int blkmq_badblocks_set(struct badblocks *bb, unsigned long long first, unsigned long long count) {
	return change(bb, first, count, /*bad=*/true, "badblocks_set");
}

extern "C" int blkmq_badblocks_clear(struct badblocks *bb, unsigned long long first, unsigned long long count) {
	return change(bb, first, count, /*bad=*/false, "badblocks_clear");
}

extern "C" bool blkmq_badblocks_check(struct badblocks *bb, unsigned long long first, unsigned long long count,
				      unsigned long long *bad_first, unsigned long long *bad_count) {
	if (checked(bb, "badblocks_check") == nullptr)
		return false;
	if (count == 0) {
		record_violation("badblocks_check: an empty range (the kernel WARNs: a flush has no sectors to check)");
		return false;
	}
	const std::uint64_t end = first + count < first ? ~0ull : first + count; // past 2^54: none there
	const std::lock_guard lock(bb->mutex);
	for (const auto &[start, length] : bb->ranges) {
		if (start + length <= first)
			continue;
		if (start >= end)
			return false;
		// The entry of this range that holds the first sector of the overlap.
		const std::uint64_t overlap = std::max<std::uint64_t>(start, first);
		const std::uint64_t entry = start + (overlap - start) / entry_sectors * entry_sectors;
		*bad_first = entry;
		*bad_count = std::min(entry_sectors, start + length - entry);
		return true;
	}
	return false;
}

extern "C" unsigned int blkmq_badblocks_copy(struct badblocks *bb, unsigned long long (*entries)[2], unsigned int max) {
	if (checked(bb, "badblocks_show") == nullptr)
		return 0;
	const std::lock_guard lock(bb->mutex);
	unsigned int copied = 0;
	for (const auto &[start, length] : bb->ranges)
		for (std::uint64_t offset = 0; offset < length && copied < max; offset += entry_sectors, ++copied) {
			entries[copied][0] = start + offset;
			entries[copied][1] = std::min(entry_sectors, length - offset);
		}
	return copied;
}
