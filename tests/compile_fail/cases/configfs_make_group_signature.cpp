// SPDX-License-Identifier: GPL-2.0 OR MIT
// make_group hands the new group's data to configfs, which frees it at the group's release:
// it must be a Box of the Group (not a raw pointer, which nothing would free, nor another
// type).
// expect: blkmq: ConfigfsOps::make_group must return Result<Box<Group>> from a SubsystemData& and the name
#include <blkmq/blkmq.hpp>

using namespace blkmq;

struct Dirs {
	struct Group {
		unsigned int size = 0;
	};
#ifndef BLKMQ_CONTROL
	static Group *make_group(const char *) { return nullptr; }
#else
	static Result<Box<Group>> make_group(const char *) { return Box<Group>::create(); }
#endif
};

bool driver_code() { return ConfigfsSubsystem<Dirs>::create("dirs").has_value(); }
