// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Status: the block layer's blk_status_t, the outcome of one request.
//
// The kernel renumbers blk_status_t between versions, so no number is written here:
// every value comes from <blkmq_layout.h>, generated from the headers being built against.
#pragma once

#include <blkmq/detail/field.hpp>

namespace blkmq {

class Status {
public:
	static constexpr Status ok() noexcept { return Status(BLKMQ_STS_OK); }
	static constexpr Status io_error() noexcept { return Status(BLKMQ_STS_IOERR); }
	static constexpr Status not_supported() noexcept { return Status(BLKMQ_STS_NOTSUPP); }
	static constexpr Status no_space() noexcept { return Status(BLKMQ_STS_NOSPC); }
	static constexpr Status timeout() noexcept { return Status(BLKMQ_STS_TIMEOUT); }
	static constexpr Status medium_error() noexcept { return Status(BLKMQ_STS_MEDIUM); }
	static constexpr Status target_error() noexcept { return Status(BLKMQ_STS_TARGET); }
	static constexpr Status protection_error() noexcept { return Status(BLKMQ_STS_PROTECTION); }
	static constexpr Status try_again() noexcept { return Status(BLKMQ_STS_AGAIN); }
	// Out of a resource the driver shares with other devices, or of its own: the block
	// layer requeues the request. Only meaningful as a queue_rq result (see dispatch.hpp).
	static constexpr Status resource() noexcept { return Status(BLKMQ_STS_RESOURCE); }
	static constexpr Status device_resource() noexcept { return Status(BLKMQ_STS_DEV_RESOURCE); }

	// The status the kernel maps a negative errno to (errno_to_blk_status()).
	static Status from_errno(int negative_errno) noexcept { return Status(errno_to_blk_status(negative_errno)); }

	constexpr bool is_ok() const noexcept { return value_ == BLKMQ_STS_OK; }
	constexpr blkmq_status_t raw() const noexcept { return value_; }
	constexpr bool operator==(const Status &) const noexcept = default;

private:
	constexpr explicit Status(blkmq_status_t value) noexcept : value_(value) {}
	blkmq_status_t value_;
};

static_assert(sizeof(Status) == sizeof(blkmq_status_t));

} // namespace blkmq
