// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The configfs test's C glue: init and exit, which are kernel macros. */
#include <linux/module.h>

#include "cfgtest.h"

static int __init cfgtest_mod_init(void) { return cfgtest_init(); }
static void __exit cfgtest_mod_exit(void) { cfgtest_exit(); }
module_init(cfgtest_mod_init);
module_exit(cfgtest_mod_exit);

MODULE_DESCRIPTION("blkmq test: a configfs subsystem whose groups power disks on and off");
MODULE_LICENSE("Dual MIT/GPL");
