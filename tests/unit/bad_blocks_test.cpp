// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// BadBlocks: ranges marked bad and good again, found one entry (up to 512 sectors) at a time
// and listed in sector order; a full table refuses; an empty range is invalid; marking good
// with interrupts off and using a moved-from table are reported.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <utility>
#include <vector>

namespace blkmq::testing {
namespace {

using BadBlocksTest = ModelTest;

std::vector<SectorRange> entries_of(const BadBlocks &table) {
	std::vector<SectorRange> entries;
	EXPECT_TRUE(table.entries([&](SectorRange entry) { entries.push_back(entry); }));
	return entries;
}

BadBlocks make_table() {
	Result<BadBlocks> table = BadBlocks::create();
	EXPECT_TRUE(table);
	return std::move(table).value();
}

TEST_F(BadBlocksTest, MarkedRangesAreFoundAndListedInOrder) {
	BadBlocks table = make_table();
	EXPECT_TRUE(table.mark_bad({100, 8}));
	EXPECT_TRUE(table.mark_bad({0, 4}));
	EXPECT_EQ(entries_of(table), (std::vector<SectorRange>{{0, 4}, {100, 8}}));

	Option<SectorRange> found = table.first_bad({0, 200});
	ASSERT_TRUE(found);
	EXPECT_EQ(*found, (SectorRange{0, 4})) << "not the lowest entry";
	EXPECT_FALSE(table.first_bad({4, 96})) << "the sectors between the ranges are good";
	found = table.first_bad({99, 2});
	ASSERT_TRUE(found);
	EXPECT_EQ(*found, (SectorRange{100, 8}));
	EXPECT_FALSE(table.first_bad({108, 1000}));
}

// Ranges that touch become one; a range is kept as entries of at most 512 sectors, and a
// check finds the entry that holds the first bad sector it covers.
TEST_F(BadBlocksTest, RangesMergeAndAreKeptAsEntriesOf512Sectors) {
	BadBlocks table = make_table();
	EXPECT_TRUE(table.mark_bad({0, 300}));
	EXPECT_TRUE(table.mark_bad({300, 300}));
	EXPECT_EQ(entries_of(table), (std::vector<SectorRange>{{0, 512}, {512, 88}}));
	Option<SectorRange> found = table.first_bad({550, 10});
	ASSERT_TRUE(found);
	EXPECT_EQ(*found, (SectorRange{512, 88}));
	EXPECT_TRUE(table.mark_bad({2000, 1100}));
	EXPECT_EQ(entries_of(table),
		  (std::vector<SectorRange>{{0, 512}, {512, 88}, {2000, 512}, {2512, 512}, {3024, 76}}));
}

TEST_F(BadBlocksTest, MarkingGoodCutsARange) {
	BadBlocks table = make_table();
	EXPECT_TRUE(table.mark_bad({0, 100}));
	EXPECT_TRUE(table.mark_good({40, 20}));
	EXPECT_EQ(entries_of(table), (std::vector<SectorRange>{{0, 40}, {60, 40}}));
	EXPECT_FALSE(table.first_bad({40, 20}));
	EXPECT_TRUE(table.mark_good({0, 1000}));
	EXPECT_EQ(entries_of(table), std::vector<SectorRange>{});
	EXPECT_TRUE(table.mark_good({5000, 1})) << "marking good sectors good again is no error";
}

// 512 entries fill the table: one more range is refused, even one that would merge (as the
// kernel refuses from 6.7), and so is cutting an entry in two; marking one good makes room.
TEST_F(BadBlocksTest, AFullTableRefusesMoreEntries) {
	BadBlocks table = make_table();
	for (std::uint64_t n = 0; n < 511; ++n)
		ASSERT_TRUE(table.mark_bad({2 * n, 1})) << n;
	EXPECT_TRUE(table.mark_bad({5000, 3}));
	EXPECT_EQ(table.mark_bad({6000, 1}).error(), Error::no_space());
	EXPECT_EQ(table.mark_bad({5003, 10}).error(), Error::no_space());
	EXPECT_EQ(table.mark_good({5001, 1}).error(), Error::no_space());
	EXPECT_EQ(entries_of(table).size(), 512u);
	EXPECT_TRUE(table.mark_good({0, 1}));
	EXPECT_TRUE(table.mark_bad({6000, 1}));
}

TEST_F(BadBlocksTest, AnEmptyRangeIsInvalid) {
	BadBlocks table = make_table();
	EXPECT_EQ(table.mark_bad({5, 0}).error(), Error::invalid_argument());
	EXPECT_EQ(table.mark_good({5, 0}).error(), Error::invalid_argument());
	EXPECT_EQ(table.mark_bad({~0ull, 2}).error(), Error::invalid_argument()) << "a range past the last sector";
	constexpr std::uint64_t past_entries = 1ull << 54; // an entry's first sector has 54 bits
	EXPECT_EQ(table.mark_bad({past_entries, 1}).error(), Error::invalid_argument());
	EXPECT_EQ(table.mark_bad({past_entries - 8, 9}).error(), Error::invalid_argument());
	EXPECT_TRUE(table.mark_bad({past_entries - 8, 8}));
	EXPECT_EQ(entries_of(table), (std::vector<SectorRange>{{past_entries - 8, 8}}));
	EXPECT_FALSE(table.first_bad({5, 0}));
	expect_one_violation("badblocks_check: an empty range");
}

// mark_good() turns interrupts back on: not under an IrqSpinLock, nor in a timer's callback.
TEST_F(BadBlocksTest, MarkingGoodWithInterruptsOffIsReported) {
	IrqSpinLock<BadBlocks> table(make_table());
	{
		auto locked = table.lock();
		EXPECT_TRUE(locked->mark_bad({0, 8})) << "marking bad may run with interrupts off";
		EXPECT_TRUE(locked->first_bad({0, 8}));
	}
	{
		auto locked = table.lock();
		EXPECT_TRUE(locked->mark_good({0, 8}));
	}
	expect_one_violation("turns interrupts back on, but runs with them off (under a spin lock");
}

TEST_F(BadBlocksTest, AMovedFromTableIsReportedAndFindsNothing) {
	BadBlocks table = make_table();
	EXPECT_TRUE(table.mark_bad({0, 8}));
	BadBlocks moved = std::move(table);
	EXPECT_TRUE(moved.first_bad({0, 8})) << "the table moved with the handle";
	EXPECT_EQ(table.mark_bad({0, 8}).error(), Error::invalid_argument()); // NOLINT(bugprone-use-after-move)
	expect_one_violation("an empty (moved-from) BadBlocks was used");
	EXPECT_FALSE(table.first_bad({0, 8})); // NOLINT(bugprone-use-after-move)
	expect_one_violation("an empty (moved-from) BadBlocks was used");
}

TEST_F(BadBlocksTest, AFailedAllocationIsOutOfMemory) {
	model::fail_next_alloc();
	Result<BadBlocks> table = BadBlocks::create();
	ASSERT_FALSE(table);
	EXPECT_EQ(table.error(), Error::out_of_memory());
}

} // namespace
} // namespace blkmq::testing
