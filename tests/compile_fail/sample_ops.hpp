// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// A valid operations type shared by the compile-fail cases, so that each case differs from
// code that compiles by the one rule it breaks and nothing else.
#pragma once

#include <blkmq/blkmq.hpp>

#include <utility>

struct SampleOps {
	struct RequestData {
		int value = 0;
	};

	static blkmq::DispatchResult queue_rq(const blkmq::HwQueue<SampleOps> &, blkmq::OwnedRequest<SampleOps> rq,
					      bool) noexcept {
		blkmq::UniqueRequest<SampleOps> started = std::move(rq).start();
		std::move(started).complete();
		return blkmq::DispatchResult::accepted();
	}

	static void complete(blkmq::UniqueRequest<SampleOps> rq) noexcept { std::move(rq).end_ok(); }
};

static_assert(blkmq::Operations<SampleOps>);

using Ops = SampleOps;
using blkmq::ARef;
using blkmq::DispatchResult;
using blkmq::OwnedRequest;
using blkmq::Request;
using blkmq::Status;
using blkmq::UniqueRequest;
