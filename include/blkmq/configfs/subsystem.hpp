// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// ConfigfsSubsystem<Ops>: a directory under /sys/kernel/config in which user space makes
// groups (mkdir) and removes them (rmdir), each group a directory of the attribute files
// Ops declares, typed on the group's data. Registered by create(), unregistered by the
// destructor.
//
// Ops is a class of static members, as the block layer's operations are:
//
//   struct DeviceDirs {
//       using Group = DeviceConfig;           // one group's data
//       using SubsystemData = Driver;         // optional: given to create() by reference
//       static Result<Box<DeviceConfig>> make_group(Driver &driver, const char *name);
//       static void drop_group(DeviceConfig &config);  // optional
//       static constexpr ConfigfsAttribute<DeviceConfig> group_attributes[] = {
//           {"size", &show_size, &store_size},
//           {"power", &show_power, &store_power},
//       };
//       static constexpr ConfigfsAttribute<Driver> subsystem_attributes[] = {  // optional
//           {"features", &show_features},
//       };
//   };
//
// A group's data, and its states:
//   made     by make_group at mkdir (an Error there is mkdir's errno, and nothing is made);
//   in use   by the attributes' show and store, one call at a time (configfs/attribute.hpp);
//   dropped  by drop_group at rmdir, after every show and store of the group has returned and
//            before any other could start: what must end with the directory (a disk the
//            group made) ends here;
//   freed    when the group's last reference goes: configfs drops its own at rmdir, kernel
//            code that took one (config_item_get()) holds it longer. Its Box is destroyed
//            then, outside the mutex, and no call reaches it again. (A kernel user pinning
//            the group with configfs_depend_item() makes rmdir fail with -EBUSY instead.)
// make_group, drop_group and every show and store of the subsystem run under one mutex (the
// C side's), in process context. A mkdir or an open attribute file holds a reference to the
// module, so the module is not unloaded while a group exists, and the subsystem outlives its
// groups: the destructor finds none. That holds once init has returned: a mkdir may land as
// soon as create() has, so create the subsystem last in init, when nothing after it can fail
// (a group left at the destructor is reported).
//
// A module that uses it links the configfs side, kernel/blkmq_configfs.c, by adding
// $(blkmq-configfs-objs) to its objects (kernel/blkmq.mk), and then depends on configfs.
//
// Move-only, the size of a pointer; the module keeps it from init to exit.
#pragma once

#include <blkmq/base/result.hpp>
#include <blkmq/configfs/attribute.hpp>
#include <blkmq/detail/ops_traits.hpp>
#include <blkmq/memory/box.hpp>
#include <blkmq/sys.h>

#include <concepts>
#include <cstddef>
#include <type_traits>
#include <utility>

namespace blkmq {
namespace detail {

template <class Ops>
struct configfs_subsystem_data {
	using type = NoData;
};
template <class Ops>
requires requires { typename Ops::SubsystemData; }
struct configfs_subsystem_data<Ops> {
	using type = typename Ops::SubsystemData;
};

template <class Ops>
concept DeclaresGroupAttributes = (std::extent_v<decltype(Ops::group_attributes)> > 0);
template <class Ops>
concept DeclaresSubsystemAttributes = (std::extent_v<decltype(Ops::subsystem_attributes)> > 0);

// Which directory an attribute file is in: a group's, or the subsystem's own.
enum class ConfigfsItem { Group, Subsystem };

consteval bool names_equal(const char *a, const char *b) {
	while (*a && *a == *b) {
		++a;
		++b;
	}
	return *a == *b;
}
consteval bool is_file_name(const char *name) {
	if (!name || !*name)
		return false;
	for (; *name; ++name)
		if (*name == '/')
			return false;
	return true;
}

// Whether every attribute of @attributes has a name, a show or a store, and a name of its own.
template <class Attribute, std::size_t N>
consteval bool attributes_well_formed(const Attribute (&attributes)[N]) {
	for (std::size_t i = 0; i < N; ++i) {
		if (!is_file_name(attributes[i].name))
			return false;
		if (!attributes[i].readable && !attributes[i].writable)
			return false;
		for (std::size_t j = 0; j < i; ++j)
			if (names_equal(attributes[i].name, attributes[j].name))
				return false;
	}
	return true;
}

// The C side's description of N attributes, laid out at compile time.
template <std::size_t N>
struct AttributeTable {
	blkmq_configfs_attribute entries[N];
	constexpr const blkmq_configfs_attribute *data() const noexcept { return entries; }
	static constexpr unsigned int size() noexcept { return N; }
};
struct NoAttributes {
	static constexpr const blkmq_configfs_attribute *data() noexcept { return nullptr; }
	static constexpr unsigned int size() noexcept { return 0; }
};

} // namespace detail

template <class Ops>
using ConfigfsSubsystemDataOf = typename detail::configfs_subsystem_data<Ops>::type;

// The functions configfs calls, with its exact signatures (sys.h), and the tables of them.
template <class Ops>
struct ConfigfsThunks {
	using Group = typename Ops::Group;
	using SubsystemData = ConfigfsSubsystemDataOf<Ops>;
	static constexpr bool has_subsystem_data = detail::has_data<SubsystemData>;

