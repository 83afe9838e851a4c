// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The RAM disk's C glue: its module parameter and init/exit, which are kernel macros. */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "ramdisk.h"

static unsigned long size_mb = 64;
module_param(size_mb, ulong, 0444);
MODULE_PARM_DESC(size_mb, "Size of the disk blkmq_ram0 in MiB (1 to 1048576); memory is taken as it is written");

static bool use_work;
module_param(use_work, bool, 0444);
MODULE_PARM_DESC(use_work, "Serve requests in a work item (process context) instead of a blocking queue_rq");

static int __init ramdisk_mod_init(void) { return ramdisk_init(size_mb, use_work); }

static void __exit ramdisk_mod_exit(void) { ramdisk_exit(); }

module_init(ramdisk_mod_init);
module_exit(ramdisk_mod_exit);

MODULE_DESCRIPTION("RAM disk written in C++ on blkmq");
MODULE_LICENSE("Dual MIT/GPL");
