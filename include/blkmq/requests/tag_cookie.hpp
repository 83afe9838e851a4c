// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagCookie: the name of one shared episode of one request, for completions that arrive by
// tag.
//
// A tag alone names a slot, not an I/O: once the request holding it ends, the block layer
// hands the same tag to the next I/O, so a late or duplicated completion for the old one
// (a device that reports twice, a timeout racing the real completion) would find the new
// one and end it with the old one's status. Drivers for real hardware defend against this
// with a generation number carried next to the tag (NVMe's command id counter). blkmq
// keeps one per request: every std::move(rq).share() starts a new generation, and
// TagSet::tag_to_rq(cookie) finds the request only if it is still in that generation.
// Requests' generations start far apart (request_refcount.hpp), because one tag is not
// always one request object (scheduler requests take whichever tag is free).
//
// Take the cookie from the shared handle, after the last share() (ARef<Request>::cookie());
// hand it to the device with the command, and look the request up with it when the device
// answers. A cookie from an earlier episode finds nothing: not the same request in a later
// episode, and not another request that took the tag, unless that one has been shared some
// 2^32 / (requests of the queue) times since it was initialised.
//
// to_bits() / from_bits() pack it into 64 bits for a device field or a completion ring.
#pragma once

#include <cstdint>

namespace blkmq {

struct TagCookie {
	std::uint16_t hw_queue;
	std::uint16_t tag;
	std::uint32_t generation;

	constexpr std::uint64_t to_bits() const noexcept {
		return std::uint64_t{generation} << 32 | std::uint64_t{hw_queue} << 16 | tag;
	}
	static constexpr TagCookie from_bits(std::uint64_t bits) noexcept {
		return {static_cast<std::uint16_t>(bits >> 16), static_cast<std::uint16_t>(bits),
			static_cast<std::uint32_t>(bits >> 32)};
	}
	constexpr bool operator==(const TagCookie &) const noexcept = default;
};

// Tags and hardware queue numbers fit: blk-mq allows at most 10240 tags (BLK_MQ_MAX_DEPTH)
// and TagSet::create() refuses more than 65535 hardware queues.
inline constexpr unsigned int max_cookie_hw_queues = 65535;

} // namespace blkmq