	static int make_group(void *subsystem_data, const char *name, void **out) noexcept {
		Result<Box<Group>> made = [&] {
			if constexpr (has_subsystem_data)
				return Ops::make_group(*static_cast<SubsystemData *>(subsystem_data), name);
			else
				return Ops::make_group(name);
		}();
		if (!made)
			return made.error().to_errno();
		*out = std::move(made).value().into_raw(); // adopted back by release_group()
		return 0;
	}
	static void drop_group(void *group) noexcept { Ops::drop_group(*static_cast<Group *>(group)); }
	static void release_group(void *group) noexcept { (void)Box<Group>::from_raw(static_cast<Group *>(group)); }

	// The subsystem's mutex for the length of one show or store.
	struct Locked {
		explicit Locked(config_item *item) noexcept : item_(item) { blkmq_configfs_lock(item_); }
		Locked(const Locked &) = delete;
		Locked &operator=(const Locked &) = delete;
		~Locked() { blkmq_configfs_unlock(item_); }
		config_item *item_;
	};

	// The data an attribute file of @kind reaches (by the kind, not by the data's type, which
	// may be the same for both).
	template <detail::ConfigfsItem kind>
	static auto &data_of(config_item *item) noexcept {
		if constexpr (kind == detail::ConfigfsItem::Group) {
			return *static_cast<Group *>(blkmq_configfs_group_data(item));
		} else if constexpr (has_subsystem_data) {
			return *static_cast<SubsystemData *>(blkmq_configfs_subsystem_data(item));
		} else {
			static constinit NoData none; // a subsystem without data: nothing to reach
			return none;
		}
	}

	template <detail::ConfigfsItem kind, const auto &attributes, std::size_t I>
	static long show(config_item *item, char *page) noexcept {
		const Locked locked(item);
		ShowPage out(page);
		const Result<void> shown = attributes[I].show(data_of<kind>(item), out);
		return shown ? static_cast<long>(out.length()) : shown.error().to_errno();
	}
	template <detail::ConfigfsItem kind, const auto &attributes, std::size_t I>
	static long store(config_item *item, const char *page, unsigned long len) noexcept {
		const Locked locked(item);
		const Result<void> stored = attributes[I].store(data_of<kind>(item), StoreText(page, len));
		return stored ? static_cast<long>(len) : stored.error().to_errno();
	}

	template <detail::ConfigfsItem kind, const auto &attributes, std::size_t... I>
	static constexpr auto table(std::index_sequence<I...>) noexcept {
		return detail::AttributeTable<sizeof...(I)>{
			{{attributes[I].name, attributes[I].readable ? &show<kind, attributes, I> : nullptr,
			  attributes[I].writable ? &store<kind, attributes, I> : nullptr}...}};
	}
	// The C side's table for @attributes, once they are checked.
	template <detail::ConfigfsItem kind, const auto &attributes>
	static constexpr auto checked_table() noexcept {
		static_assert(detail::attributes_well_formed(attributes),
			      "blkmq: each configfs attribute needs a name of its own without a slash, and a show or a "
			      "store");
		return table<kind, attributes>(
			std::make_index_sequence<std::extent_v<std::remove_reference_t<decltype(attributes)>>>{});
	}
};

template <class Ops>
class [[nodiscard]] ConfigfsSubsystem {
	using Thunks = ConfigfsThunks<Ops>;

public:
	using Group = typename Ops::Group;
	using SubsystemData = ConfigfsSubsystemDataOf<Ops>;

private:
	static constexpr bool has_subsystem_data = Thunks::has_subsystem_data;
	static constexpr bool has_drop_group = requires(Group & group) { Ops::drop_group(group); };

