// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// ConfigfsSubsystem: groups made by mkdir and freed after rmdir (drop_group in between),
// attributes parsed as the kernel parses them with errors returned to the writer and the data
// left as it was, files a show or a store lacks refused, the subsystem's own attributes, a
// show cut at the page, and attribute writes racing rmdir and mkdir.
#include "model_fixture.hpp"

#include <blkmq/blkmq.hpp>

#include <atomic>
#include <cerrno>
#include <initializer_list>
#include <latch>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace blkmq::testing {
namespace {

struct Registry {
	unsigned int groups_made = 0;
};

// A disk's settings as C null_blk keeps them: fixed while it is "powered".
struct DeviceConfig {
	static inline std::atomic<int> live{0};
	static inline std::atomic<int> dropped{0};
	DeviceConfig() noexcept { ++live; }
	DeviceConfig(const DeviceConfig &) = delete;
	DeviceConfig &operator=(const DeviceConfig &) = delete;
	~DeviceConfig() { --live; }

	unsigned int size = 100;
	bool power = false;
	unsigned long long offlined = 0;
	bool fast = false;
};

struct DeviceDirs {
	using Group = DeviceConfig;
	using SubsystemData = Registry;

	static Result<Box<DeviceConfig>> make_group(Registry &registry, const char *name) {
		if (std::string_view(name) == "refused")
			return Error::invalid_argument();
		Result<Box<DeviceConfig>> made = Box<DeviceConfig>::create();
		if (made)
			++registry.groups_made;
		return made;
	}
	static void drop_group(DeviceConfig &config) {
		config.power = false;
		++DeviceConfig::dropped;
	}

	static Result<void> show_size(const DeviceConfig &config, ShowPage &page) {
		page.line(config.size);
		return {};
	}
	static Result<void> store_size(DeviceConfig &config, const StoreText &text) {
		if (config.power)
			return Error::busy();
		config.size = BLKMQ_TRY(text.to_uint());
		return {};
	}
	static Result<void> show_power(const DeviceConfig &config, ShowPage &page) {
		page.line(config.power);
		return {};
	}
	static Result<void> store_power(DeviceConfig &config, const StoreText &text) {
		config.power = BLKMQ_TRY(text.to_bool());
		return {};
	}
	static Result<void> store_mode(DeviceConfig &config, const StoreText &text) {
		if (text.matches("fast"))
			config.fast = true;
		else if (text.matches("slow"))
			config.fast = false;
		else
			return Error::invalid_argument();
		return {};
	}
	static Result<void> show_mode(const DeviceConfig &config, ShowPage &page) {
		page.append(config.fast ? "fast\n" : "slow\n");
		return {};
	}
	static Result<void> store_offline(DeviceConfig &config, const StoreText &text) {
		config.offlined = BLKMQ_TRY(text.to_u64());
		return {};
	}
	static Result<void> show_long(const DeviceConfig &, ShowPage &page) {
		for (int i = 0; i < 1000; ++i)
			page.append("0123456789");
		return {};
	}

	static constexpr ConfigfsAttribute<DeviceConfig> group_attributes[] = {
		{"long", &show_long},
		{"mode", &show_mode, &store_mode},
		{"power", &show_power, &store_power},
		{"size", &show_size, &store_size},
		{"zone_offline", nullptr, &store_offline},
	};

	static Result<void> show_features(const Registry &, ShowPage &page) {
		ConfigfsSubsystem<DeviceDirs>::show_group_attribute_names(page);
		return {};
	}
	static Result<void> show_made(const Registry &registry, ShowPage &page) {
		page.line(registry.groups_made);
		return {};
	}
	static constexpr ConfigfsAttribute<Registry> subsystem_attributes[] = {
		{"features", &show_features},
		{"made", &show_made},
	};
};

// No subsystem data, no attributes of the subsystem's, no drop_group.
struct PlainDirs {
	struct Group {
		unsigned int value = 7;
	};
	static Result<Box<Group>> make_group(const char *) { return Box<Group>::create(); }
	static Result<void> show_value(const Group &group, ShowPage &page) {
		page.line(group.value);
		return {};
	}
	static constexpr ConfigfsAttribute<Group> group_attributes[] = {{"value", &show_value}};
};

// One type for the groups' data and the subsystem's: each file still reaches its own.
struct Counter {
	unsigned int value = 0;
};
struct SameTypeDirs {
	using Group = Counter;
	using SubsystemData = Counter;
	static Result<Box<Counter>> make_group(Counter &subsystem, const char *) {
		return Box<Counter>::create(Counter{++subsystem.value * 10});
	}
	static Result<void> show_value(const Counter &counter, ShowPage &page) {
		page.line(counter.value);
		return {};
	}
	static constexpr ConfigfsAttribute<Counter> group_attributes[] = {{"value", &show_value}};
	static constexpr ConfigfsAttribute<Counter> subsystem_attributes[] = {{"groups", &show_value}};
};

class ConfigfsTest : public ModelTest {
protected:
	void SetUp() override {
		ModelTest::SetUp();
		DeviceConfig::dropped = 0;
	}
	void TearDown() override {
		EXPECT_EQ(DeviceConfig::live, 0);
		EXPECT_EQ(model::live_configfs_subsystems(), 0u);
		ModelTest::TearDown();
	}

