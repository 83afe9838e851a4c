// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// nullblk's configfs tree, /sys/kernel/config/nullb_cpp, as C null_blk's /sys/kernel/config/nullb:
// `mkdir nullb_cpp/NAME` makes a group of settings that start from the module's parameters as
// given; its files change them, each as C null_blk's: parsed first (an error is -EINVAL), then
// -EBUSY while the disk is up, but for submit_queues and poll_queues, which change its queues
// live. `echo 1 > power` checks them and makes the disk, named NAME (cut to 31 characters, as
// C cuts it), at the lowest free index, which `index` then shows; `echo 0 > power` or rmdir
// removes it. The subsystem's `features` file lists the groups' files.
//
// DeviceGroup: one group's settings, and the index of its disk while powered. Made by mkdir
// (DeviceDirs::make_group), changed by its files' stores, powered off by rmdir (drop_group),
// freed when configfs lets the group go. Every call on it runs under the subsystem's mutex,
// which also keeps its disk and the Driver's table from changing under it.
//
// Included by nullblk.cpp alone, so its names have internal linkage (an unnamed namespace, as
// `static` in C): the compiler sees every caller, and inlines the I/O path as in one file.
#pragma once

#include <blkmq/blkmq.hpp>

#include "device.hpp"
#include "nullblk.h"

#include <type_traits>

namespace nullblk {
namespace {

using namespace blkmq;

struct DeviceGroup {
	DeviceGroup(Driver &driver, const char *name) noexcept
	    : driver(driver), settings(driver.given), size_mb(driver.given.gb << 10) {
		scnprintf(disk_name, sizeof(disk_name), "%s", name);
	}

	Driver &driver;
	// The group's name, cut to what a disk's name holds: the disk's name when powered.
	char disk_name[GenDiskBuilder::max_name_length + 1];
	nullblk_params settings;
	unsigned long size_mb; // C null_blk's size, in MiB
	// Shown as C null_blk's index: 0, or what was written, until a power-on sets it.
	unsigned int index = 0;
	// Where the disk is in the Driver's table while it is up, and the settings it was made
	// with (effective(): what the driver changed of them, use_per_node_hctx's queues say),
	// its queue counts as they are now.
	Option<unsigned int> powered;
	nullblk_params in_use{};
	// Whether its tag set has a poll map, which only a disk made with poll queues has.
	bool made_with_poll_queues = false;
	// Its bad blocks, from its first badblocks write on, kept across power cycles as C
	// null_blk keeps them: a disk made from the group fails what touches them.
	Option<BadBlocks> bad_blocks;
};

// The class a pointer to a data member points into.
template <class>
struct MemberOf;
template <class Field, class Class>
struct MemberOf<Field Class::*> {
	using type = Class;
};

// The field @member names in @group: one of its settings (a member of nullblk_params), or one
// of the group's own (size, index).
template <auto member, class Group>
auto &field_of(Group &group) {
	if constexpr (std::is_same_v<typename MemberOf<decltype(member)>::type, DeviceGroup>)
		return group.*member;
	else
		return group.settings.*member;
}

// A file for one of the values a disk is made from: shown as C null_blk shows it ("%u\n"),
// stored as C stores it: parsed with the kernel's parser for its type (no_sched, an int
// parameter, is a bool file there), -EBUSY while the disk is up. Values out of range are
// refused at power-on, as C checks them there.
template <auto member>
Result<void> show_setting(const DeviceGroup &group, ShowPage &page) {
	page.line(field_of<member>(group));
	return {};
}
template <auto member>
Result<void> store_setting(DeviceGroup &group, const StoreText &text) {
	using Field = std::remove_cvref_t<decltype(field_of<member>(group))>;
	using Parsed = std::conditional_t<std::is_same_v<Field, int>, bool, Field>;
	const Parsed value = BLKMQ_TRY(text.parse<Parsed>());
	if (group.powered)
		return Error::busy();
	field_of<member>(group) = value;
	return {};
}

template <auto member>
constexpr ConfigfsAttribute<DeviceGroup> setting(const char *name) {
	return {name, &show_setting<member>, &store_setting<member>};
}

// "NAME: ", the start of every message about a group's settings.
struct MessagePrefix {
	explicit MessagePrefix(const DeviceGroup &group) noexcept {
		scnprintf(text, sizeof(text), "%s: ", group.disk_name);
	}
	char text[sizeof(DeviceGroup::disk_name) + 2];
};

// A group's disk has no more poll queues than the module's poll_queues, at power-on and when
// changed live (C null_blk lowers the count to it; refused here, with a message).
Result<void> check_poll_queues(const DeviceGroup &group, unsigned int poll_queues, const MessagePrefix &prefix) {
	const unsigned int module_poll_queues = group.driver.given.poll_queues;
	if (poll_queues > module_poll_queues) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%spoll_queues=%u: must be 0 to %u (the module's poll_queues)\n",
			     prefix.text, poll_queues, module_poll_queues);
		return Error::invalid_argument();
	}
	return {};
}

// Gives a powered group's disk @submit_queues and @poll_queues (C null_blk's
// nullb_update_nr_hw_queues): its tag set's queues changed under it, I/O drained first and held
// meanwhile. As C: not on the shared tag set, which every disk of shared_tags=1 maps through;
// 1 to the CPUs submit queues; no more poll queues than the module's poll_queues; and poll
// queues only on a disk made with some, whose tag set has a poll map.
Result<void> change_queues(DeviceGroup &group, unsigned int submit_queues, unsigned int poll_queues) {
	const Device &device = *group.driver.devices[*group.powered];
	const MessagePrefix prefix(group);
	if (!device.own_tag_set) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%sthe queues of a disk on the shared tag set cannot change\n",
			     prefix.text);
		return Error::invalid_argument();
	}
	BLKMQ_TRY(check_submit_queues(submit_queues, group.in_use.nr_cpu_ids, prefix.text));
	BLKMQ_TRY(check_poll_queues(group, poll_queues, prefix));
	if (poll_queues != 0 && !group.made_with_poll_queues) {
		blkmq_pr_err(NULLBLK_PR_PREFIX "%spoll_queues=%u: the disk was made without poll queues (power it off "
					       "and on to have some)\n",
			     prefix.text, poll_queues);
		return Error::invalid_argument();
	}
	BLKMQ_TRY(device.own_tag_set->update_nr_hw_queues({.nr_hw_queues = submit_queues, .poll_queues = poll_queues}));
	group.in_use.submit_queues = submit_queues;
	group.in_use.poll_queues = poll_queues;
	return {};
}

