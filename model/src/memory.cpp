// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// blkmq_alloc / blkmq_free, counted so that a test sees every leak; and the fault
// injection switches the rest of the model reads.
#include "internal.hpp"

#include <atomic>
#include <cstdlib>

namespace blkmq::model {
namespace {
std::atomic<std::size_t> allocations{0};
std::atomic<bool> alloc_failure{false};
std::atomic<bool> init_request_failure{false};
std::atomic<int> add_disk_failure{0};
std::atomic<unsigned int> add_disk_successes_first{0};
} // namespace

std::size_t live_allocations() { return allocations.load(); }

void fail_next_alloc() { alloc_failure = true; }
void fail_next_init_request() { init_request_failure = true; }
void fail_next_add_disk(int negative_errno) { fail_add_disk_after(0, negative_errno); }
void fail_add_disk_after(unsigned int successes, int negative_errno) {
	add_disk_successes_first = successes;
	add_disk_failure = negative_errno;
}

bool take_injected_alloc_failure() { return alloc_failure.exchange(false); }
bool take_injected_init_request_failure() { return init_request_failure.exchange(false); }
int take_injected_add_disk_failure() {
	if (add_disk_failure == 0)
		return 0;
	if (add_disk_successes_first > 0) {
		--add_disk_successes_first;
		return 0;
	}
	return add_disk_failure.exchange(0);
}

} // namespace blkmq::model

extern "C" void *blkmq_alloc(unsigned long size, unsigned int gfp) {
	if (gfp != BLKMQ_GFP_KERNEL && gfp != BLKMQ_GFP_NOIO && gfp != BLKMQ_GFP_ATOMIC)
		blkmq::model::record_violation("blkmq_alloc: unknown allocation flags");
	blkmq::model::check_allocation_context(gfp, "kmalloc");
	if (blkmq::model::take_injected_alloc_failure())
		return nullptr;
	void *memory = std::calloc(1, size);
	if (memory)
		++blkmq::model::allocations;
	return memory;
}

extern "C" void blkmq_free(const void *ptr) {
	if (!ptr)
		return;
	--blkmq::model::allocations;
	std::free(const_cast<void *>(ptr));
}
