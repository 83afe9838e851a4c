// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Page, PageRange and OwnedPage: memory a block driver moves data to and from.
//
// Page<> is a view of a kernel struct page, like Request: its address *is* the struct page,
// and it cannot be constructed, copied or destroyed. It is reached through an OwnedPage (a
// driver's own memory) or through a request's segments (requests/segments.hpp, the caller's data).
//
// PageRange: bytes [offset, offset + length) of one page, the unit every copy works on. A
// segment of a request is a PageRange; so is any part of a driver's page. A range is a view:
// it is valid while what it was taken from lives (the OwnedPage, or the handle that owns the
// request). In checked builds and in the userspace model, a range taken from a request also
// checks at every use that the request is still held (detail/held_mark.hpp), so a segment
// kept past the request's end is reported, not copied into someone else's I/O.
//
// Every access maps the page for the duration of the copy (kmap_local_page()), which costs
// nothing on x86_64 and keeps 32-bit highmem correct. For direct access to the bytes, see
// LocalMapping (memory/local_mapping.hpp).
//
// Ranges never reach past their page: a subrange outside its range, or a copy between
// ranges of different lengths, is reported (BLKMQ_MISUSE_PAGE_RANGE) and copies nothing. A
// copy says whether it was made ([[nodiscard]]): a read that copied nothing must not end ok,
// or the reader gets whatever its pages held.
//
// OwnedPage: one page of memory the driver owns, zeroed when allocated (so a read of a
// place never written returns zeros, never stale kernel memory), freed when it is
// destroyed. into_raw() / from_raw() hand it to a container such as XArray and back.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/memory/gfp.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace blkmq {

class PageRange;

class Page {
public:
	Page() = delete;
	Page(const Page &) = delete;
	Page &operator=(const Page &) = delete;
	~Page() = delete;

	static constexpr std::uint32_t size = BLKMQ_PAGE_SIZE;

	// The whole page, or @length bytes of it from @offset.
	PageRange range() const noexcept;
	PageRange range(std::uint32_t offset, std::uint32_t length) const noexcept;

private:
	friend class PageRange;
	friend class OwnedPage;
	friend class SegmentIterator;
	friend class LocalMapping;
	static Page *from_raw(page *raw) noexcept { return reinterpret_cast<Page *>(raw); }
	page *raw() const noexcept { return reinterpret_cast<page *>(const_cast<Page *>(this)); }
	// The page @n pages after this one, as the kernel's bvec_iter_page() steps through a
	// multi-page bio_vec: the kernel keeps the struct pages of one bio_vec contiguous
	// (include/linux/bvec.h).
	const Page *nth(std::uint32_t n) const noexcept {
		return reinterpret_cast<const Page *>(reinterpret_cast<const unsigned char *>(this) +
						      std::size_t{n} * BLKMQ_PAGE_STRUCT_SIZE);
	}
};

class PageRange {
public:
	// An empty range, which every copy accepts as zero bytes.
	constexpr PageRange() noexcept = default;

	std::uint32_t offset() const noexcept { return offset_; }
	std::uint32_t length() const noexcept { return length_; }
	bool empty() const noexcept { return length_ == 0; }

