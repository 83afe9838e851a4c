// SPDX-License-Identifier: GPL-2.0 OR MIT
// ConfigfsSubsystem in a real kernel, used as C null_blk uses its configfs tree: each group
// (mkdir /sys/kernel/config/blkmq_cfgtest/NAME) is a disk's settings; writing 1 to its power
// file makes the disk (blkmq_cfgN, N its index), 0 removes it, and so does rmdir. The size is
// fixed while the disk is up (-EBUSY), a value that does not parse changes nothing (-EINVAL),
// and the subsystem's features file lists the groups' attributes.
#include "cfgtest.h"

#include <blkmq/blkmq.hpp>

#include <utility>

namespace cfgtest {
namespace {

using namespace blkmq;

struct DiskOps {
	static DispatchResult queue_rq(const HwQueue<DiskOps> &, OwnedRequest<DiskOps> rq, bool) {
		std::move(rq).start().end_ok();
		return DispatchResult::accepted();
	}
};

struct Disk {
	TagSet<DiskOps> tag_set;
	GenDisk<DiskOps> disk;
};

// The subsystem's data: the index the next group gets.
struct Registry {
	unsigned int next_index = 0;
};

struct DeviceConfig {
	explicit DeviceConfig(unsigned int index) noexcept : index(index) {}

	unsigned int index;
	unsigned int size_mb = 64;
	Option<Disk> disk; // powered on
};

Result<Disk> make_disk(const DeviceConfig &config) {
	Result<TagSet<DiskOps>> tag_set = TagSet<DiskOps>::create({.queue_depth = 16});
	if (!tag_set)
		return tag_set.error();
	Result<GenDisk<DiskOps>> disk = GenDiskBuilder()
						.name("blkmq_cfg", static_cast<int>(config.index))
						.capacity_sectors(std::uint64_t{config.size_mb} << 11)
						.build(tag_set.value());
	if (!disk)
		return disk.error();
	return Disk{std::move(tag_set).value(), std::move(disk).value()};
}

struct Dirs {
	using Group = DeviceConfig;
	using SubsystemData = Registry;

	static Result<Box<DeviceConfig>> make_group(Registry &registry, const char *) {
		Result<Box<DeviceConfig>> made = Box<DeviceConfig>::create(registry.next_index);
		if (made)
			++registry.next_index;
		return made;
	}
	// rmdir of a powered group removes its disk then, under the subsystem's mutex, as C
	// null_blk's drop_item does, whoever holds the group afterwards.
	static void drop_group(DeviceConfig &config) { config.disk.reset(); }

	static Result<void> show_index(const DeviceConfig &config, ShowPage &page) {
		page.line(config.index);
		return {};
	}
	static Result<void> show_power(const DeviceConfig &config, ShowPage &page) {
		page.line(config.disk.has_value());
		return {};
	}
	static Result<void> store_power(DeviceConfig &config, const StoreText &text) {
		const bool on = BLKMQ_TRY(text.to_bool());
		if (on == config.disk.has_value())
			return {};
		if (!on) {
			config.disk.reset();
			return {};
		}
		Result<Disk> disk = make_disk(config);
		if (!disk)
			return disk.error();
		config.disk = std::move(disk).value();
		return {};
	}
	static Result<void> show_size(const DeviceConfig &config, ShowPage &page) {
		page.line(config.size_mb);
		return {};
	}
	static Result<void> store_size(DeviceConfig &config, const StoreText &text) {
		const unsigned int size_mb = BLKMQ_TRY(text.to_uint());
		if (config.disk)
			return Error::busy();
		if (size_mb == 0)
			return Error::invalid_argument();
		config.size_mb = size_mb;
		return {};
	}
	static constexpr ConfigfsAttribute<DeviceConfig> group_attributes[] = {
		{"index", &show_index},
		{"power", &show_power, &store_power},
		{"size", &show_size, &store_size},
	};

	static Result<void> show_features(const Registry &, ShowPage &page) {
		ConfigfsSubsystem<Dirs>::show_group_attribute_names(page);
		return {};
	}
	static constexpr ConfigfsAttribute<Registry> subsystem_attributes[] = {{"features", &show_features}};
};

struct Module {
	Registry registry;
	Option<ConfigfsSubsystem<Dirs>> subsystem;
};

constinit Module *the_module = nullptr;

} // namespace
} // namespace cfgtest

extern "C" int cfgtest_init() {
	using namespace cfgtest;
	Result<Box<Module>> module = Box<Module>::create();
	if (!module)
		return module.error().to_errno();
	Result<ConfigfsSubsystem<Dirs>> subsystem =
		ConfigfsSubsystem<Dirs>::create("blkmq_cfgtest", module.value()->registry);
	if (!subsystem)
		return subsystem.error().to_errno();
	module.value()->subsystem = std::move(subsystem).value();
	the_module = std::move(module).value().into_raw();
	return 0;
}

extern "C" void cfgtest_exit() {
	using namespace cfgtest;
	(void)Box<Module>::from_raw(std::exchange(the_module, nullptr));
}
