// SPDX-License-Identifier: GPL-2.0 OR MIT
// Two attribute files of one name: configfs would fail every mkdir of the subsystem (-EEXIST
// from the second file), so the declaration is refused at compile time.
// expect: blkmq: each configfs attribute needs a name of its own without a slash, and a show or a store
#include <blkmq/blkmq.hpp>

using namespace blkmq;

struct Dirs {
	struct Group {
		unsigned int size = 0;
	};
	static Result<Box<Group>> make_group(const char *) { return Box<Group>::create(); }
	static Result<void> show_size(const Group &group, ShowPage &page) {
		page.line(group.size);
		return {};
	}
	static constexpr ConfigfsAttribute<Group> group_attributes[] = {
		{"size", &show_size},
#ifndef BLKMQ_CONTROL
		{"size", &show_size},
#else
		{"size_mb", &show_size},
#endif
	};
};

bool driver_code() { return ConfigfsSubsystem<Dirs>::create("dirs").has_value(); }
