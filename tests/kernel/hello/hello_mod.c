// SPDX-License-Identifier: GPL-2.0 OR MIT
/* C half of the build test module: what needs kernel headers (module metadata, printk). */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

/* hello.cpp */
int hello_cpp_init(void);
void hello_cpp_exit(void);
/* for hello.cpp */
void hello_report(const char *what, unsigned long value);

void hello_report(const char *what, unsigned long value) { pr_info("%s = %lu\n", what, value); }

static int __init hello_init(void) { return hello_cpp_init(); }

static void __exit hello_exit(void) { hello_cpp_exit(); }

module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("blkmq C++ build test");