	static std::string read(std::string_view path) {
		std::string text;
		const long got = model::configfs_read(path, text);
		EXPECT_EQ(got, static_cast<long>(text.size())) << path;
		return text;
	}

	Registry registry;
};

TEST_F(ConfigfsTest, GroupsAreMadeByMkdirDroppedAndFreedAtRmdir) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	EXPECT_EQ(model::live_configfs_subsystems(), 1u);

	EXPECT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	EXPECT_EQ(model::configfs_mkdir("cfgtest/dev1"), 0);
	EXPECT_EQ(model::configfs_mkdir("cfgtest/dev1"), -EEXIST);
	EXPECT_EQ(DeviceConfig::live, 2);
	EXPECT_EQ(read("cfgtest/made"), "2\n");
	EXPECT_EQ(read("cfgtest/dev0/size"), "100\n");

	EXPECT_EQ(model::configfs_write("cfgtest/dev0/power", "1\n"), 2);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
	EXPECT_EQ(DeviceConfig::dropped, 1);
	EXPECT_EQ(DeviceConfig::live, 1);
	std::string text;
	EXPECT_EQ(model::configfs_read("cfgtest/dev0/size", text), -ENOENT);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), -ENOENT);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev1"), 0);
	EXPECT_EQ(DeviceConfig::live, 0);
}

TEST_F(ConfigfsTest, GroupNamesAreDirectoryNames) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	const std::string longest(255, 'n');
	EXPECT_EQ(model::configfs_mkdir("cfgtest/" + longest), 0);
	EXPECT_EQ(model::configfs_mkdir("cfgtest/" + longest + "n"), -ENAMETOOLONG);
	EXPECT_EQ(read("cfgtest/" + longest + "/size"), "100\n");
	EXPECT_EQ(model::configfs_mkdir("cfgtest/features"), -EEXIST); // the subsystem's own file
	EXPECT_EQ(read("cfgtest/made"), "1\n");
	EXPECT_EQ(model::configfs_rmdir("cfgtest/" + longest), 0);
}

// Two mkdirs of one name: one makes the group, the other finds it (as the VFS's lock of
// the directory has them).
TEST_F(ConfigfsTest, ConcurrentMkdirsOfOneNameMakeOneGroup) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	for (int round = 0; round < 500; ++round) {
		std::atomic<int> made{0};
		std::atomic<int> existed{0};
		std::latch start(2);
		std::vector<std::thread> makers;
		for (int i = 0; i < 2; ++i)
			makers.emplace_back([&] {
				start.arrive_and_wait();
				const int err = model::configfs_mkdir("cfgtest/dev0");
				if (err == 0)
					++made;
				else if (err == -EEXIST)
					++existed;
			});
		for (std::thread &maker : makers)
			maker.join();
		ASSERT_EQ(made, 1) << round;
		ASSERT_EQ(existed, 1) << round;
		ASSERT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
		ASSERT_EQ(DeviceConfig::live, 0) << round;
	}
}

TEST_F(ConfigfsTest, AMakeGroupErrorIsMkdirsAndMakesNothing) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	EXPECT_EQ(model::configfs_mkdir("cfgtest/refused"), -EINVAL);
	EXPECT_EQ(DeviceConfig::live, 0);
	std::string text;
	EXPECT_EQ(model::configfs_read("cfgtest/refused/size", text), -ENOENT);
	model::fail_next_alloc();
	EXPECT_EQ(model::configfs_mkdir("cfgtest/dev0"), -ENOMEM);
	EXPECT_EQ(read("cfgtest/made"), "0\n");
}

