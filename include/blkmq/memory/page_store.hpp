// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// PageStore: sparse, byte-addressed memory made of pages, for a memory-backed device, with
// an optional volatile write-back cache in front of it.
//
// State: a set of OwnedPages in an XArray (the medium), keyed by position / Page::size. A
// page exists where something was written and not discarded since; every other byte reads
// as zero (fresh pages are zeroed), so the store never shows stale kernel memory and costs
// nothing where nothing was written. Destroying the store frees every page.
//
// A store made with a cache of N pages (C null_blk's cache_size) takes a write to a page
// not on the medium yet into the cache instead, as C null_blk's cache does (a write to a
// page the medium has goes to it, and to the cache page if there is one): a cache page
// holds the whole page as the reader must see it, reads find it first, and it reaches the
// medium when it is written back: when the cache is full and a write needs room (one page
// goes, in index order from where the last one went, as C null_blk's), on flush(), or for
// a write with WriteMode::ForceUnitAccess, which goes to the medium (and to the cache page,
// if there is one) at once. So the cache holds what no flush has made durable yet, and a
// disk that rewrites its pages pays for no write-back copies. A disk that keeps such a store tells the block layer it
// has a volatile write cache (GenDiskBuilder::volatile_write_cache()), so that flushes reach it.
//
// write() and read() copy between the store and a PageRange (a request's segment, as
// Request::segments() yields them), split at the store's page boundaries, so a segment of
// any offset and length works. discard() frees the pages it covers whole and zeroes the
// parts of the others, in the cache and the medium. serve() does what a request asks of a
// memory-backed disk with them.
//
// Not synchronised: a driver whose requests run on several CPUs at once keeps its store in
// a lock (SpinLock<PageStore>), as C null_blk and brd keep theirs under the device's lock or
// RCU. Under a spin lock a write must allocate with Gfp::Atomic.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/memory/page.hpp>
#include <blkmq/memory/xarray.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/status.hpp>

#include <cstdint>

namespace blkmq {

// Where a write must be before it ends, on a store with a write-back cache.
enum class WriteMode : bool {
	WriteBack,       // the cache will do (the write is lost if the cache is, until a flush)
	ForceUnitAccess, // the medium (a write with REQ_FUA)
};

class PageStore {
public:
	// A store without a cache: every write goes to the medium.
	PageStore() noexcept = default;
	// A store with a write-back cache of @cache_pages pages (0: none).
	explicit PageStore(std::size_t cache_pages) noexcept : cache_capacity_(cache_pages) {}

	// Copies @from to the bytes at @position, allocating the pages it needs with @gfp, into
	// the cache where the store has one, @mode allows it and the page is not on the medium
	// yet, else into the medium.
	// Error::out_of_memory() when a page could not be had; what was written before stays.
	Result<void> write(std::uint64_t position, PageRange from, Gfp gfp,
			   WriteMode mode = WriteMode::WriteBack) noexcept {
		while (!from.empty()) {
			const std::uint32_t length = chunk(position, from);
			const PageRange part = from.first(length);
			const unsigned long index = position / Page::size;
			if (Result<void> written = cache_capacity_ != 0 && mode == WriteMode::WriteBack
							   ? write_to_cache(index, position, part, gfp)
							   : write_through(index, position, part, gfp);
			    !written)
				return written;
			from = from.after(length);
			position += length;
		}
		return {};
	}

	// Copies the bytes at @position to @to: from the cache, else the medium, zeros where
	// nothing was written. False when a copy was refused (reported: @to is a request's range
	// that was given back).
	[[nodiscard]] bool read(std::uint64_t position, PageRange to) const noexcept {
		while (!to.empty()) {
			const std::uint32_t length = chunk(position, to);
			const PageRange part = to.first(length);
			const unsigned long index = position / Page::size;
			const Page *page = cache_.get(index);
			if (page == nullptr)
				page = medium_.get(index);
			if (!(page ? part.copy_from(page->range(offset_in_page(position), length)) : part.zero()))
				return false;
			to = to.after(length);
			position += length;
		}
		return true;
	}

	// Makes @length bytes from @position read as zeros again, in the cache and the medium,
	// freeing the pages they cover whole and zeroing the parts of the others. Visits only the
	// pages that exist.
	void discard(std::uint64_t position, std::uint64_t length) noexcept {
		cached_pages_ -= discard(cache_, position, length);
		(void)discard(medium_, position, length);
	}

