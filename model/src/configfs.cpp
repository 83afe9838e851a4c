// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// configfs as the C side lays it out (kernel/blkmq_configfs.c) and as user space reaches it:
// subsystems by name, groups made by mkdir and removed by rmdir, attribute files read and
// written whole. With configfs's guarantees (rmdir waits for the group's running show and
// store, and those after it fail with -ENOENT; make_group and drop_group under the
// subsystem's mutex) and its rules, checked: a show writes less than a page, a store returns
// its length or an errno, a subsystem is unregistered without groups (the module's references
// see to that in the kernel), and the subsystem's mutex is never taken twice by one thread.
// The kernel's parsers (kstrtouint, kstrtoull, kstrtobool) and scnprintf, as the kernel's.
#include "internal.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

// What the C side's config_item stands for: the subsystem's own item, or a group's.
struct config_item {
	blkmq_configfs_subsystem *subsystem;
	void *data; // a group's, from make_group; the subsystem's own item: unused
	// configfs's fragment: held shared by each show and store, exclusive by rmdir.
	std::shared_mutex frag;
	bool dead = false;
};

// The C side's handle: the subsystem itself.
struct blkmq_configfs_subsystem {
	blkmq_configfs_config config;
	config_item item{this, nullptr};
	std::mutex lock; // the C side's subsystem mutex
	// The VFS's lock of the subsystem's directory, held by mkdir, rmdir and unregister: a
	// name is looked up and made, or removed, by one of them at a time.
	std::mutex directory;
	std::atomic<std::thread::id> lock_holder{};
	std::map<std::string, std::shared_ptr<config_item>, std::less<>> groups;
};

