// SPDX-License-Identifier: GPL-2.0 OR MIT
// The faults a debug kernel must report, in C++: KASAN must see C++ objects as they see C ones (kernel/blkmq.mk passes
// them the kernel's KASAN flags), and blkmq's checked build (detail/held_mark.hpp) must see a Request& that outlived
// its handle.
#include "canary.h"

#include <blkmq/blkmq.hpp>

#include <utility>

namespace {

using namespace blkmq;

struct Block {
	int values[16];
};

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
