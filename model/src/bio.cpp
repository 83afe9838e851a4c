// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A request's data as the block layer hands it to a driver: bios chained from rq->bio, each
// with its bio_vecs, over pages. The model lays out a submitter's buffer the ways the block
// layer may (several bios, bio_vecs spanning pages, data starting inside a page), so that a
// driver's walk is checked against each.
#include "internal.hpp"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <string>

namespace blkmq::model {

void attach_data(request *rq, const Io &io) {
	ModelRequest &model = ModelRequest::of(rq);
	model.pages.reset();
	rq->bio = nullptr;
	if (io.data.empty())
		return;
	if (io.data.size() != io.bytes) {
		record_violation("test: Io::data is " + std::to_string(io.data.size()) + " bytes for a request of " +
				 std::to_string(io.bytes));
		return;
	}
	std::vector<std::uint32_t> bio_bytes = io.bio_bytes;
	if (bio_bytes.empty())
		bio_bytes.push_back(io.bytes);
	if (std::accumulate(bio_bytes.begin(), bio_bytes.end(), std::uint64_t{0}) != io.bytes ||
	    io.page_offset >= BLKMQ_PAGE_SIZE || io.max_bvec_bytes == 0) {
		record_violation("test: Io::bio_bytes, page_offset or max_bvec_bytes do not describe the data");
		return;
	}

	auto pages = std::make_unique<RequestPages>();
	pages->data = io.data;
	pages->copy_back = (io.op & 1u) == 0;
	// Page-aligned pages over one buffer, one page of slack to align it.
	const std::size_t nr_pages = (io.page_offset + io.bytes + BLKMQ_PAGE_SIZE - 1) / BLKMQ_PAGE_SIZE;
	pages->backing.assign((nr_pages + 1) * BLKMQ_PAGE_SIZE, 0x5a);
	auto base = reinterpret_cast<std::uintptr_t>(pages->backing.data());
	auto *first =
		reinterpret_cast<unsigned char *>((base + BLKMQ_PAGE_SIZE - 1) & ~std::uintptr_t{BLKMQ_PAGE_SIZE - 1});
	for (std::size_t i = 0; i < nr_pages; ++i)
		pages->pages.push_back(page{first + i * BLKMQ_PAGE_SIZE, 0});
	pages->start = first + io.page_offset;
	if (!pages->copy_back)
		std::memcpy(pages->start, io.data.data(), io.bytes);

	// Every bio_vec starts where the last ended, in whatever page that is.
	std::uint64_t position = io.page_offset;
	for (std::uint32_t bytes : bio_bytes) {
		auto &vecs = pages->vecs.emplace_back();
		for (std::uint32_t left = bytes; left > 0;) {
			const std::uint32_t length = std::min(left, io.max_bvec_bytes);
			const std::size_t page_index = position / BLKMQ_PAGE_SIZE;
			vecs.push_back(bio_vec{static_cast<unsigned int>(position % BLKMQ_PAGE_SIZE),
					       &pages->pages[page_index], length});
			position += length;
			left -= length;
		}
	}
	pages->bios.resize(bio_bytes.size());
	for (std::size_t i = 0; i < bio_bytes.size(); ++i) {
		bio &bio = pages->bios[i];
		bio.bi_io_vec = pages->vecs[i].data();
		bio.bi_iter = {};
		bio.bi_iter.bi_size = bio_bytes[i];
		bio.bi_next = i + 1 < bio_bytes.size() ? &pages->bios[i + 1] : nullptr;
	}
	rq->bio = &pages->bios[0];
	model.pages = std::move(pages);
}

void detach_data(request *rq) {
	ModelRequest &model = ModelRequest::of(rq);
	rq->bio = nullptr;
	if (!model.pages)
		return;
	RequestPages &pages = *model.pages;
	if (pages.copy_back)
		std::memcpy(pages.data.data(), pages.start, pages.data.size());
	model.pages.reset();
}

} // namespace blkmq::model
