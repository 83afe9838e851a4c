// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// clang's typestate attributes (-Wconsumed), spelled so that g++ (which builds the kernel
// module and does not know them) sees nothing rather than warning.
//
// They let clang prove at compile time what C++ types alone cannot: that a consumed
// request handle is not used again (`std::move(rq).end_ok(); std::move(rq).end_ok();`).
#pragma once

// g++ and clang warn about an unused variable of this type as about an unused int, which
// they cannot assume for types with destructors (a request handle never used is a request
// never ended).
#define BLKMQ_WARN_UNUSED [[gnu::warn_unused]]

#if defined(__clang__)
#define BLKMQ_CONSUMABLE [[clang::consumable(unconsumed)]]
#define BLKMQ_RETURNS_UNCONSUMED [[clang::return_typestate(unconsumed)]]
// "unknown" is the state of a handle clang cannot follow, such as a reference parameter of
// a driver's helper (`void finish(UniqueRequest<Ops> &rq)`): using one is correct code.
#define BLKMQ_CONSUMES [[clang::callable_when("unconsumed", "unknown")]] [[clang::set_typestate(consumed)]]
#define BLKMQ_UNLESS_CONSUMED [[clang::callable_when("unconsumed", "unknown")]]
#define BLKMQ_REFILLS [[clang::set_typestate(unconsumed)]]
// Assigning over a live handle drops its request: clang reports it at compile time.
#define BLKMQ_WHEN_EMPTY [[clang::callable_when("consumed", "unknown")]]
#else
#define BLKMQ_CONSUMABLE
#define BLKMQ_RETURNS_UNCONSUMED
#define BLKMQ_CONSUMES
#define BLKMQ_UNLESS_CONSUMED
#define BLKMQ_REFILLS
#define BLKMQ_WHEN_EMPTY
#endif
