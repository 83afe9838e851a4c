// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The kernel side of sys.h's badblocks calls (include/blkmq/disks/bad_blocks.hpp): the table is
 * the kernel's struct badblocks, allocated here, so that C++ needs neither its layout nor its
 * API, which changed in 6.15 (and 6.14.2): badblocks_set() and badblocks_clear() return true on
 * success instead of 0, and lengths are sector_t instead of int. Which API a kernel has is read
 * from the functions' types, not its version, so that a backport is followed, and every kernel
 * gets the same calls: lengths of 64 bits, ranges checked against what an entry can hold.
 */
#include <linux/badblocks.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/seqlock.h>
#include <linux/slab.h>

#include <blkmq/sys.h>

/* sector_t lengths (6.15's API), or int ones. */
#define BLKMQ_BB_SECTOR_LENGTHS                                                                                        \
	__same_type(&badblocks_check, int (*)(struct badblocks *, sector_t, sector_t, sector_t *, sector_t *))
typedef __typeof__(__builtin_choose_expr(BLKMQ_BB_SECTOR_LENGTHS, (sector_t)0, 0)) blkmq_bb_length;
#define BLKMQ_BB_MAX_LENGTH (BLKMQ_BB_SECTOR_LENGTHS ? U64_MAX : (u64)INT_MAX)
/* bool results, true on success (6.15's API), or int ones, 0 on success. */
#define BLKMQ_BB_BOOL_RESULTS __same_type(&badblocks_set, bool (*)(struct badblocks *, sector_t, blkmq_bb_length, int))
#define BLKMQ_BB_DONE(returned) (BLKMQ_BB_BOOL_RESULTS ? (returned) != 0 : (returned) == 0)
typedef __typeof__(__builtin_choose_expr(BLKMQ_BB_BOOL_RESULTS, (bool)0, 0)) blkmq_bb_result;

/* A kernel with another mix of the two fails here rather than being misread. */
static_assert(__same_type(&badblocks_check,
			  int (*)(struct badblocks *, sector_t, blkmq_bb_length, sector_t *, blkmq_bb_length *)),
	      "badblocks_check() has neither API's type");
static_assert(__same_type(&badblocks_set, blkmq_bb_result (*)(struct badblocks *, sector_t, blkmq_bb_length, int)),
	      "badblocks_set() has neither API's type");
static_assert(__same_type(&badblocks_clear, blkmq_bb_result (*)(struct badblocks *, sector_t, blkmq_bb_length)),
	      "badblocks_clear() has neither API's type");

/* An entry keeps its first sector in 54 bits (BB_OFFSET_MASK): no range reaches past that. */
#define BLKMQ_BB_SECTORS (BB_OFFSET_MASK >> 9)

struct badblocks *blkmq_badblocks_create(void) {
	struct badblocks *bb = kzalloc(sizeof(*bb), GFP_KERNEL);

	if (bb && badblocks_init(bb, /*enable=*/1) != 0) {
		kfree(bb);
		bb = NULL;
	}
	return bb;
}

void blkmq_badblocks_destroy(struct badblocks *bb) {
	badblocks_exit(bb);
	kfree(bb);
}

/* The first entry that ends after @sector, as [*first, *end); false if none. */
static bool entry_after(struct badblocks *bb, u64 sector, u64 *first, u64 *end) {
	unsigned int seq;
	bool found;

	do {
		seq = read_seqbegin(&bb->lock);
		found = false;
		for (int n = 0; n < bb->count && !found; ++n) {
			*first = BB_OFFSET(bb->page[n]);
			*end = *first + BB_LEN(bb->page[n]);
			found = *end > sector;
		}
	} while (read_seqretry(&bb->lock, seq));
	return found;
}

int blkmq_badblocks_set(struct badblocks *bb, unsigned long long first, unsigned long long count) {
	if (count == 0 || first >= BLKMQ_BB_SECTORS || count > BLKMQ_BB_SECTORS - first)
		return -EINVAL;
	/* A range of more than INT_MAX sectors fills the older API's table in its first piece. */
	while (count != 0) {
		const blkmq_bb_length length = min_t(u64, count, BLKMQ_BB_MAX_LENGTH);

		if (!BLKMQ_BB_DONE(badblocks_set(bb, first, length, /*acknowledged=*/1)))
			return -ENOSPC;
		first += length;
		count -= length;
	}
	return 0;
}

int blkmq_badblocks_clear(struct badblocks *bb, unsigned long long first, unsigned long long count) {
	u64 end, entry_first, entry_end;

	if (count == 0 || first >= BLKMQ_BB_SECTORS || count > BLKMQ_BB_SECTORS - first)
		return -EINVAL;
	end = first + count;
	if (count <= BLKMQ_BB_MAX_LENGTH)
		return BLKMQ_BB_DONE(badblocks_clear(bb, first, count)) ? 0 : -ENOSPC;
	/*
	 * The older API, and a range past its int: clearing it INT_MAX sectors a call would take
	 * billions of calls. Only the entries it overlaps are cleared, each at most BB_MAX_LEN long.
	 */
	while (first < end && entry_after(bb, first, &entry_first, &entry_end) && entry_first < end) {
		const u64 from = max(first, entry_first);
		const u64 to = min(end, entry_end);

		if (!BLKMQ_BB_DONE(badblocks_clear(bb, from, to - from)))
			return -ENOSPC;
		first = to;
	}
	return 0;
}

bool blkmq_badblocks_check(struct badblocks *bb, unsigned long long first, unsigned long long count,
			   unsigned long long *bad_first, unsigned long long *bad_count) {
	sector_t found_first;
	blkmq_bb_length found_count;
	u64 entry_first, entry_end;

	if (count == 0 || first >= BLKMQ_BB_SECTORS)
		return false; /* no entry reaches there */
	count = min_t(u64, count, BLKMQ_BB_SECTORS - first);
	if (count <= BLKMQ_BB_MAX_LENGTH) {
		if (badblocks_check(bb, first, count, &found_first, &found_count) == 0)
			return false;
		*bad_first = found_first;
		*bad_count = found_count;
		return true;
	}
	/* The older API, and more sectors than its int: the table's own entries, in order. */
	if (!entry_after(bb, first, &entry_first, &entry_end) || entry_first >= first + count)
		return false;
	*bad_first = entry_first;
	*bad_count = entry_end - entry_first;
	return true;
}

unsigned int blkmq_badblocks_copy(struct badblocks *bb, unsigned long long (*entries)[2], unsigned int max) {
	unsigned int seq, copied;

	do {
		seq = read_seqbegin(&bb->lock);
		copied = 0;
		for (int n = 0; n < bb->count && copied < max; ++n, ++copied) {
			entries[copied][0] = BB_OFFSET(bb->page[n]);
			entries[copied][1] = BB_LEN(bb->page[n]);
		}
	} while (read_seqretry(&bb->lock, seq));
	return copied;
}