// submit_queues and poll_queues: stored while the disk is down, and changed live while it is up,
// as C null_blk's (an error leaves the queues and the file as they were).
template <auto member>
Result<void> store_queue_count(DeviceGroup &group, const StoreText &text) {
	const unsigned int value = BLKMQ_TRY(text.parse<unsigned int>());
	if (group.powered) {
		nullblk_params wanted = group.in_use;
		wanted.*member = value;
		BLKMQ_TRY(change_queues(group, wanted.submit_queues, wanted.poll_queues));
	}
	group.settings.*member = value;
	return {};
}

template <auto member>
constexpr ConfigfsAttribute<DeviceGroup> queue_count(const char *name) {
	return {name, &show_setting<member>, &store_queue_count<member>};
}

// A write to the badblocks file: sectors marked bad ("+FIRST-LAST") or good ("-FIRST-LAST").
struct BadBlocksChange {
	bool bad;
	SectorRange range;
};

// As C null_blk parses it: blanks around it ignored, FIRST and LAST 512-byte sectors, inclusive,
// read as kstrtoull reads them (decimal, 0x hex, leading 0 octal); -EINVAL for any other text
// and for FIRST after LAST, kstrtoull's error for a number it refuses. (C copies the text
// whole; here it is refused past 63 characters, which no two numbers need.)
Result<BadBlocksChange> parse_bad_blocks_change(const StoreText &text) {
	auto blank = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
	const char *begin = text.c_str();
	const char *end = begin + text.length();
	while (begin != end && blank(*begin))
		++begin;
	while (end != begin && blank(end[-1]))
		--end;
	char change[64];
	if (__builtin_strlen(text.c_str()) != text.length() || end - begin >= static_cast<long>(sizeof(change)) ||
	    end == begin || (*begin != '+' && *begin != '-'))
		return Error::invalid_argument();
	__builtin_memcpy(change, begin, static_cast<unsigned long>(end - begin));
	change[end - begin] = '\0';
	char *dash = __builtin_strchr(change + 1, '-');
	if (dash == nullptr)
		return Error::invalid_argument();
	*dash = '\0';
	unsigned long long first = 0;
	unsigned long long last = 0;
	if (int error = kstrtoull(change + 1, 0, &first))
		return Error::from_errno(error);
	if (int error = kstrtoull(dash + 1, 0, &last))
		return Error::from_errno(error);
	if (first > last)
		return Error::invalid_argument();
	// Past sector 2^54 (from 0 to the last sector there is, the count wraps to 0): refused by the
	// table.
	return BadBlocksChange{change[0] == '+', {first, last - first + 1}};
}

