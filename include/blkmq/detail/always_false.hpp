// SPDX-License-Identifier: GPL-2.0 OR MIT
#pragma once

namespace blkmq::detail {

// For a static_assert that must fire only when the template around it is instantiated:
// the deleted-with-a-reason overloads that explain a misuse at compile time.
template <class...>
inline constexpr bool always_false = false;

} // namespace blkmq::detail