TEST_F(ConfigfsTest, ValuesParseAsTheKernelsAndABadOneChangesNothing) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	const std::string_view size = "cfgtest/dev0/size";

	EXPECT_EQ(model::configfs_write(size, "200\n"), 4);
	EXPECT_EQ(read(size), "200\n");
	EXPECT_EQ(model::configfs_write(size, "0x10"), 4);
	EXPECT_EQ(read(size), "16\n");
	EXPECT_EQ(model::configfs_write(size, "010\n"), 4); // octal, as kstrtouint(s, 0)
	EXPECT_EQ(read(size), "8\n");
	EXPECT_EQ(model::configfs_write(size, "+9"), 2);
	EXPECT_EQ(read(size), "9\n");
	for (std::string_view bad : std::initializer_list<std::string_view>{"abc", "-1", "12 ", "1\n\n", "\n", "0x",
									    std::string_view("7\0"
											     "1",
											     3)})
		EXPECT_EQ(model::configfs_write(size, bad), -EINVAL) << '"' << bad << '"';
	EXPECT_EQ(model::configfs_write(size, ""), -EFAULT); // configfs: nothing copied
	EXPECT_EQ(model::configfs_write(size, "4294967296"), -ERANGE);
	EXPECT_EQ(read(size), "9\n");

	const std::string_view power = "cfgtest/dev0/power";
	for (std::string_view yes : {"1", "y\n", "on", "Yes", "true"}) {
		ASSERT_EQ(model::configfs_write(power, "0"), 1);
		EXPECT_EQ(model::configfs_write(power, yes), static_cast<long>(yes.size()));
		EXPECT_EQ(read(power), "1\n") << yes;
	}
	EXPECT_EQ(model::configfs_write(power, "2"), -EINVAL);
	EXPECT_EQ(model::configfs_write(power, "o"), -EINVAL);
	EXPECT_EQ(model::configfs_write(power, "disable"), -EINVAL); // 6.1's kstrtobool: no "e"/"d"
	EXPECT_EQ(model::configfs_write(power, std::string_view("0\0", 2)), -EINVAL);
	EXPECT_EQ(read(power), "1\n");
	// The store's own rule: no resizing while powered; the writer gets -EBUSY.
	EXPECT_EQ(model::configfs_write(size, "300"), -EBUSY);
	EXPECT_EQ(read(size), "9\n");

	const std::string_view mode = "cfgtest/dev0/mode";
	EXPECT_EQ(model::configfs_write(mode, "fast\n"), 5);
	EXPECT_EQ(read(mode), "fast\n");
	EXPECT_EQ(model::configfs_write(mode, "slo"), -EINVAL);
	EXPECT_EQ(model::configfs_write(mode, "slow\n\n"), -EINVAL);
	EXPECT_EQ(model::configfs_write(mode, std::string_view("slow\0x", 6)), -EINVAL);
	EXPECT_EQ(read(mode), "fast\n");
	EXPECT_EQ(model::configfs_write(mode, "slow"), 4);
	EXPECT_EQ(read(mode), "slow\n");

	EXPECT_EQ(model::configfs_write("cfgtest/dev0/zone_offline", "18446744073709551615"), 20);
	EXPECT_EQ(model::configfs_write("cfgtest/dev0/zone_offline", "18446744073709551616"), -ERANGE);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
}

TEST_F(ConfigfsTest, FilesWithoutShowOrStoreAreRefused) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	std::string text;
	EXPECT_EQ(model::configfs_read("cfgtest/dev0/zone_offline", text), -EACCES);
	EXPECT_EQ(model::configfs_write("cfgtest/dev0/long", "1"), -EACCES);
	EXPECT_EQ(model::configfs_write("cfgtest/features", "1"), -EACCES);
	EXPECT_EQ(model::configfs_read("cfgtest/dev0/nonesuch", text), -ENOENT);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
}

TEST_F(ConfigfsTest, TheSubsystemsFeaturesListTheGroupsAttributes) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	EXPECT_EQ(read("cfgtest/features"), "long,mode,power,size,zone_offline\n");
}

