// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Pages as the kernel's highmem.h hands them out: allocation (counted, so that a test sees
// every leak), copies that must stay inside their page, and local mappings that must be
// undone on the thread that made them, in reverse order.
#include "internal.hpp"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace blkmq::model {
namespace {
std::atomic<std::size_t> pages{0};
// This thread's kmap_local_page() mappings, innermost last.
thread_local std::vector<const unsigned char *> local_mappings;

bool check_in_page(const page *page, unsigned int offset, unsigned int len, const char *operation) {
	if (page == nullptr || page->address == nullptr) {
		record_violation(std::string(operation) + ": not a page");
		return false;
	}
	if (std::uint64_t{offset} + len > BLKMQ_PAGE_SIZE) {
		record_violation(std::string(operation) + ": " + std::to_string(len) + " bytes at offset " +
				 std::to_string(offset) + " reach past the page");
		return false;
	}
	return true;
}
} // namespace

std::size_t live_pages() { return pages.load(); }
std::size_t live_local_mappings() { return local_mappings.size(); }

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" struct page *blkmq_alloc_page(unsigned int gfp) {
	const unsigned int kind = gfp & ~BLKMQ_GFP_ZERO;
	if (kind != BLKMQ_GFP_KERNEL && kind != BLKMQ_GFP_NOIO && kind != BLKMQ_GFP_ATOMIC)
		record_violation("blkmq_alloc_page: unknown allocation flags");
	check_allocation_context(gfp, "alloc_page");
	if (take_injected_alloc_failure())
		return nullptr;
	auto *memory = static_cast<unsigned char *>(std::aligned_alloc(BLKMQ_PAGE_SIZE, BLKMQ_PAGE_SIZE));
	// Not zeroed unless asked: what a driver reads from a fresh page then shows.
	std::memset(memory, (gfp & BLKMQ_GFP_ZERO) ? 0 : 0x5a, BLKMQ_PAGE_SIZE);
	++pages;
	return new page{memory, 1};
}

extern "C" void blkmq_free_page(struct page *page) {
	if (page == nullptr || !page->model_allocated) {
		record_violation("blkmq_free_page: not a page from blkmq_alloc_page");
		return;
	}
	--pages;
	std::free(page->address);
	delete page;
}

extern "C" void blkmq_memcpy_from_page(void *to, struct page *page, unsigned int offset, unsigned int len) {
	if (check_in_page(page, offset, len, "memcpy_from_page"))
		std::memcpy(to, page->address + offset, len);
}

extern "C" void blkmq_memcpy_to_page(struct page *page, unsigned int offset, const void *from, unsigned int len) {
	if (check_in_page(page, offset, len, "memcpy_to_page"))
		std::memcpy(page->address + offset, from, len);
}

extern "C" void blkmq_memcpy_page(struct page *to, unsigned int to_offset, struct page *from, unsigned int from_offset,
				  unsigned int len) {
	if (!check_in_page(to, to_offset, len, "memcpy_page") || !check_in_page(from, from_offset, len, "memcpy_page"))
		return;
	const unsigned char *source = from->address + from_offset;
	unsigned char *target = to->address + to_offset;
	if (source < target + len && target < source + len) {
		record_violation("memcpy_page: the ranges overlap");
		return;
	}
	std::memcpy(target, source, len);
}

extern "C" void blkmq_memzero_page(struct page *page, unsigned int offset, unsigned int len) {
	if (check_in_page(page, offset, len, "memzero_page"))
		std::memset(page->address + offset, 0, len);
}

extern "C" void *blkmq_kmap_local_page(struct page *page) {
	if (!check_in_page(page, 0, 0, "kmap_local_page"))
		return nullptr;
	local_mappings.push_back(page->address);
	return page->address;
}

extern "C" void blkmq_kunmap_local(struct page *, const void *address) {
	const auto *byte = static_cast<const unsigned char *>(address);
	if (local_mappings.empty()) {
		record_violation("kunmap_local: this thread has no local mapping (mapped on another thread?)");
		return;
	}
	const unsigned char *innermost = local_mappings.back();
	if (byte < innermost || byte >= innermost + BLKMQ_PAGE_SIZE) {
		record_violation("kunmap_local: not the innermost mapping of this thread (undone out of order?)");
		return;
	}
	local_mappings.pop_back();
}
