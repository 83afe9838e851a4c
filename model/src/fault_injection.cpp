// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Fault attributes as lib/fault-inject.c keeps them: parsed from
// "<interval>,<probability>,<space>,<times>" and tested in the kernel's order by should_fail().
// Allocated through blkmq_alloc, so that one a driver does not free is a leak the tests see.
#include "internal.hpp"

#include <blkmq/base/printk.hpp>

#include <atomic>
#include <cstdio>
#include <new>
#include <random>

struct fault_attr {
	unsigned long interval;
	unsigned long probability; // percent
	std::atomic<long> space;
	std::atomic<int> times; // -1: no limit
	std::atomic<unsigned long> count;
};

namespace {
unsigned int below_100() {
	thread_local std::minstd_rand random(std::random_device{}());
	return static_cast<unsigned int>(random() % 100);
}
} // namespace

extern "C" int blkmq_fault_attr_create(const char *spec, struct fault_attr **attr) {
	unsigned long interval = 0;
	unsigned long probability = 0;
	long space = 0;
	int times = 0;
	if (std::sscanf(spec, "%lu,%lu,%ld,%d", &interval, &probability, &space, &times) < 4) {
		_printk(BLKMQ_KERN_WARNING "FAULT_INJECTION: failed to parse arguments\n");
		return -EINVAL;
	}
	void *memory = blkmq_alloc(sizeof(fault_attr), BLKMQ_GFP_KERNEL);
	if (memory == nullptr)
		return -ENOMEM;
	*attr = new (memory) fault_attr{interval, probability, {space}, {times}, {0}};
	return 0;
}

extern "C" void blkmq_fault_attr_destroy(struct fault_attr *attr) {
	attr->~fault_attr();
	blkmq_free(attr);
}

extern "C" bool blkmq_should_fail(struct fault_attr *attr) {
	if (attr->probability == 0 || attr->times.load() == 0)
		return false;
	if (attr->space.load() > 1) {
		attr->space -= 1;
		return false;
	}
	if (attr->interval > 1 && ++attr->count % attr->interval != 0)
		return false;
	if (attr->probability <= below_100())
		return false;
	int times = attr->times.load();
	while (times > 0 && !attr->times.compare_exchange_weak(times, times - 1)) {
	}
	return true;
}