	static_assert(std::is_nothrow_destructible_v<Group>, "blkmq: a configfs Group's destructor must be noexcept");
	static_assert(
		requires(SubsystemData & data, const char *name) {
			{ Ops::make_group(data, name) } -> std::same_as<Result<Box<Group>>>;
		} ||
			requires(const char *name) {
				{ Ops::make_group(name) } -> std::same_as<Result<Box<Group>>>;
			},
		"blkmq: ConfigfsOps::make_group must return Result<Box<Group>> from a SubsystemData& and the "
		"name, a const char*, or from the name alone without a SubsystemData");

public:
	// Registers the subsystem as /sys/kernel/config/@name (a name of at most 19 characters,
	// static storage) with @data, which must outlive it. Errors: invalid_argument (a name too
	// long), busy... as configfs_register_subsystem() returns them (-EEXIST: the name is taken).
	static Result<ConfigfsSubsystem> create(const char *name,
						SubsystemData &data) noexcept requires has_subsystem_data {
		return register_with(name, &data);
	}
	static Result<ConfigfsSubsystem> create(const char *name) noexcept requires(!has_subsystem_data) {
		return register_with(name, nullptr);
	}

	ConfigfsSubsystem(ConfigfsSubsystem &&other) noexcept : subsystem_(std::exchange(other.subsystem_, nullptr)) {}
	ConfigfsSubsystem(const ConfigfsSubsystem &) = delete;
	ConfigfsSubsystem &operator=(const ConfigfsSubsystem &) = delete;
	ConfigfsSubsystem &operator=(ConfigfsSubsystem &&) = delete;
	~ConfigfsSubsystem() {
		if (subsystem_)
			blkmq_configfs_unregister(subsystem_);
	}

	// The names of the groups' attributes, comma-separated, and a newline: what C null_blk's
	// "features" file shows.
	static void show_group_attribute_names(ShowPage &page) noexcept {
		if constexpr (detail::DeclaresGroupAttributes<Ops>) {
			const char *separator = "";
			for (const auto &attribute : Ops::group_attributes) {
				page.append(separator);
				page.append(attribute.name);
				separator = ",";
			}
		}
		page.append("\n");
	}

private:
	static constexpr auto group_table = [] {
		if constexpr (detail::DeclaresGroupAttributes<Ops>)
			return Thunks::template checked_table<detail::ConfigfsItem::Group, Ops::group_attributes>();
		else
			return detail::NoAttributes{};
	}();
	static constexpr auto subsystem_table = [] {
		if constexpr (detail::DeclaresSubsystemAttributes<Ops>)
			return Thunks::template checked_table<detail::ConfigfsItem::Subsystem,
							      Ops::subsystem_attributes>();
		else
			return detail::NoAttributes{};
	}();

	static constexpr void (*drop_group_thunk())(void *) {
		if constexpr (has_drop_group)
			return &Thunks::drop_group;
		else
			return nullptr;
	}

	static Result<ConfigfsSubsystem> register_with(const char *name, SubsystemData *data) noexcept {
		const blkmq_configfs_config config = {
			.name = name,
			.data = data,
			.make_group = &Thunks::make_group,
			.drop_group = drop_group_thunk(),
			.release_group = &Thunks::release_group,
			.group_attributes = group_table.data(),
			.nr_group_attributes = group_table.size(),
			.subsystem_attributes = subsystem_table.data(),
			.nr_subsystem_attributes = subsystem_table.size(),
		};
		blkmq_configfs_subsystem *subsystem = nullptr;
		if (int err = blkmq_configfs_register(&config, &subsystem))
			return Error::from_errno(err);
		return ConfigfsSubsystem(subsystem);
	}

	explicit ConfigfsSubsystem(blkmq_configfs_subsystem *subsystem) noexcept : subsystem_(subsystem) {}

	blkmq_configfs_subsystem *subsystem_;
};

} // namespace blkmq
