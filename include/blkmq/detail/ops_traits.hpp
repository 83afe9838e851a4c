// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The associated data types of an operations type, with their defaults.
//
// A driver names the data it keeps per request, per disk, per hardware queue and per tag set
// as member types of its Ops (RequestData, QueueData, HwData, TagSetData); any it does not
// name is NoData, which takes no space.
#pragma once

#include <type_traits>

namespace blkmq {

struct NoData {};

namespace detail {

// Whether @Data is one a driver named, not the NoData default.
template <class Data>
inline constexpr bool has_data = !std::is_same_v<Data, NoData>;

template <class Ops>
struct request_data {
	using type = NoData;
};
template <class Ops>
requires requires { typename Ops::RequestData; }
struct request_data<Ops> {
	using type = typename Ops::RequestData;
};

template <class Ops>
struct queue_data {
	using type = NoData;
};
template <class Ops>
requires requires { typename Ops::QueueData; }
struct queue_data<Ops> {
	using type = typename Ops::QueueData;
};

template <class Ops>
struct hw_data {
	using type = NoData;
};
template <class Ops>
requires requires { typename Ops::HwData; }
struct hw_data<Ops> {
	using type = typename Ops::HwData;
};

template <class Ops>
struct tag_set_data {
	using type = NoData;
};
template <class Ops>
requires requires { typename Ops::TagSetData; }
struct tag_set_data<Ops> {
	using type = typename Ops::TagSetData;
};

} // namespace detail

template <class Ops>
using RequestDataOf = typename detail::request_data<Ops>::type;
template <class Ops>
using QueueDataOf = typename detail::queue_data<Ops>::type;
template <class Ops>
using HwDataOf = typename detail::hw_data<Ops>::type;
template <class Ops>
using TagSetDataOf = typename detail::tag_set_data<Ops>::type;

} // namespace blkmq
