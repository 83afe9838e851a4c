// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Memory for drivers: OwnedPage (zeroed, freed once), PageRange bounds, LocalMapping scopes,
// XArray ownership (adopted on insert, given back on remove, freed with the array, nothing
// left behind when an insert fails).
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <cstddef>
#include <cstring>
#include <utility>
#include <vector>

namespace blkmq::testing {
namespace {

using MemoryTest = ModelTest;

TEST_F(MemoryTest, AFreshPageIsZeroedAndFreedWithItsOwner) {
	{
		Result<OwnedPage> page = OwnedPage::create(Gfp::Kernel);
		ASSERT_TRUE(page);
		EXPECT_EQ(model::live_pages(), 1u);
		std::vector<std::byte> bytes(Page::size, std::byte{1});
		EXPECT_TRUE(page.value()->range().copy_to(bytes));
		EXPECT_EQ(bytes, std::vector<std::byte>(Page::size, std::byte{0}));
		OwnedPage moved = std::move(page).value();
		EXPECT_EQ(model::live_pages(), 1u);
	}
	EXPECT_EQ(model::live_pages(), 0u);
}

TEST_F(MemoryTest, AFailedPageAllocationIsAnError) {
	model::fail_next_alloc();
	Result<OwnedPage> page = OwnedPage::create(Gfp::NoIo);
	ASSERT_FALSE(page);
	EXPECT_EQ(page.error(), Error::out_of_memory());
}

TEST_F(MemoryTest, RangesCopyBetweenPagesAndBuffers) {
	Result<OwnedPage> a = OwnedPage::create(Gfp::Kernel);
	Result<OwnedPage> b = OwnedPage::create(Gfp::Kernel);
	ASSERT_TRUE(a && b);
	std::vector<std::byte> message(100);
	for (std::size_t i = 0; i < message.size(); ++i)
		message[i] = std::byte(i + 1);
	EXPECT_TRUE(a.value()->range(1000, 100).copy_from(message));
	EXPECT_TRUE(b.value()->range(4000, 96).copy_from(a.value()->range(1000, 96)));
	std::vector<std::byte> out(96);
	EXPECT_TRUE(b.value()->range(4000, 96).copy_to(out));
	EXPECT_TRUE(std::equal(out.begin(), out.end(), message.begin()));
	EXPECT_TRUE(b.value()->range(4000, 50).zero());
	EXPECT_TRUE(b.value()->range(4000, 96).copy_to(out));
	EXPECT_EQ(out[49], std::byte{0});
	EXPECT_EQ(out[50], std::byte{51});
	const PageRange range = a.value()->range(1000, 100);
	EXPECT_EQ(range.first(30).length(), 30u);
	EXPECT_EQ(range.after(30).offset(), 1030u);
	EXPECT_EQ(range.after(30).length(), 70u);
	EXPECT_TRUE(range.after(100).empty());
}

TEST_F(MemoryTest, ARangePastItsPageOrAnUnequalCopyIsReportedAndCopiesNothing) {
	Result<OwnedPage> page = OwnedPage::create(Gfp::Kernel);
	ASSERT_TRUE(page);
	const PageRange past = page.value()->range(4000, 200);
	expect_one_violation("page range reached past its page");
	EXPECT_TRUE(past.empty());
	EXPECT_TRUE(page.value()->range().subrange(10, 4090).empty());
	expect_one_violation("page range reached past its page");

	std::vector<std::byte> small(10, std::byte{7});
	EXPECT_FALSE(page.value()->range(0, 20).copy_from(small));
	expect_one_violation("different lengths");
	EXPECT_FALSE(page.value()->range(0, 20).copy_from(page.value()->range(100, 10)));
	expect_one_violation("different lengths");
	std::vector<std::byte> out(Page::size);
	EXPECT_TRUE(page.value()->range().copy_to(out));
	EXPECT_EQ(out, std::vector<std::byte>(Page::size, std::byte{0}));
}

TEST_F(MemoryTest, LocalMappingsNestAndEndWithTheirScope) {
	Result<OwnedPage> a = OwnedPage::create(Gfp::Kernel);
	Result<OwnedPage> b = OwnedPage::create(Gfp::Kernel);
	ASSERT_TRUE(a && b);
	{
		LocalMapping outer(a.value()->range(8, 16));
		ASSERT_EQ(outer.bytes().size(), 16u);
		std::memset(outer.bytes().data(), 0x42, outer.bytes().size());
		{
			LocalMapping inner(b.value()->range());
			EXPECT_EQ(model::live_local_mappings(), 2u);
			inner.bytes()[0] = std::byte{9};
		}
		EXPECT_EQ(model::live_local_mappings(), 1u);
	}
	EXPECT_EQ(model::live_local_mappings(), 0u);
	std::vector<std::byte> out(24);
	EXPECT_TRUE(a.value()->range(0, 24).copy_to(out));
	EXPECT_EQ(out[7], std::byte{0});
	EXPECT_EQ(out[8], std::byte{0x42});
	EXPECT_EQ(out[23], std::byte{0x42});
	LocalMapping empty{PageRange()};
	EXPECT_TRUE(empty.bytes().empty());
}

struct Counted {
	static inline int alive = 0;
	int value;
	explicit Counted(int v) noexcept : value(v) { ++alive; }
	~Counted() { --alive; }
	Counted(const Counted &) = delete;
	Counted &operator=(const Counted &) = delete;
};

TEST_F(MemoryTest, AnXArrayOwnsWhatItHolds) {
	{
		XArray<Box<Counted>> array;
		for (int i = 0; i < 5; ++i) {
			Result<Box<Counted>> box = Box<Counted>::create(i);
			ASSERT_TRUE(box);
			Result<Counted *> stored =
				array.insert(static_cast<unsigned long>(i) * 1000, std::move(box).value(), Gfp::Kernel);
			ASSERT_TRUE(stored);
			EXPECT_EQ(stored.value()->value, i);
		}
		EXPECT_EQ(Counted::alive, 5);
		ASSERT_NE(array.get(3000), nullptr);
		EXPECT_EQ(array.get(3000)->value, 3);
		EXPECT_EQ(array.get(3001), nullptr);

		// Taken out: the caller owns it now.
		Option<Box<Counted>> removed = array.remove(2000);
		ASSERT_TRUE(removed);
		EXPECT_EQ((*removed)->value, 2);
		EXPECT_EQ(array.get(2000), nullptr);
		EXPECT_FALSE(array.remove(2000));
		removed = {};
		EXPECT_EQ(Counted::alive, 4);

		// An index that is taken refuses the insert, and the refused object is freed.
		Result<Box<Counted>> twin = Box<Counted>::create(33);
		ASSERT_TRUE(twin);
		Result<Counted *> refused = array.insert(3000, std::move(twin).value(), Gfp::Kernel);
		ASSERT_FALSE(refused);
		EXPECT_EQ(refused.error(), Error::busy());
		EXPECT_EQ(array.get(3000)->value, 3);
		EXPECT_EQ(Counted::alive, 4);

		// So is one the array had no memory for.
		Result<Box<Counted>> late = Box<Counted>::create(44);
		ASSERT_TRUE(late);
		model::fail_next_alloc();
		ASSERT_FALSE(array.insert(7, std::move(late).value(), Gfp::Kernel));
		EXPECT_EQ(Counted::alive, 4);
	}
	// The rest goes with the array.
	EXPECT_EQ(Counted::alive, 0);
}

TEST_F(MemoryTest, AnXArrayOfPagesFreesThemWithIt) {
	{
		XArray<OwnedPage> pages;
		for (unsigned long i = 0; i < 3; ++i) {
			Result<OwnedPage> page = OwnedPage::create(Gfp::Kernel);
			ASSERT_TRUE(page);
			ASSERT_TRUE(pages.insert(i * 7, std::move(page).value(), Gfp::Kernel));
		}
		EXPECT_EQ(model::live_pages(), 3u);
		pages.clear();
		EXPECT_EQ(model::live_pages(), 0u);
		Result<OwnedPage> page = OwnedPage::create(Gfp::Kernel);
		ASSERT_TRUE(page);
		ASSERT_TRUE(pages.insert(1, std::move(page).value(), Gfp::Kernel));
	}
	EXPECT_EQ(model::live_pages(), 0u);
}

} // namespace
} // namespace blkmq::testing