namespace blkmq::model {
namespace {

constexpr unsigned long subsystem_name_max = 20; // the C side's: CONFIGFS_ITEM_NAME_LEN, the NUL included
constexpr unsigned long group_name_max = 255;    // NAME_MAX; longer group names configfs allocates

std::mutex registry_mutex; // configfs's directory tree
std::map<std::string, blkmq_configfs_subsystem *, std::less<>> subsystems;

void lock_subsystem(blkmq_configfs_subsystem &subsystem) {
	if (subsystem.lock_holder == std::this_thread::get_id())
		record_violation("configfs: the subsystem's mutex taken again by its holder (a show, store, make_group "
				 "or drop_group that reaches the subsystem's attributes or groups deadlocks)");
	subsystem.lock.lock();
	subsystem.lock_holder = std::this_thread::get_id();
}
void unlock_subsystem(blkmq_configfs_subsystem &subsystem) {
	subsystem.lock_holder = std::thread::id();
	subsystem.lock.unlock();
}

const blkmq_configfs_attribute *find_attribute(const blkmq_configfs_attribute *attributes, unsigned int nr,
					       std::string_view name) {
	for (unsigned int i = 0; i < nr; ++i)
		if (name == attributes[i].name)
			return &attributes[i];
	return nullptr;
}

// Splits "subsystem/rest" at its first slash.
std::pair<std::string_view, std::string_view> split(std::string_view path) {
	const std::size_t slash = path.find('/');
	if (slash == std::string_view::npos)
		return {path, {}};
	return {path.substr(0, slash), path.substr(slash + 1)};
}

// What configfs_rmdir does to a group taken out of its subsystem: waits for its running shows
// and stores and lets no other start, drops it under the subsystem's mutex, releases it.
void drop_and_release(blkmq_configfs_subsystem &subsystem, config_item &item) {
	{
		const std::unique_lock frag(item.frag);
		item.dead = true;
	}
	if (subsystem.config.drop_group) {
		lock_subsystem(subsystem);
		subsystem.config.drop_group(item.data);
		unlock_subsystem(subsystem);
	}
	subsystem.config.release_group(item.data);
}

struct File {
	std::shared_ptr<config_item> item; // a group's; null for the subsystem's own item
	config_item *raw;
	const blkmq_configfs_attribute *attribute;
};

// The attribute file at @path, or the errno open() would return.
int open_file(std::string_view path, File &file) {
	const std::lock_guard registry(registry_mutex);
	auto [subsystem_name, rest] = split(path);
	const auto subsystem = subsystems.find(subsystem_name);
	if (subsystem == subsystems.end() || rest.empty())
		return -ENOENT;
	const blkmq_configfs_config &config = subsystem->second->config;
	auto [first, second] = split(rest);
	if (second.empty()) {
		file.raw = &subsystem->second->item;
		file.attribute = find_attribute(config.subsystem_attributes, config.nr_subsystem_attributes, first);
	} else {
		const auto group = subsystem->second->groups.find(first);
		if (group == subsystem->second->groups.end())
			return -ENOENT;
		file.item = group->second;
		file.raw = file.item.get();
		file.attribute = find_attribute(config.group_attributes, config.nr_group_attributes, second);
	}
	return file.attribute ? 0 : -ENOENT;
}

// The subsystem named @name, or null. One found stays registered while the caller makes or
// removes a directory in it: the module's exit cannot run meanwhile.
blkmq_configfs_subsystem *find_subsystem(std::string_view name) {
	const std::lock_guard registry(registry_mutex);
	const auto found = subsystems.find(name);
	return found == subsystems.end() ? nullptr : found->second;
}

} // namespace

int configfs_mkdir(std::string_view path) {
	check_may_sleep("mkdir in configfs");
	auto [subsystem_name, name] = split(path);
	blkmq_configfs_subsystem *subsystem = find_subsystem(subsystem_name);
	if (!subsystem || name.empty() || name.find('/') != std::string_view::npos)
		return -ENOENT;
	if (name.size() > group_name_max)
		return -ENAMETOOLONG;
	const std::lock_guard directory(subsystem->directory);
	{
		const std::lock_guard registry(registry_mutex);
		const blkmq_configfs_config &config = subsystem->config;
		if (subsystem->groups.contains(name) ||
		    find_attribute(config.subsystem_attributes, config.nr_subsystem_attributes, name))
			return -EEXIST;
	}
	// The registry is not held over make_group, which may take the subsystem's mutex as the
	// C side does; the directory's lock keeps the name free meanwhile.
	const std::string group_name(name);
	void *data = nullptr;
	lock_subsystem(*subsystem);
	const int err = subsystem->config.make_group(subsystem->config.data, group_name.c_str(), &data);
	unlock_subsystem(*subsystem);
	if (err > 0 || err < -4095) {
		record_violation("configfs: make_group returned " + std::to_string(err) + ", neither 0 nor an errno");
		return -EINVAL;
	}
	if (err)
		return err;
	auto item = std::make_shared<config_item>(subsystem, data);
	const std::lock_guard registry(registry_mutex);
	subsystem->groups.emplace(group_name, std::move(item));
	return 0;
}

int configfs_rmdir(std::string_view path) {
	check_may_sleep("rmdir in configfs");
	auto [subsystem_name, name] = split(path);
	blkmq_configfs_subsystem *subsystem = find_subsystem(subsystem_name);
	if (!subsystem)
		return -ENOENT;
	const std::lock_guard directory(subsystem->directory);
	std::shared_ptr<config_item> item;
	{
		const std::lock_guard registry(registry_mutex);
		const auto group = subsystem->groups.find(name);
		if (group == subsystem->groups.end())
			return -ENOENT;
		item = std::move(group->second);
		subsystem->groups.erase(group);
	}
	drop_and_release(*subsystem, *item);
	return 0;
}

long configfs_read(std::string_view path, std::string &text) {
	check_may_sleep("read of a configfs attribute");
	File file;
	if (int err = open_file(path, file))
		return err;
	if (!file.attribute->show)
		return -EACCES; // a write-only file (configfs_open_file)
	std::string page(BLKMQ_PAGE_SIZE, '\0');
	long shown = 0;
	{
		const std::shared_lock frag(file.raw->frag);
		if (file.raw->dead)
			return -ENOENT;
		shown = file.attribute->show(file.raw, page.data());
	}
	if (shown < -4095 || shown > BLKMQ_CONFIGFS_ATTR_SIZE) {
		record_violation(std::string("configfs: show of ") + file.attribute->name + " returned " +
				 std::to_string(shown) + ", neither an errno nor at most a page");
		return -EIO;
	}
	if (shown < 0)
		return shown;
	text.assign(page.data(), static_cast<std::size_t>(shown));
	return shown;
}

long configfs_write(std::string_view path, std::string_view text) {
	check_may_sleep("write of a configfs attribute");
	File file;
	if (int err = open_file(path, file))
		return err;
	if (!file.attribute->store)
		return -EACCES; // a read-only file
	// configfs_write_iter: at most SIMPLE_ATTR_SIZE less its NUL, NUL-terminated; nothing
	// copied is -EFAULT, before any store.
	if (text.empty())
		return -EFAULT;
	const std::size_t length = std::min(text.size(), std::size_t{BLKMQ_CONFIGFS_ATTR_SIZE - 1});
	std::string page(text.substr(0, length));
	long stored = 0;
	{
		const std::shared_lock frag(file.raw->frag);
		if (file.raw->dead)
			return -ENOENT;
		stored = file.attribute->store(file.raw, page.c_str(), length);
	}
	if (stored != static_cast<long>(length) && (stored >= 0 || stored < -4095))
		record_violation(std::string("configfs: store of ") + file.attribute->name + " returned " +
				 std::to_string(stored) + ", neither its length (" + std::to_string(length) +
				 ") nor an errno");
	return stored;
}

std::size_t live_configfs_subsystems() {
	const std::lock_guard registry(registry_mutex);
	return subsystems.size();
}

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" int blkmq_configfs_register(const struct blkmq_configfs_config *config,
				       struct blkmq_configfs_subsystem **out) {
	check_may_sleep("configfs_register_subsystem");
	if (std::strlen(config->name) >= subsystem_name_max)
		return -EINVAL;
	auto subsystem = std::make_unique<blkmq_configfs_subsystem>();
	subsystem->config = *config;
	const std::lock_guard registry(registry_mutex);
	if (subsystems.contains(std::string_view(config->name)))
		return -EEXIST;
	*out = subsystem.get();
	subsystems.emplace(config->name, subsystem.release());
	return 0;
}