// C null_blk's badblocks file: a read lists the table's entries ("FIRST COUNT" a line, as the
// kernel's badblocks_show), a write changes one range. The table is made at the group's first
// write; a powered disk's requests see it, and each change, at once.
Result<void> show_bad_blocks(const DeviceGroup &group, ShowPage &page) {
	if (!group.bad_blocks)
		return {};
	return group.bad_blocks->entries([&](SectorRange entry) {
		page.append_decimal(entry.first);
		page.append(" ");
		page.line(entry.count);
	});
}
Result<void> store_bad_blocks(DeviceGroup &group, const StoreText &text) {
	const BadBlocksChange change = BLKMQ_TRY(parse_bad_blocks_change(text));
	if (!group.bad_blocks) {
		BadBlocks table = BLKMQ_TRY(BadBlocks::create());
		const BadBlocks &made = group.bad_blocks.emplace(std::move(table));
		// Release: what made the table happens before a request finds it.
		if (group.powered)
			group.driver.devices[*group.powered]->disk.queue_data().bad_blocks.store(&made, Order::Release);
	}
	const Result<void> changed =
		change.bad ? group.bad_blocks->mark_bad(change.range) : group.bad_blocks->mark_good(change.range);
	if (!changed) {
		// C null_blk answers -EINVAL as well, without a message.
		const unsigned long long first = change.range.first;
		const unsigned long long last = change.range.first + change.range.count - 1;
		blkmq_pr_err(NULLBLK_PR_PREFIX "%sbadblocks: %c%llu-%llu: %s\n", MessagePrefix(group).text,
			     change.bad ? '+' : '-', first, last,
			     changed.error() == Error::no_space() ? "the table is full"
								  : "past the last sector a table holds (2^54 - 1)");
		return Error::invalid_argument();
	}
	return {};
}

struct DeviceDirs {
	using Group = DeviceGroup;
	using SubsystemData = Driver;

	// As C null_blk (null_find_dev_by_name): the name of a disk that exists is taken.
	static Result<Box<DeviceGroup>> make_group(Driver &driver, const char *name) {
		if (has_disk_named(driver, name))
			return Error::already_exists();
		return Box<DeviceGroup>::create(driver, name);
	}
	// rmdir of a powered group removes its disk, as C null_blk's drop_item does.
	static void drop_group(DeviceGroup &group) { power_off(group); }

	static Result<void> show_power(const DeviceGroup &group, ShowPage &page) {
		page.line(group.powered.has_value());
		return {};
	}
	static Result<void> store_power(DeviceGroup &group, const StoreText &text) {
		const bool on = BLKMQ_TRY(text.parse<bool>());
		if (on && !group.powered)
			return power_on(group);
		if (!on)
			power_off(group);
		return {};
	}

