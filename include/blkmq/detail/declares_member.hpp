// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Whether a class declares a function of a given name: one function, an overload set or a
// template (a data member of that name, a constant say, is not an operation).
//
// `&Ops::complete` alone cannot tell: it is ill-formed both when there is no `complete`
// and when `complete` is overloaded or a template, so such a member would be taken for
// absent and its ops-table slot silently left null. Name lookup can tell: in a class that
// derives from Ops and from a probe that declares the same name, the name is ambiguous
// exactly when Ops declares it too. A final class cannot be derived from, so the library
// rejects final operations types (operations.hpp).
#pragma once

#include <type_traits>

// Defines detail::declares_<member><T>, true when T declares a function named @member: the
// name is there, and it is not a data member (whose address would be an object pointer).
#define BLKMQ_DEFINE_DECLARES_MEMBER(member)                                                                           \
	namespace detail {                                                                                             \
	struct member##_probe {                                                                                        \
		int member; /* NOLINT(bugprone-macro-parentheses): a name, not an expression */                        \
	};                                                                                                             \
	template <class T>                                                                                             \
	struct member##_lookup : T, member##_probe {};                                                                 \
	template <class T>                                                                                             \
	concept names_data_##member = std::is_member_object_pointer_v<decltype(&T::member)> ||                         \
				      (std::is_pointer_v<decltype(&T::member)> &&                                      \
				       std::is_object_v<std::remove_pointer_t<decltype(&T::member)>>);                 \
	template <class T>                                                                                             \
	concept declares_##member = !std::is_final_v<T> && !requires {                                                 \
		&member##_lookup<T>::member;                                                                           \
	}                                                                                                              \
	&&!names_data_##member<T>;                                                                                     \
	}
