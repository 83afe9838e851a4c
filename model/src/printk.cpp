// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The kernel log: _printk() writes to stderr and keeps each line for tests to read.
#include "internal.hpp"

#include <cstdarg>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace blkmq::model {
namespace {
std::mutex log_mutex;
std::vector<std::string> log_lines;
} // namespace

std::vector<std::string> take_log() {
	std::lock_guard lock(log_mutex);
	return std::exchange(log_lines, {});
}

} // namespace blkmq::model

extern "C" int _printk(const char *fmt, ...) {
	// Skip the KERN_SOH level prefix ("\001" and a digit), as dmesg does.
	if (fmt[0] == '\001' && fmt[1] != '\0')
		fmt += 2;
	va_list args;
	va_start(args, fmt);
	char line[1024];
	const int length = std::vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	std::fputs(line, stderr);
	std::string text(line);
	if (!text.empty() && text.back() == '\n')
		text.pop_back();
	std::lock_guard lock(blkmq::model::log_mutex);
	blkmq::model::log_lines.push_back(std::move(text));
	return length;
}