	// Checks the group's settings as the module's are checked at load, with a message naming
	// the group and its file, and makes its disk.
	static Result<void> power_on(DeviceGroup &group) {
		Driver &driver = group.driver;
		const MessagePrefix prefix(group);
		const nullblk_params settings = effective(group.settings);
		BLKMQ_TRY(validate_device(settings, {prefix.text, "blocksize"}));
		if (group.size_mb == 0 || group.size_mb > max_size_mb) {
			blkmq_pr_err(NULLBLK_PR_PREFIX "%ssize=%lu: must be 1 to %lu (MiB)\n", prefix.text,
				     group.size_mb, max_size_mb);
			return Error::invalid_argument();
		}
		// The shared tag set is made from the module's parameters: memory backing sleeps in
		// queue_rq, which only a blocking tag set allows (C null_blk lets it sleep there).
		const bool shared_set_blocks = driver.params.blocking || driver.params.memory_backed;
		if (settings.shared_tags && settings.memory_backed && !shared_set_blocks) {
			blkmq_pr_err(NULLBLK_PR_PREFIX
				     "%smemory_backed=1 with shared_tags=1: the shared tag set is not "
				     "blocking (load the module with blocking=1 or memory_backed=1)\n",
				     prefix.text);
			return Error::invalid_argument();
		}
		BLKMQ_TRY(check_poll_queues(group, settings.poll_queues, prefix));
		if (has_disk_named(driver, group.disk_name)) {
			blkmq_pr_err(NULLBLK_PR_PREFIX "%sa disk of that name exists\n", prefix.text);
			return Error::already_exists();
		}
		const Option<unsigned int> index = free_index(driver);
		if (!index) {
			blkmq_pr_err(NULLBLK_PR_PREFIX "%sall %u disks exist\n", prefix.text, max_devices);
			return Error::no_space();
		}
		BLKMQ_TRY(add_device(driver, *index, settings, group.size_mb, group.disk_name,
				     group.bad_blocks ? &*group.bad_blocks : nullptr));
		group.index = *index;
		group.powered.emplace(*index);
		group.in_use = settings;
		group.made_with_poll_queues = settings.poll_queues != 0;
		return {};
	}
	static void power_off(DeviceGroup &group) {
		if (group.powered)
			group.driver.devices[*group.powered].reset();
		group.powered.reset();
	}

	// In C null_blk's order, less the files it has that this driver does not yet (nullblk.md).
	static constexpr ConfigfsAttribute<DeviceGroup> group_attributes[] = {
		setting<&DeviceGroup::size_mb>("size"),
		setting<&nullblk_params::completion_nsec>("completion_nsec"),
		queue_count<&nullblk_params::submit_queues>("submit_queues"),
		queue_count<&nullblk_params::poll_queues>("poll_queues"),
		setting<&nullblk_params::queue_mode>("queue_mode"),
		setting<&nullblk_params::bs>("blocksize"),
		setting<&nullblk_params::max_sectors>("max_sectors"),
		setting<&nullblk_params::irqmode>("irqmode"),
		setting<&nullblk_params::hw_queue_depth>("hw_queue_depth"),
		// Writable as C null_blk's, and as there overwritten at power-on.
		setting<&DeviceGroup::index>("index"),
		setting<&nullblk_params::blocking>("blocking"),
		setting<&nullblk_params::use_per_node_hctx>("use_per_node_hctx"),
		{"power", &show_power, &store_power},
		setting<&nullblk_params::memory_backed>("memory_backed"),
		setting<&nullblk_params::discard>("discard"),
		setting<&nullblk_params::mbps>("mbps"),
		setting<&nullblk_params::cache_size>("cache_size"),
		{"badblocks", &show_bad_blocks, &store_bad_blocks},
		setting<&nullblk_params::badblocks_once>("badblocks_once"),
		setting<&nullblk_params::badblocks_partial_io>("badblocks_partial_io"),
		setting<&nullblk_params::virt_boundary>("virt_boundary"),
		setting<&nullblk_params::no_sched>("no_sched"),
		setting<&nullblk_params::shared_tags>("shared_tags"),
		setting<&nullblk_params::shared_tag_bitmap>("shared_tag_bitmap"),
		setting<&nullblk_params::fua>("fua"),
		setting<&nullblk_params::rotational>("rotational"),
	};

	static Result<void> show_features(const Driver &, ShowPage &page) {
		ConfigfsSubsystem<DeviceDirs>::show_group_attribute_names(page);
		return {};
	}
	static constexpr ConfigfsAttribute<Driver> subsystem_attributes[] = {{"features", &show_features}};
};

} // namespace
} // namespace nullblk