	// @length bytes from @offset within this range; a subrange reaching past the range is
	// reported and empty.
	PageRange subrange(std::uint32_t offset, std::uint32_t length) const noexcept {
		if (std::uint64_t{offset} + length > length_) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_PAGE_RANGE, owner_.rq());
			return {};
		}
		return PageRange(page_, offset_ + offset, length, owner_);
	}
	// The first @length bytes, and what follows them.
	PageRange first(std::uint32_t length) const noexcept { return subrange(0, length); }
	PageRange after(std::uint32_t length) const noexcept {
		return length <= length_ ? subrange(length, length_ - length) : subrange(length, 0);
	}

	// Copies this range's bytes to @to, which must be exactly as long.
	[[nodiscard]] bool copy_to(std::span<std::byte> to) const noexcept {
		if (!owner_.check()) [[unlikely]]
			return false;
		if (to.size() != length_) [[unlikely]]
			return refuse(owner_);
		if (length_ != 0)
			blkmq_memcpy_from_page(to.data(), page_->raw(), offset_, length_);
		return true;
	}
	// Fills this range from @from, which must be exactly as long.
	[[nodiscard]] bool copy_from(std::span<const std::byte> from) const noexcept {
		if (!owner_.check()) [[unlikely]]
			return false;
		if (from.size() != length_) [[unlikely]]
			return refuse(owner_);
		if (length_ != 0)
			blkmq_memcpy_to_page(page_->raw(), offset_, from.data(), length_);
		return true;
	}
	// Fills this range from another of the same length.
	[[nodiscard]] bool copy_from(const PageRange &from) const noexcept {
		if (!owner_.check() || !from.owner_.check()) [[unlikely]]
			return false;
		if (from.length_ != length_) [[unlikely]]
			return refuse(owner_.rq() != nullptr ? owner_ : from.owner_);
		if (length_ != 0)
			blkmq_memcpy_page(page_->raw(), offset_, from.page_->raw(), from.offset_, length_);
		return true;
	}
	[[nodiscard]] bool zero() const noexcept {
		if (!owner_.check()) [[unlikely]]
			return false;
		if (length_ != 0)
			blkmq_memzero_page(page_->raw(), offset_, length_);
		return true;
	}

private:
	friend class Page;
	friend class SegmentIterator;
	friend class LocalMapping;

	[[gnu::cold]] static bool refuse(const detail::RequestBorrow &owner) noexcept {
		blkmq_report_misuse(BLKMQ_MISUSE_PAGE_RANGE, owner.rq());
		return false;
	}

	PageRange(const Page *page, std::uint32_t offset, std::uint32_t length, detail::RequestBorrow owner) noexcept
	    : page_(page), offset_(offset), length_(length), owner_(owner) {}

	const Page *page_ = nullptr;
	std::uint32_t offset_ = 0;
	std::uint32_t length_ = 0;
	// The request this range belongs to, checked at each use where builds check that.
	[[no_unique_address]] detail::RequestBorrow owner_;
};

inline PageRange Page::range() const noexcept { return PageRange(this, 0, size, {}); }
inline PageRange Page::range(std::uint32_t offset, std::uint32_t length) const noexcept {
	return range().subrange(offset, length);
}

class [[nodiscard]] OwnedPage {
public:
	// A zeroed page; Gfp::NoIo on the I/O path (a driver allocating on write), Gfp::Atomic
	// where it must not sleep.
	static Result<OwnedPage> create(Gfp gfp) noexcept {
		page *raw = blkmq_alloc_page(static_cast<unsigned int>(gfp) | BLKMQ_GFP_ZERO);
		if (raw == nullptr)
			return Error::out_of_memory();
		return OwnedPage(Page::from_raw(raw));
	}
	// Takes back a page into_raw() gave up.
	static OwnedPage from_raw(Page *page) noexcept { return OwnedPage(page); }

	OwnedPage(OwnedPage &&other) noexcept : page_(std::exchange(other.page_, nullptr)) {}
	OwnedPage(const OwnedPage &) = delete;
	OwnedPage &operator=(const OwnedPage &) = delete;
	OwnedPage &operator=(OwnedPage &&) = delete;
	~OwnedPage() {
		if (page_ != nullptr)
			blkmq_free_page(page_->raw());
	}

	Page *get() const noexcept { return page_; }
	Page *operator->() const noexcept { return page_; }
	Page &operator*() const noexcept { return *page_; }

	// Gives up ownership; the page must come back through from_raw() to be freed.
	[[nodiscard]] Page *into_raw() &&noexcept { return std::exchange(page_, nullptr); }

private:
	explicit OwnedPage(Page *page) noexcept : page_(page) {}

	Page *page_;
};

static_assert(sizeof(OwnedPage) == sizeof(void *));

} // namespace blkmq
