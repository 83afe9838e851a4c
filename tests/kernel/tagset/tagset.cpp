// SPDX-License-Identifier: GPL-2.0 OR MIT
// What the examples do not use of a tag set, in a real kernel: data every disk of the tag set
// reaches from its operations (Ops::TagSetData), a read queue that reads are mapped to
// (TagSetConfig::read_queues), and a TagSet object dropped while its disks still use it (the
// disks keep the tag set alive, and the last one to go frees it with its data), and a disk's
// queue frozen and quiesced (GenDisk::freeze(), quiesce()) while I/O comes.
#include "tagset.h"

#include <blkmq/blkmq.hpp>

#include <utility>

namespace tagset_test {
namespace {

using namespace blkmq;

constexpr unsigned int expected_value = 0x7a65e7;

struct Ops {
	struct TagSetData {
		explicit TagSetData(unsigned int value) noexcept : value(value) {}
		~TagSetData() { blkmq_pr_info("blkmq_tagset: tag set data freed\n"); }
		TagSetData(const TagSetData &) = delete;
		TagSetData &operator=(const TagSetData &) = delete;

		unsigned int value;
	};

	// Ends a request well only if both views reach the tag set's data and the request came
	// through the queue its operation is mapped to: a read to the read queue, the rest to the
	// default one. Anything else is an I/O error the guest script sees.
	static DispatchResult queue_rq(const HwQueue<Ops> &hw, OwnedRequest<Ops> rq, bool) {
		dispatches.fetch_add(1);
		const bool routed = (hw.type() == QueueType::Read) == (rq->op() == Op::Read);
		const bool data_seen =
			hw.tag_set_data().value == expected_value && rq->tag_set_data().value == expected_value;
		std::move(rq).start().end(routed && data_seen ? Status::ok() : Status::io_error());
		return DispatchResult::accepted();
	}

	// Every request queue_rq has seen, for tagset_test_hold() to count those of a hold.
	static constinit inline Atomic<unsigned int> dispatches{0};
};

struct Device {
	TagSet<Ops> tag_set; // empty once dropped
	GenDisk<Ops> first;
	GenDisk<Ops> second;
};

constinit Device *the_device = nullptr;

Result<GenDisk<Ops>> make_disk(TagSet<Ops> &tag_set, int index) {
	return GenDiskBuilder().name("blkmq_tagset", index).capacity_sectors(1 << 16).build(tag_set);
}

Result<Box<Device>> create() {
	Result<TagSet<Ops>> tag_set =
		TagSet<Ops>::create({.nr_hw_queues = 1, .read_queues = 1, .queue_depth = 16}, expected_value);
	if (!tag_set)
		return tag_set.error();
	Result<GenDisk<Ops>> first = make_disk(tag_set.value(), 0);
	if (!first)
		return first.error();
	Result<GenDisk<Ops>> second = make_disk(tag_set.value(), 1);
	if (!second)
		return second.error();
	return Box<Device>::create(std::move(tag_set).value(), std::move(first).value(), std::move(second).value());
}

} // namespace
} // namespace tagset_test

extern "C" int tagset_test_init(bool drop_tag_set) {
	using namespace tagset_test;
	Result<Box<Device>> created = create();
	if (!created)
		return created.error().to_errno();
	the_device = std::move(created).value().into_raw();
	if (drop_tag_set)
		(void)TagSet<Ops>(std::move(the_device->tag_set)); // the disks hold it now
	return 0;
}

extern "C" void tagset_test_exit() {
	using namespace tagset_test;
	(void)Box<Device>::from_raw(std::exchange(the_device, nullptr));
}

extern "C" int tagset_test_hold(bool freeze, unsigned int ms, void (*sleep)(unsigned int ms)) {
	using namespace tagset_test;
	// A write before init (the parameter given to insmod) or racing exit finds no disk.
	if (!the_device)
		return Error::no_device().to_errno();
	const GenDisk<Ops> &disk = the_device->first;
	const char *held = freeze ? "frozen" : "quiesced";
	// Counted inside the hold: what waited reaches queue_rq as soon as it ends.
	auto dispatched_while_held = [&] {
		blkmq_pr_info("blkmq_tagset: %s\n", held);
		const unsigned int before = Ops::dispatches.load();
		sleep(ms);
		return Ops::dispatches.load() - before;
	};
	unsigned int dispatched = 0;
	if (freeze) {
		const FrozenQueue frozen = disk.freeze();
		dispatched = dispatched_while_held();
	} else {
		const QuiescedQueue quiesced = disk.quiesce();
		dispatched = dispatched_while_held();
	}
	blkmq_pr_info("blkmq_tagset: %s for %u ms: %u requests dispatched meanwhile\n", held, ms, dispatched);
	return 0;
}
