// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Segments: a request's data, as the pages it lies in.
//
// A request carries its data in bios, each a list of bio_vecs (page, offset, length; a
// bio_vec may span several pages). Request::segments() walks them all as C's
// rq_for_each_segment() does: one PageRange per page, in order, never crossing a page, so a
// driver copies each with one call. Request::bios() gives the same bio by bio, for a driver
// that handles each bio on its own (each Bio has its own segments()).
//
// Only requests that move data have segments (reads, writes, zone appends and driver
// pass-through): the bios of a discard or write-zeroes carry a length but no pages, so
// their segments() is empty, as is a flush's.
//
// The walk reads the kernel's structures inline (offsets from <blkmq_layout.h>) and copies
// the bio's iterator as bio_for_each_segment() does: no call, nothing changed in the bio,
// and the same loads C makes. What it yields is a view of the request's data: valid while
// the handle the request was reached through lives (see PageRange).
#pragma once

#include <blkmq/detail/field.hpp>
#include <blkmq/detail/held_mark.hpp>
#include <blkmq/memory/page.hpp>

#include <cstddef>
#include <cstdint>

namespace blkmq {

// Walks the segments of the bios from @first up to @last (null: to the end of the chain). An
// input iterator for range-based for (<iterator> is not available in a module).
class SegmentIterator {
public:
	using value_type = PageRange;
	using difference_type = std::ptrdiff_t;

	// The end of any walk.
	SegmentIterator() noexcept = default;

	PageRange operator*() const noexcept { return current_; }
	SegmentIterator &operator++() noexcept {
		advance();
		return *this;
	}
	void operator++(int) noexcept { advance(); }
	// For range-based for: true at the end of the walk when compared with end(); two
	// iterators in the same bio compare equal, so it is not for general algorithms.
	bool operator==(const SegmentIterator &other) const noexcept { return bio_ == other.bio_; }

private:
	friend class Segments;

	SegmentIterator(const void *first, const void *last, detail::RequestBorrow owner) noexcept
	    : bio_(first), last_(last), owner_(owner) {
		enter_bio();
	}

	// Moves to the first bio from bio_ on that has bytes left, and loads its iterator.
	void enter_bio() noexcept {
		for (; bio_ != nullptr && bio_ != last_;
		     bio_ = detail::load_field<const void *>(bio_, BLKMQ_BIO_NEXT_OFFSET)) {
			size_ = detail::load_field<std::uint32_t>(bio_, BLKMQ_BIO_ITER_SIZE_OFFSET);
			if (size_ == 0)
				continue;
			vecs_ = detail::load_field<const unsigned char *>(bio_, BLKMQ_BIO_IO_VEC_OFFSET);
			index_ = detail::load_field<std::uint32_t>(bio_, BLKMQ_BIO_ITER_IDX_OFFSET);
			done_ = detail::load_field<std::uint32_t>(bio_, BLKMQ_BIO_ITER_BVEC_DONE_OFFSET);
			load_segment();
			return;
		}
		bio_ = nullptr; // the end, wherever the walk stopped
	}

	// bvec_iter_bvec(): the part of the current bio_vec that lies in one page.
	void load_segment() noexcept {
		const unsigned char *vec = vecs_ + std::size_t{index_} * BLKMQ_BVEC_SIZE;
		const std::uint32_t vec_length = detail::load_field<std::uint32_t>(vec, BLKMQ_BVEC_LEN_OFFSET);
		const std::uint32_t offset = detail::load_field<std::uint32_t>(vec, BLKMQ_BVEC_OFFSET_OFFSET) + done_;
		const std::uint32_t in_page = offset % Page::size;
		std::uint32_t length = vec_length - done_;
		if (length > size_)
			length = size_;
		if (length > Page::size - in_page)
			length = Page::size - in_page;
		const Page *first = Page::from_raw(detail::load_field<page *>(vec, BLKMQ_BVEC_PAGE_OFFSET));
		current_ = PageRange(first->nth(offset / Page::size), in_page, length, owner_);
		vec_length_ = vec_length;
	}

