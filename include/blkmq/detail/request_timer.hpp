// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// RequestTimer: the kernel's hrtimer in the PDU of each request, for operations types that
// declare timer_expired (UniqueRequest::start_timer(), queues/operations.hpp).
//
// Set up with the request (init_request), so that arming it on the I/O path is one
// hrtimer_start(), as C null_blk's per-command timer; cancelled, waiting for a callback that
// runs, when the request is freed (exit_request). It sits at a fixed place in the PDU, right
// after the reference count and the held mark, so the callback finds its request from the
// timer's address alone: no pointer is stored, and the PDU is as large as C null_blk's.
// Operations types without timer_expired get an empty member: no byte and no call.
#pragma once

#include <blkmq/detail/declares_member.hpp>
#include <blkmq/detail/field.hpp>

#include <type_traits>

namespace blkmq {

BLKMQ_DEFINE_DECLARES_MEMBER(timer_expired)

namespace detail {

class RequestTimer {
public:
	explicit RequestTimer(blkmq_hrtimer_fn *callback) noexcept { blkmq_hrtimer_setup(raw(), callback); }
	~RequestTimer() { (void)hrtimer_cancel(raw()); }
	RequestTimer(const RequestTimer &) = delete;
	RequestTimer &operator=(const RequestTimer &) = delete;

	void start(unsigned long long nanoseconds) noexcept { blkmq_hrtimer_start(raw(), nanoseconds); }
	// Takes the timer off before it fires; false if it is not armed or its callback runs
	// (hrtimer_try_to_cancel() 0 or -1): it never waits, so the timeout handler may call it.
	bool try_cancel() noexcept { return hrtimer_try_to_cancel(raw()) == 1; }
	hrtimer *raw() noexcept { return reinterpret_cast<hrtimer *>(storage_); }

private:
	alignas(BLKMQ_HRTIMER_ALIGN) unsigned char storage_[BLKMQ_HRTIMER_SIZE];
};

struct NoRequestTimer {
	explicit NoRequestTimer(blkmq_hrtimer_fn *) noexcept {}
};

template <class Ops>
using RequestTimerOf = std::conditional_t<declares_timer_expired<Ops>, RequestTimer, NoRequestTimer>;

} // namespace detail
} // namespace blkmq
