// SPDX-License-Identifier: GPL-2.0 OR MIT
// The faults a debug kernel must report, in C++: KASAN must see C++ objects as they see C ones (kernel/blkmq.mk passes
// them the kernel's KASAN flags), kmemleak must see a C++ allocation forgotten, and blkmq's checked build
// (detail/held_mark.hpp) must see a Request& that outlived its handle.
#include "canary.h"

#include <blkmq/blkmq.hpp>

#include <utility>

namespace {

using namespace blkmq;

struct Block {
	int values[16];
};

// Larger than the largest kmalloc cache (8 KiB with 4 KiB pages), so kmalloc takes it from the
// page allocator. A small block would come from a SLUB cache whose per-CPU arrays of free
// objects (7.x's "sheaves") keep a stale pointer to every object they handed out, a reference
// kmemleak finds and that hides the leak.
struct BigBlock {
	unsigned char bytes[16384];
};
constexpr int leaked_blocks = 8;

// Keeps the compiler from reasoning about the pointer: the access and the lost allocation
// below stay in the object code as written.
template <typename T>
T *opaque(T *pointer) {
	asm volatile("" : "+r"(pointer) : : "memory");
	return pointer;
}

// A disk whose queue_rq reads its request through a reference kept past the end: the misuse
// the handles cannot see, and gcc compiles without a word.
struct Ops {
	static DispatchResult queue_rq(const HwQueue<Ops> &, OwnedRequest<Ops> rq, bool) {
		UniqueRequest<Ops> started = std::move(rq).start();
		const Request<Ops> &view = *started;
		std::move(started).end_ok();
		blkmq_pr_info("blkmq_canary: sector after the end: %llu\n",
			      static_cast<unsigned long long>(view.sector()));
		return DispatchResult::accepted();
	}
};

struct Device {
	TagSet<Ops> tag_set;
	GenDisk<Ops> disk;
};

constinit Device *canary_device = nullptr;

} // namespace

int canary_use_after_free(void) {
	Block *block = new (Gfp::Kernel) Block{};
	if (block == nullptr)
		return Error::out_of_memory().to_errno();
	Block *alias = opaque(block); // a pointer gcc's -Wuse-after-free cannot follow
	delete block;
	return *static_cast<volatile int *>(&alias->values[3]);
}

// Overwrites the stack below the caller, where the lost pointers were: kmemleak scans task
// stacks, and a stale copy there would be a reference.
__attribute__((noinline)) static void scrub_stack() {
	volatile unsigned char scratch[1024];
	for (volatile unsigned char &byte : scratch)
		byte = 0;
}

int canary_leak(void) {
	for (int i = 0; i < leaked_blocks; ++i) {
		BigBlock *block = opaque(new (Gfp::Kernel) BigBlock{});
		if (block == nullptr)
			return Error::out_of_memory().to_errno();
		block->bytes[0] = static_cast<unsigned char>(i); // touched, then forgotten
	}
	scrub_stack();
	return leaked_blocks;
}

int canary_request_after_end_add(void) {
	Result<TagSet<Ops>> tag_set = TagSet<Ops>::create({.nr_hw_queues = 1, .queue_depth = 4});
	if (!tag_set)
		return tag_set.error().to_errno();
	Result<GenDisk<Ops>> disk =
		GenDiskBuilder().name("blkmq_canary", 0).capacity_sectors(2048).build(tag_set.value());
	if (!disk)
		return disk.error().to_errno();
	Result<Box<Device>> created = Box<Device>::create(std::move(tag_set).value(), std::move(disk).value());
	if (!created)
		return created.error().to_errno();
	canary_device = std::move(created).value().into_raw();
	return 0;
}

void canary_request_after_end_remove(void) {
	if (canary_device != nullptr)
		(void)Box<Device>::from_raw(std::exchange(canary_device, nullptr));
}
