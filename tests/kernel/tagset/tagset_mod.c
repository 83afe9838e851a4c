// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The tag set test's C glue: its module parameter and init/exit, which are kernel macros. */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "tagset.h"

static bool drop_tag_set;
module_param(drop_tag_set, bool, 0444);
MODULE_PARM_DESC(drop_tag_set, "Drop the TagSet object as soon as its disks are added");

static int __init tagset_mod_init(void) { return tagset_test_init(drop_tag_set); }
static void __exit tagset_mod_exit(void) { tagset_test_exit(); }
module_init(tagset_mod_init);
module_exit(tagset_mod_exit);

MODULE_DESCRIPTION("blkmq test: tag-set data, read queues, a tag set its disks keep alive");
MODULE_LICENSE("Dual MIT/GPL");
