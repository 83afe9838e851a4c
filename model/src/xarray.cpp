// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The kernel's xarray as a driver sees it: a sparse map from index to pointer, each call
// atomic. Entries must be 4-byte aligned (the kernel tags the low bits), and an array that
// is never destroyed is counted as a leak.
#include "internal.hpp"

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <map>
#include <mutex>

namespace blkmq::model {
namespace {
struct Entries {
	std::mutex mutex;
	std::map<unsigned long, void *> map;
};
std::atomic<std::size_t> xarrays{0};

Entries *entries_of(xarray *xa, const char *operation) {
	auto *entries = xa ? static_cast<Entries *>(xa->model_entries) : nullptr;
	if (entries == nullptr)
		record_violation(std::string(operation) + ": an xarray that was not initialised (or was destroyed)");
	return entries;
}
} // namespace

std::size_t live_xarrays() { return xarrays.load(); }

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" void blkmq_xa_init(struct xarray *xa) {
	xa->model_entries = new Entries;
	++xarrays;
}

extern "C" void *xa_load(struct xarray *xa, unsigned long index) {
	Entries *entries = entries_of(xa, "xa_load");
	if (entries == nullptr)
		return nullptr;
	std::lock_guard lock(entries->mutex);
	auto found = entries->map.find(index);
	return found == entries->map.end() ? nullptr : found->second;
}

extern "C" void *xa_erase(struct xarray *xa, unsigned long index) {
	Entries *entries = entries_of(xa, "xa_erase");
	if (entries == nullptr)
		return nullptr;
	std::lock_guard lock(entries->mutex);
	auto found = entries->map.find(index);
	if (found == entries->map.end())
		return nullptr;
	void *entry = found->second;
	entries->map.erase(found);
	return entry;
}

extern "C" int blkmq_xa_insert(struct xarray *xa, unsigned long index, void *entry, unsigned int gfp) {
	Entries *entries = entries_of(xa, "xa_insert");
	if (entries == nullptr)
		return -EINVAL;
	if (gfp != BLKMQ_GFP_KERNEL && gfp != BLKMQ_GFP_NOIO && gfp != BLKMQ_GFP_ATOMIC)
		record_violation("xa_insert: unknown allocation flags");
	check_allocation_context(gfp, "xa_insert");
	if (entry == nullptr || (reinterpret_cast<std::uintptr_t>(entry) & 3) != 0) {
		record_violation("xa_insert: a null or unaligned entry, which the xarray cannot hold");
		return -EINVAL;
	}
	if (take_injected_alloc_failure())
		return -ENOMEM;
	std::lock_guard lock(entries->mutex);
	return entries->map.emplace(index, entry).second ? 0 : -EBUSY;
}

extern "C" void *blkmq_xa_find(struct xarray *xa, unsigned long *index, unsigned long max) {
	Entries *entries = entries_of(xa, "xa_find");
	if (entries == nullptr)
		return nullptr;
	std::lock_guard lock(entries->mutex);
	auto found = entries->map.lower_bound(*index);
	if (found == entries->map.end() || found->first > max)
		return nullptr;
	*index = found->first;
	return found->second;
}

extern "C" void xa_destroy(struct xarray *xa) {
	Entries *entries = entries_of(xa, "xa_destroy");
	if (entries == nullptr)
		return;
	delete entries;
	xa->model_entries = nullptr;
	--xarrays;
}

extern "C" void blkmq_cond_resched(void) { check_may_sleep("cond_resched"); }