TEST_F(ConfigfsTest, AShowIsCutAtThePage) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	const std::string text = read("cfgtest/dev0/long");
	EXPECT_EQ(text.size(), BLKMQ_CONFIGFS_ATTR_SIZE - 1u);
	EXPECT_EQ(text.substr(0, 12), "012345678901");
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
}

TEST_F(ConfigfsTest, ASubsystemNameIsTakenOnce) {
	Result<ConfigfsSubsystem<DeviceDirs>> first = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(first.has_value());
	Result<ConfigfsSubsystem<PlainDirs>> second = ConfigfsSubsystem<PlainDirs>::create("cfgtest");
	ASSERT_FALSE(second.has_value());
	EXPECT_EQ(second.error().to_errno(), -EEXIST);
	Result<ConfigfsSubsystem<PlainDirs>> too_long = ConfigfsSubsystem<PlainDirs>::create("a_name_of_twenty_chr");
	ASSERT_FALSE(too_long.has_value());
	EXPECT_EQ(too_long.error().to_errno(), -EINVAL);
	EXPECT_EQ(model::live_configfs_subsystems(), 1u);
}

TEST_F(ConfigfsTest, ASubsystemWithoutDataOrDropGroup) {
	Result<ConfigfsSubsystem<PlainDirs>> subsystem = ConfigfsSubsystem<PlainDirs>::create("plain");
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("plain/a"), 0);
	EXPECT_EQ(read("plain/a/value"), "7\n");
	EXPECT_EQ(model::configfs_rmdir("plain/a"), 0);
}

TEST_F(ConfigfsTest, GroupAndSubsystemDataOfOneTypeAreEachReachedByTheirOwnFiles) {
	Counter subsystem_data{};
	Result<ConfigfsSubsystem<SameTypeDirs>> subsystem =
		ConfigfsSubsystem<SameTypeDirs>::create("same", subsystem_data);
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("same/a"), 0);
	ASSERT_EQ(model::configfs_mkdir("same/b"), 0);
	EXPECT_EQ(read("same/groups"), "2\n");
	EXPECT_EQ(read("same/a/value"), "10\n");
	EXPECT_EQ(read("same/b/value"), "20\n");
	EXPECT_EQ(model::configfs_rmdir("same/a"), 0);
	EXPECT_EQ(model::configfs_rmdir("same/b"), 0);
}

TEST_F(ConfigfsTest, UnregisteringWithGroupsLeftIsReported) {
	{
		Result<ConfigfsSubsystem<DeviceDirs>> subsystem =
			ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
		ASSERT_TRUE(subsystem.has_value());
		ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	}
	expect_one_violation("unregistered with 1 group(s) left");
	EXPECT_EQ(DeviceConfig::dropped, 1);
}

// Writers on two threads while a third removes and makes the group again: each write
// either reaches a live group or fails with -ENOENT, and every group is freed once.
TEST_F(ConfigfsTest, WritesRaceRmdirAndMkdir) {
	Result<ConfigfsSubsystem<DeviceDirs>> subsystem = ConfigfsSubsystem<DeviceDirs>::create("cfgtest", registry);
	ASSERT_TRUE(subsystem.has_value());
	ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	std::atomic<bool> stop{false};
	std::atomic<unsigned int> reached{0};
	std::atomic<unsigned int> unexpected{0};
	std::vector<std::thread> writers;
	for (int i = 0; i < 2; ++i)
		writers.emplace_back([&] {
			while (!stop) {
				const long written = model::configfs_write("cfgtest/dev0/size", "42\n");
				if (written == 3)
					++reached;
				else if (written != -ENOENT)
					++unexpected;
			}
		});
	// At least 300 rounds, and on until the writers have reached live groups 300 times (the
	// cap only keeps a broken model from looping forever).
	int rounds = 0;
	for (; (rounds < 300 || reached < 300) && rounds < 1000000; ++rounds) {
		ASSERT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
		ASSERT_EQ(model::configfs_mkdir("cfgtest/dev0"), 0);
	}
	stop = true;
	for (std::thread &writer : writers)
		writer.join();
	EXPECT_EQ(unexpected, 0u);
	EXPECT_GE(reached, 300u);
	EXPECT_EQ(DeviceConfig::dropped, rounds);
	EXPECT_EQ(model::configfs_rmdir("cfgtest/dev0"), 0);
}

} // namespace
} // namespace blkmq::testing