	// Writes every cached page back to the medium (allocating its pages with @gfp), as a
	// disk does on a flush request. Error::out_of_memory() when a medium page could not be
	// had: the pages written back so far are on the medium, the others still in the cache.
	Result<void> flush(Gfp gfp) noexcept {
		while (Option<unsigned long> index = cache_.next_index(0))
			if (Result<OwnedPage> written = write_back(*index, gfp); !written)
				return written.error();
		return {};
	}

	// Loses every write the cache holds, as a power loss loses a volatile cache: what reads
	// back afterwards is what had reached the medium (to test what a driver or a file
	// system above it made durable). It does not sleep, so it may run under the store's
	// spin lock, and frees up to cache_capacity() pages without yielding.
	void drop_cache() noexcept {
		while (Option<unsigned long> index = cache_.next_index(0))
			(void)cache_.remove(*index);
		cached_pages_ = 0;
	}

	// How many pages the cache holds now, and at most.
	std::size_t cached_pages() const noexcept { return cached_pages_; }
	std::size_t cache_capacity() const noexcept { return cache_capacity_; }

	// Serves @rq as a memory-backed disk does, and returns the status to end it with: a read
	// is filled from the store and a write stored (pages allocated with @gfp; to the medium
	// at once with is_fua()), segment by segment from the request's first sector; a discard
	// or write-zeroes frees its range; a flush writes the cache back. A write or flush that
	// could not get a page is an I/O error, after what came before was stored; other
	// operations are not supported. A copy refused (reported) fails the request with an I/O
	// error.
	template <class Ops>
	Status serve(const Request<Ops> &rq, Gfp gfp) noexcept {
		return serve_first(rq, rq.bytes(), gfp);
	}
	// The same for the first @bytes bytes of @rq only (at most its length), as a disk that
	// stops at a bad block serves what comes before it; a flush is served whole.
	template <class Ops>
	Status serve_first(const Request<Ops> &rq, std::uint64_t bytes, Gfp gfp) noexcept {
		std::uint64_t position = rq.sector() * 512;
		std::uint64_t left = bytes;
		switch (rq.op()) {
		case Op::Read:
			for (PageRange segment : rq.segments()) {
				const PageRange part = within(segment, left);
				if (!read(position, part))
					return Status::io_error();
				position += part.length();
				if ((left -= part.length()) == 0)
					break;
			}
			return Status::ok();
		case Op::Write: {
			const WriteMode mode = rq.is_fua() ? WriteMode::ForceUnitAccess : WriteMode::WriteBack;
			for (PageRange segment : rq.segments()) {
				const PageRange part = within(segment, left);
				if (!write(position, part, gfp, mode))
					return Status::io_error();
				position += part.length();
				if ((left -= part.length()) == 0)
					break;
			}
			return Status::ok();
		}
		case Op::Discard:
		case Op::WriteZeroes:
			discard(position, bytes < rq.bytes() ? bytes : rq.bytes());
			return Status::ok();
		case Op::Flush:
			return flush(gfp) ? Status::ok() : Status::io_error();
		default:
			return Status::not_supported();
		}
	}

private:
	// @segment, or its first @left bytes when they end within it.
	static PageRange within(const PageRange &segment, std::uint64_t left) noexcept {
		return left < segment.length() ? segment.first(static_cast<std::uint32_t>(left)) : segment;
	}
	static std::uint32_t offset_in_page(std::uint64_t position) noexcept {
		return static_cast<std::uint32_t>(position % Page::size);
	}
	// How much of @range fits in the store's page at @position.
	static std::uint32_t chunk(std::uint64_t position, const PageRange &range) noexcept {
		const std::uint32_t room = Page::size - offset_in_page(position);
		return range.length() < room ? range.length() : room;
	}

	// @part, within page @index, to the medium, and to the cache page if there is one, so
	// that reads, which find the cache first, see it.
	Result<void> write_through(unsigned long index, std::uint64_t position, PageRange part, Gfp gfp) noexcept {
		Result<Page *> page = page_at(medium_, index, gfp);
		if (!page)
			return page.error();
		if (!copy_into(*page.value(), position, part))
			return Error::invalid_argument(); // reported
		if (Page *cached = cache_.get(index))
			(void)copy_into(*cached, position, part); // @part was accepted above
		return {};
	}

