// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The whole library. Drivers usually include this; each header also stands alone.
#pragma once

#include <blkmq/aref.hpp>
#include <blkmq/atomic.hpp>
#include <blkmq/box.hpp>
#include <blkmq/dispatch.hpp>
#include <blkmq/gen_disk.hpp>
#include <blkmq/gfp.hpp>
#include <blkmq/hw_queue.hpp>
#include <blkmq/local_mapping.hpp>
#include <blkmq/lock.hpp>
#include <blkmq/mutex.hpp>
#include <blkmq/operations.hpp>
#include <blkmq/option.hpp>
#include <blkmq/owned_request.hpp>
#include <blkmq/page.hpp>
#include <blkmq/page_store.hpp>
#include <blkmq/printk.hpp>
#include <blkmq/request.hpp>
#include <blkmq/result.hpp>
#include <blkmq/segments.hpp>
#include <blkmq/spin_lock.hpp>
#include <blkmq/status.hpp>
#include <blkmq/tag_cookie.hpp>
#include <blkmq/tag_set.hpp>
#include <blkmq/unique_request.hpp>
#include <blkmq/xarray.hpp>