extern "C" void blkmq_configfs_unregister(struct blkmq_configfs_subsystem *subsystem) {
	check_may_sleep("configfs_unregister_subsystem");
	std::map<std::string, std::shared_ptr<config_item>, std::less<>> groups;
	{
		const std::lock_guard directory(subsystem->directory);
		const std::lock_guard registry(registry_mutex);
		subsystems.erase(std::string(subsystem->config.name));
		groups = std::move(subsystem->groups);
	}
	if (!groups.empty())
		record_violation("configfs: subsystem " + std::string(subsystem->config.name) + " unregistered with " +
				 std::to_string(groups.size()) +
				 " group(s) left (in the kernel, each group holds the module: its exit cannot run)");
	for (auto &[name, item] : groups)
		drop_and_release(*subsystem, *item);
	delete subsystem;
}

extern "C" void blkmq_configfs_lock(struct config_item *item) { lock_subsystem(*item->subsystem); }
extern "C" void blkmq_configfs_unlock(struct config_item *item) { unlock_subsystem(*item->subsystem); }
extern "C" void *blkmq_configfs_group_data(struct config_item *item) { return item->data; }
extern "C" void *blkmq_configfs_subsystem_data(struct config_item *item) { return item->subsystem->config.data; }

namespace {

// lib/kstrtox.c: _parse_integer_fixup_radix() and _parse_integer(), then kstrtoull()'s rules:
// an optional '+', the base's prefix (base 0: "0x" hex, "0" octal, else decimal), at least
// one digit, one trailing newline at most.
int parse_ull(const char *s, unsigned int base, unsigned long long *res) {
	if (*s == '+')
		++s;
	if (base == 0) {
		if (s[0] == '0' && (s[1] | 0x20) == 'x' && std::isxdigit(static_cast<unsigned char>(s[2])))
			base = 16;
		else if (s[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	unsigned long long value = 0;
	const char *start = s;
	for (;; ++s) {
		unsigned int digit;
		const char c = *s;
		if (c >= '0' && c <= '9')
			digit = static_cast<unsigned int>(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			digit = static_cast<unsigned int>((c | 0x20) - 'a' + 10);
		else
			break;
		if (digit >= base)
			break;
		if (value > (~0ull - digit) / base)
			return -ERANGE;
		value = value * base + digit;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		++s;
	if (*s)
		return -EINVAL;
	*res = value;
	return 0;
}

} // namespace

extern "C" int kstrtoull(const char *s, unsigned int base, unsigned long long *res) { return parse_ull(s, base, res); }

extern "C" int kstrtouint(const char *s, unsigned int base, unsigned int *res) {
	unsigned long long value = 0;
	if (int err = parse_ull(s, base, &value))
		return err;
	if (value > ~0u)
		return -ERANGE;
	*res = static_cast<unsigned int>(value);
	return 0;
}

// lib/kstrtox.c as 6.1 has it, the words every kernel of the matrix takes (6.2 added "e" and
// "d", enable and disable: a driver tested here does not come to rely on them): the first
// character decides, "on"/"off" by the second; anything after is not looked at.
extern "C" int kstrtobool(const char *s, bool *res) {
	switch (s[0]) {
	case 'y':
	case 'Y':
	case 't':
	case 'T':
	case '1':
		*res = true;
		return 0;
	case 'n':
	case 'N':
	case 'f':
	case 'F':
	case '0':
		*res = false;
		return 0;
	case 'o':
	case 'O':
		switch (s[1]) {
		case 'n':
		case 'N':
			*res = true;
			return 0;
		case 'f':
		case 'F':
			*res = false;
			return 0;
		default:
			break;
		}
		break;
	default:
		break;
	}
	return -EINVAL;
}

extern "C" int scnprintf(char *buf, unsigned long size, const char *fmt, ...) {
	if (size == 0)
		return 0;
	va_list args;
	va_start(args, fmt);
	const int wanted = std::vsnprintf(buf, size, fmt, args);
	va_end(args);
	if (wanted < 0)
		return 0;
	return static_cast<unsigned long>(wanted) < size ? wanted : static_cast<int>(size - 1);
}

// lib/string.c: equal, but for one newline at the end of either.
extern "C" bool sysfs_streq(const char *s1, const char *s2) {
	while (*s1 && *s1 == *s2) {
		++s1;
		++s2;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}
