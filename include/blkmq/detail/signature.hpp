// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// has_signature<F, Signature>: F (the type of &Ops::member) points at a function of exactly
// Signature, noexcept or not. The ops table stores such a pointer as it is, so "callable
// with these arguments" is not enough: the types must be the ones the thunk passes.
#pragma once

#include <concepts>

namespace blkmq::detail {

template <class Signature>
struct noexcept_of;
template <class R, class... Args>
struct noexcept_of<R(Args...)> {
	using type = R(Args...) noexcept;
};

template <class F, class Signature>
concept has_signature = std::same_as<F, Signature *> || std::same_as<F, typename noexcept_of<Signature>::type *>;

} // namespace blkmq::detail
