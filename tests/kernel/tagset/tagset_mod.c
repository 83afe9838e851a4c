// SPDX-License-Identifier: GPL-2.0 OR MIT
/* The tag set test's C glue: its module parameters and init/exit, which are kernel macros. */
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "tagset.h"

static bool drop_tag_set;
module_param(drop_tag_set, bool, 0444);
MODULE_PARM_DESC(drop_tag_set, "Drop the TagSet object as soon as its disks are added");

/*
 * freeze_ms and quiesce_ms: writing N holds blkmq_tagset0's queue frozen or quiesced for N ms,
 * in the writer's task (GenDisk::freeze(), GenDisk::quiesce()).
 */
static int tagset_hold(const char *value, bool freeze) {
	unsigned int ms;
	int err = kstrtouint(value, 0, &ms);

	if (err)
		return err;
	if (ms > 10000)
		return -EINVAL;
	return tagset_test_hold(freeze, ms, msleep);
}
static int freeze_ms_set(const char *value, const struct kernel_param *kp) { return tagset_hold(value, true); }
static int quiesce_ms_set(const char *value, const struct kernel_param *kp) { return tagset_hold(value, false); }
static const struct kernel_param_ops freeze_ms_ops = {.set = freeze_ms_set};
static const struct kernel_param_ops quiesce_ms_ops = {.set = quiesce_ms_set};
module_param_cb(freeze_ms, &freeze_ms_ops, NULL, 0200);
MODULE_PARM_DESC(freeze_ms, "Write N: blkmq_tagset0 frozen for N ms");
module_param_cb(quiesce_ms, &quiesce_ms_ops, NULL, 0200);
MODULE_PARM_DESC(quiesce_ms, "Write N: blkmq_tagset0 quiesced for N ms");

static int __init tagset_mod_init(void) { return tagset_test_init(drop_tag_set); }
static void __exit tagset_mod_exit(void) { tagset_test_exit(); }
module_init(tagset_mod_init);
module_exit(tagset_mod_exit);

MODULE_DESCRIPTION("blkmq test: tag-set data, read queues, a tag set its disks keep alive, freeze and quiesce");
MODULE_LICENSE("Dual MIT/GPL");
