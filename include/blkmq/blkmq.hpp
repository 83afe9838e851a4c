// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The whole library. Drivers usually include this; each header also stands alone.
#pragma once

#include <blkmq/base/clock.hpp>
#include <blkmq/base/fault_injection.hpp>
#include <blkmq/base/option.hpp>
#include <blkmq/base/printk.hpp>
#include <blkmq/base/result.hpp>
#include <blkmq/configfs/attribute.hpp>
#include <blkmq/configfs/subsystem.hpp>
#include <blkmq/disks/bad_blocks.hpp>
#include <blkmq/disks/frozen_queue.hpp>
#include <blkmq/disks/gen_disk.hpp>
#include <blkmq/disks/quiesced_queue.hpp>
#include <blkmq/memory/box.hpp>
#include <blkmq/memory/gfp.hpp>
#include <blkmq/memory/local_mapping.hpp>
#include <blkmq/memory/page.hpp>
#include <blkmq/memory/page_store.hpp>
#include <blkmq/memory/xarray.hpp>
#include <blkmq/queues/hw_queue.hpp>
#include <blkmq/queues/operations.hpp>
#include <blkmq/queues/tag_set.hpp>
#include <blkmq/requests/aref.hpp>
#include <blkmq/requests/completion_batch.hpp>
#include <blkmq/requests/dispatch.hpp>
#include <blkmq/requests/dispatch_batch.hpp>
#include <blkmq/requests/owned_request.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/request_list.hpp>
#include <blkmq/requests/segments.hpp>
#include <blkmq/requests/status.hpp>
#include <blkmq/requests/tag_cookie.hpp>
#include <blkmq/requests/timed_out_request.hpp>
#include <blkmq/requests/unique_request.hpp>
#include <blkmq/sync/atomic.hpp>
#include <blkmq/sync/lock.hpp>
#include <blkmq/sync/mutex.hpp>
#include <blkmq/sync/spin_lock.hpp>