	// @part, within page @index, to the cache, unless the page is on the medium and not in
	// the cache: then to the medium. A page new to the cache takes the memory of the page
	// written back to make room, when the cache is full (no allocation), zeroed unless @part
	// covers it whole.
	Result<void> write_to_cache(unsigned long index, std::uint64_t position, PageRange part, Gfp gfp) noexcept {
		Page *page = cache_.get(index);
		if (page == nullptr) {
			if (Page *stored = medium_.get(index))
				return copy_into(*stored, position, part) ? Result<void>() : Error::invalid_argument();
			const bool reused = cached_pages_ == cache_capacity_;
			Result<OwnedPage> fresh =
				reused ? write_back(next_to_write_back(), gfp) : OwnedPage::create(gfp);
			if (!fresh)
				return fresh.error();
			if (reused && part.length() < Page::size)
				(void)fresh.value()->range().zero(); // the store's own page: never refused
			Result<Page *> inserted = cache_.insert(index, std::move(fresh).value(), gfp);
			if (!inserted)
				return inserted.error();
			page = inserted.value();
			++cached_pages_;
		}
		if (!copy_into(*page, position, part))
			return Error::invalid_argument(); // reported
		return {};
	}

	// The cached page after the one written back last, in index order, wrapping around (the
	// cache is full, so there is one).
	unsigned long next_to_write_back() const noexcept {
		if (Option<unsigned long> next = cache_.next_index(write_back_cursor_))
			return *next;
		return *cache_.next_index(0);
	}

	// Moves cached page @index to the medium, and gives the cache's page back (to reuse or
	// to free). On error the page stays in the cache.
	Result<OwnedPage> write_back(unsigned long index, Gfp gfp) noexcept {
		Result<Page *> page = page_at(medium_, index, gfp);
		if (!page)
			return page.error();
		(void)page.value()->range().copy_from(cache_.get(index)->range()); // two whole pages of the store
		--cached_pages_;
		write_back_cursor_ = index + 1;
		return *cache_.remove(index);
	}

	static bool copy_into(Page &page, std::uint64_t position, PageRange part) noexcept {
		return page.range(offset_in_page(position), part.length()).copy_from(part);
	}

	// The page at @index of @pages, allocated (zeroed) and stored if there is none yet.
	static Result<Page *> page_at(XArray<OwnedPage> &pages, unsigned long index, Gfp gfp) noexcept {
		if (Page *page = pages.get(index))
			return page;
		Result<OwnedPage> fresh = OwnedPage::create(gfp);
		if (!fresh)
			return fresh.error();
		return pages.insert(index, std::move(fresh).value(), gfp);
	}

	// discard() on one of the arrays; how many pages it freed.
	static std::size_t discard(XArray<OwnedPage> &pages, std::uint64_t position, std::uint64_t length) noexcept {
		if (length == 0)
			return 0;
		std::size_t freed = 0;
		const std::uint64_t end = position + length;
		const unsigned long first = position / Page::size;
		const unsigned long last = (end - 1) / Page::size;
		for (Option<unsigned long> index = pages.next_index(first, last); index;
		     index = *index < last ? pages.next_index(*index + 1, last) : Option<unsigned long>()) {
			const std::uint64_t page_start = std::uint64_t{*index} * Page::size;
			const std::uint64_t from = position > page_start ? position : page_start;
			const std::uint64_t to = end < page_start + Page::size ? end : page_start + Page::size;
			if (from == page_start && to == page_start + Page::size) {
				(void)pages.remove(*index);
				++freed;
			} else {
				(void)pages.get(*index)
					->range(static_cast<std::uint32_t>(from - page_start),
						static_cast<std::uint32_t>(to - from))
					.zero(); // the store's own page: never refused
			}
		}
		return freed;
	}

	XArray<OwnedPage> medium_;
	XArray<OwnedPage> cache_;
	std::size_t cache_capacity_ = 0;
	std::size_t cached_pages_ = 0;
	unsigned long write_back_cursor_ = 0;
};

} // namespace blkmq