	// bio_advance_iter_single() by the current segment. A request given back meanwhile ends
	// the walk (reported): its bios may be freed.
	void advance() noexcept {
		if (!owner_.check()) [[unlikely]] {
			bio_ = nullptr;
			return;
		}
		done_ += current_.length();
		if (done_ == vec_length_) {
			done_ = 0;
			++index_;
		}
		size_ -= current_.length();
		if (size_ != 0)
			return load_segment();
		bio_ = detail::load_field<const void *>(bio_, BLKMQ_BIO_NEXT_OFFSET);
		enter_bio();
	}

	const void *bio_ = nullptr;
	const void *last_ = nullptr;
	const unsigned char *vecs_ = nullptr;
	std::uint32_t size_ = 0;  // bytes left in this bio (bi_iter.bi_size)
	std::uint32_t index_ = 0; // the bio_vec (bi_iter.bi_idx)
	std::uint32_t done_ = 0;  // bytes of it already walked (bi_iter.bi_bvec_done)
	std::uint32_t vec_length_ = 0;
	PageRange current_;
	[[no_unique_address]] detail::RequestBorrow owner_;
};

// The segments of one bio, or of a request's bios: a range for range-based for.
class Segments {
public:
	SegmentIterator begin() const noexcept { return SegmentIterator(first_, last_, owner_); }
	static SegmentIterator end() noexcept { return {}; }

private:
	template <class Ops>
	friend class Request;
	friend class Bio;

	Segments(const void *first, const void *last, detail::RequestBorrow owner) noexcept
	    : first_(first), last_(last), owner_(owner) {}

	const void *first_;
	const void *last_;
	[[no_unique_address]] detail::RequestBorrow owner_;
};

// One bio of a request, as Request::bios() walks them.
class Bio {
public:
	// Bytes of data left in this bio (bi_iter.bi_size); 0 once the request is given back.
	std::uint32_t bytes() const noexcept {
		if (!owner_.check()) [[unlikely]]
			return 0;
		return detail::load_field<std::uint32_t>(bio_, BLKMQ_BIO_ITER_SIZE_OFFSET);
	}
	// Empty once the request is given back.
	Segments segments() const noexcept {
		if (!owner_.check()) [[unlikely]]
			return Segments(nullptr, nullptr, owner_);
		return Segments(bio_, detail::load_field<const void *>(bio_, BLKMQ_BIO_NEXT_OFFSET), owner_);
	}

private:
	friend class BioIterator;
	Bio(const void *bio, detail::RequestBorrow owner) noexcept : bio_(bio), owner_(owner) {}

	const void *bio_;
	[[no_unique_address]] detail::RequestBorrow owner_;
};

class BioIterator {
public:
	using value_type = Bio;
	using difference_type = std::ptrdiff_t;

	BioIterator() noexcept = default;

	Bio operator*() const noexcept { return Bio(bio_, owner_); }
	BioIterator &operator++() noexcept {
		bio_ = owner_.check() ? detail::load_field<const void *>(bio_, BLKMQ_BIO_NEXT_OFFSET) : nullptr;
		return *this;
	}
	void operator++(int) noexcept { ++*this; }
	bool operator==(const BioIterator &other) const noexcept { return bio_ == other.bio_; }

private:
	friend class Bios;
	BioIterator(const void *bio, detail::RequestBorrow owner) noexcept : bio_(bio), owner_(owner) {}

	const void *bio_ = nullptr;
	[[no_unique_address]] detail::RequestBorrow owner_;
};

// A request's bios, for range-based for.
class Bios {
public:
	BioIterator begin() const noexcept { return BioIterator(first_, owner_); }
	static BioIterator end() noexcept { return {}; }

private:
	template <class Ops>
	friend class Request;
	Bios(const void *first, detail::RequestBorrow owner) noexcept : first_(first), owner_(owner) {}

	const void *first_;
	[[no_unique_address]] detail::RequestBorrow owner_;
};

} // namespace blkmq
