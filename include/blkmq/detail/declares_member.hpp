// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Whether a class declares an operation of a given name: one function, an overload set, a
// template, or a data member that could be taken for one (a function pointer, a lambda).
// A constant of that name (a number, an enumerator) is not an operation.
//
// `&Ops::complete` alone cannot tell: it is ill-formed both when there is no `complete`
// and when `complete` is overloaded or a template, so such a member would be taken for
// absent and its ops-table slot silently left null. Name lookup can tell: in a class that
// derives from Ops and from a probe that declares the same name, the name is ambiguous
// exactly when Ops declares it too. A final class cannot be derived from, so the library
// rejects final operations types (queues/operations.hpp).
#pragma once

#include <type_traits>

// Defines detail::declares_<member><T>, true when T declares @member and it is not a
// constant.
#define BLKMQ_DEFINE_DECLARES_MEMBER(member)                                                                           \
	namespace detail {                                                                                             \
	struct member##_probe {                                                                                        \
		int member; /* NOLINT(bugprone-macro-parentheses): a name, not an expression */                        \
	};                                                                                                             \
	template <class T>                                                                                             \
	struct member##_lookup : T, member##_probe {};                                                                 \
	template <class T>                                                                                             \
	concept names_constant_##member = requires {                                                                   \
		requires std::is_arithmetic_v<std::remove_cvref_t<decltype(T::member)>> ||                             \
			std::is_enum_v<std::remove_cvref_t<decltype(T::member)>>;                                      \
	};                                                                                                             \
	template <class T>                                                                                             \
	concept declares_##member = !std::is_final_v<T> && !requires {                                                 \
		&member##_lookup<T>::member;                                                                           \
	}                                                                                                              \
	&&!names_constant_##member<T>;                                                                                 \
	}
