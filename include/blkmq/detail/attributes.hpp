// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// clang's typestate attributes (-Wconsumed), spelled so that g++ (which builds the kernel
// module and does not know them) sees nothing rather than warning.
//
// They let clang prove at compile time what C++ types alone cannot: that a consumed
// request handle is not used again (`std::move(rq).end_ok(); std::move(rq).end_ok();`).
#pragma once

#if defined(__clang__)
#define BLKMQ_CONSUMABLE [[clang::consumable(unconsumed)]]
#define BLKMQ_RETURNS_UNCONSUMED [[clang::return_typestate(unconsumed)]]
#define BLKMQ_CONSUMES [[clang::callable_when(unconsumed)]] [[clang::set_typestate(consumed)]]
#define BLKMQ_WHEN_UNCONSUMED [[clang::callable_when(unconsumed)]]
#define BLKMQ_REFILLS [[clang::set_typestate(unconsumed)]]
#else
#define BLKMQ_CONSUMABLE
#define BLKMQ_RETURNS_UNCONSUMED
#define BLKMQ_CONSUMES
#define BLKMQ_WHEN_UNCONSUMED
#define BLKMQ_REFILLS
#endif
