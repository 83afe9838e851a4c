// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// PageStore: sparse, byte-addressed memory made of pages, for a memory-backed device.
//
// State: a set of OwnedPages in an XArray, keyed by position / Page::size. A page exists
// where something was written and not discarded since; every other byte reads as zero
// (fresh pages are zeroed), so the store never shows stale kernel memory and costs nothing
// where nothing was written. Destroying the store frees every page.
//
// write() and read() copy between the store and a PageRange (a request's segment, as
// Request::segments() yields them), split at the store's page boundaries, so a segment of
// any offset and length works. discard() frees the pages it covers whole and zeroes the
// parts of the others. serve() does what a request asks of a memory-backed disk with them.
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

class PageStore {
public:
	PageStore() noexcept = default;

	// Copies @from to the bytes at @position, allocating the pages it needs with @gfp.
	// Error::out_of_memory() when a page could not be had; what was written before stays.
	Result<void> write(std::uint64_t position, PageRange from, Gfp gfp) noexcept {
		while (!from.empty()) {
			const std::uint32_t length = chunk(position, from);
			Result<Page *> page = page_at(position / Page::size, gfp);
			if (!page)
				return page.error();
			if (!page.value()->range(offset_in_page(position), length).copy_from(from.first(length)))
				return Error::invalid_argument(); // reported
			from = from.after(length);
			position += length;
		}
		return {};
	}

	// Copies the bytes at @position to @to; zeros where nothing was written. False when a
	// copy was refused (reported: @to is a request's range that was given back).
	[[nodiscard]] bool read(std::uint64_t position, PageRange to) const noexcept {
		while (!to.empty()) {
			const std::uint32_t length = chunk(position, to);
			const PageRange part = to.first(length);
			const Page *page = pages_.get(position / Page::size);
			if (!(page ? part.copy_from(page->range(offset_in_page(position), length)) : part.zero()))
				return false;
			to = to.after(length);
			position += length;
		}
		return true;
	}

	// Makes @length bytes from @position read as zeros again, freeing the pages they cover
	// whole and zeroing the parts of the others. Visits only the pages that exist.
	void discard(std::uint64_t position, std::uint64_t length) noexcept {
		if (length == 0)
			return;
		const std::uint64_t end = position + length;
		const unsigned long first = position / Page::size;
		const unsigned long last = (end - 1) / Page::size;
		for (Option<unsigned long> index = pages_.next_index(first, last); index;
		     index = *index < last ? pages_.next_index(*index + 1, last) : Option<unsigned long>()) {
			const std::uint64_t page_start = std::uint64_t{*index} * Page::size;
			const std::uint64_t from = position > page_start ? position : page_start;
			const std::uint64_t to = end < page_start + Page::size ? end : page_start + Page::size;
			if (from == page_start && to == page_start + Page::size)
				(void)pages_.remove(*index);
			else
				(void)pages_.get(*index)
					->range(static_cast<std::uint32_t>(from - page_start),
						static_cast<std::uint32_t>(to - from))
					.zero(); // the store's own page: never refused
		}
	}

	// Serves @rq as a memory-backed disk does, and returns the status to end it with: a read
	// is filled from the store and a write stored (pages allocated with @gfp), segment by
	// segment from the request's first sector; a discard frees its range; a flush has nothing
	// to do (the store is the disk's medium). A write that could not get a page is an I/O
	// error, after its segments before that one were stored; other operations are not
	// supported. A copy refused (reported) fails the request with an I/O error.
	template <class Ops>
	Status serve(const Request<Ops> &rq, Gfp gfp) noexcept {
		std::uint64_t position = rq.sector() * 512;
		switch (rq.op()) {
		case Op::Read:
			for (PageRange segment : rq.segments()) {
				if (!read(position, segment))
					return Status::io_error();
				position += segment.length();
			}
			return Status::ok();
		case Op::Write:
			for (PageRange segment : rq.segments()) {
				if (!write(position, segment, gfp))
					return Status::io_error();
				position += segment.length();
			}
			return Status::ok();
		case Op::Discard:
			discard(position, rq.bytes());
			return Status::ok();
		case Op::Flush:
			return Status::ok();
		default:
			return Status::not_supported();
		}
	}

private:
	static std::uint32_t offset_in_page(std::uint64_t position) noexcept {
		return static_cast<std::uint32_t>(position % Page::size);
	}
	// How much of @range fits in the store's page at @position.
	static std::uint32_t chunk(std::uint64_t position, const PageRange &range) noexcept {
		const std::uint32_t room = Page::size - offset_in_page(position);
		return range.length() < room ? range.length() : room;
	}

	// The page at @index, allocated (zeroed) and stored if there is none yet.
	Result<Page *> page_at(unsigned long index, Gfp gfp) noexcept {
		if (Page *page = pages_.get(index))
			return page;
		Result<OwnedPage> fresh = OwnedPage::create(gfp);
		if (!fresh)
			return fresh.error();
		return pages_.insert(index, std::move(fresh).value(), gfp);
	}

	XArray<OwnedPage> pages_;
};

} // namespace blkmq
