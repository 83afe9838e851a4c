// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// LocalMapping: the bytes of a PageRange, addressable for one scope on one thread.
//
// State: the range's page is mapped (kmap_local_page()) from construction to destruction.
// Meanwhile the kernel guarantees the mapping on this thread only, and only until it is
// undone; mappings nest and must be undone in reverse order. So a LocalMapping is a local
// variable and nothing else: it cannot be copied, moved or allocated on the heap, and scopes
// undo it in the right order by themselves. Its bytes() are valid until the scope ends and
// must not be handed to another thread or kept: that much C++ cannot check, so say it here.
//
// For plain copies, PageRange's copy_to / copy_from map and unmap around the copy
// themselves; a LocalMapping is for code that reads or writes the bytes in place (a
// checksum, a parser, a copy from memory that is not a page).
//
// On x86_64 mapping a page is page_address(): the mapping costs one call and nothing else.
#pragma once

#include <blkmq/memory/page.hpp>

#include <cstddef>
#include <span>

namespace blkmq {

class [[nodiscard]] LocalMapping {
public:
	explicit LocalMapping(const PageRange &range) noexcept : range_(range) {
		if (range.owner_.check() && !range.empty())
			base_ = static_cast<std::byte *>(blkmq_kmap_local_page(range.page_->raw()));
	}
	~LocalMapping() {
		if (base_ != nullptr)
			blkmq_kunmap_local(range_.page_->raw(), base_);
	}
	LocalMapping(const LocalMapping &) = delete;
	LocalMapping &operator=(const LocalMapping &) = delete;
	// Scopes only: new and delete would let the mapping outlive its scope or end out of order.
	static void *operator new(std::size_t) = delete;
	static void *operator new[](std::size_t) = delete;
	template <class... Placement>
	static void *operator new(std::size_t, Placement &&...) = delete;
	template <class... Placement>
	static void *operator new[](std::size_t, Placement &&...) = delete;

	// The range's bytes, mapped; empty for an empty range, and for a request's range once
	// the request is given back (reported where builds check).
	std::span<std::byte> bytes() const noexcept {
		if (!range_.owner_.check() || base_ == nullptr)
			return {};
		return {base_ + range_.offset(), range_.length()};
	}

private:
	PageRange range_;
	std::byte *base_ = nullptr;
};

} // namespace blkmq
