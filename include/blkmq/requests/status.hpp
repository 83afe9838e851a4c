// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Status: the outcome of one request, the blk_status_t it is ended with.
//
// The kernel renumbers blk_status_t between versions, so no number is written here:
// every value comes from <blkmq_layout.h>, generated from the headers being built against.
//
// A Status is always an outcome that end() may pass: ok or an error the submitter sees.
// The two "busy" values of blk_status_t (BLK_STS_RESOURCE, BLK_STS_DEV_RESOURCE) are not
// outcomes but queue_rq's way of asking to be called again later; ending a request with
// one fails the I/O with -ENOMEM or -EBUSY where the block layer would have retried it. So
// no Status holds them: queue_rq answers busy with std::move(rq).busy(),
// and Status::from_errno() turns the errnos the kernel maps to them into io_error().
#pragma once

#include <blkmq/detail/always_false.hpp>
#include <blkmq/detail/field.hpp>

namespace blkmq {

class DispatchResult;

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

	// Deduced return types, so that the message is the first error (see requests/owned_request.hpp).
	template <class Self = Status>
	static auto resource() noexcept {
		static_assert(detail::always_false<Self>, "blkmq: busy is not a request outcome: from queue_rq, return "
							  "std::move(rq).busy(), and the block layer retries");
		return Self::io_error();
	}
	template <class Self = Status>
	static auto device_resource() noexcept {
		return resource<Self>();
	}

	// The status the kernel maps a negative errno to (errno_to_blk_status()), except that
	// the errnos it maps to the busy values (-ENOMEM, -EBUSY) give io_error() (see above).
	static Status from_errno(int negative_errno) noexcept {
		const blkmq_status_t status = errno_to_blk_status(negative_errno);
		if (is_busy(status))
			return io_error();
		return Status(status);
	}

	constexpr bool is_ok() const noexcept { return value_ == BLKMQ_STS_OK; }
	constexpr blkmq_status_t raw() const noexcept { return value_; }
	constexpr bool operator==(const Status &) const noexcept = default;

private:
	friend class DispatchResult;

	static constexpr bool is_busy(blkmq_status_t status) noexcept {
		return status == BLKMQ_STS_RESOURCE || status == BLKMQ_STS_DEV_RESOURCE;
	}

	constexpr explicit Status(blkmq_status_t value) noexcept : value_(value) {}
	blkmq_status_t value_;
};

static_assert(sizeof(Status) == sizeof(blkmq_status_t));

} // namespace blkmq
