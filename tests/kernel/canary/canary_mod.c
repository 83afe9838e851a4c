// SPDX-License-Identifier: GPL-2.0 OR MIT
/* C half of the canary module: the parameter that picks the fault, and module metadata. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/string.h>

#include "canary.h"

static char *fault = "";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "use-after-free, leak, or request-after-end (adds the disk blkmq_canary0)");

static int __init canary_init(void) {
	if (!strcmp(fault, "use-after-free")) {
		pr_info("reading freed memory: %d\n", canary_use_after_free());
		return 0;
	}
	if (!strcmp(fault, "leak")) {
		int leaked = canary_leak();

		if (leaked < 0)
			return leaked;
		pr_info("forgot %d blocks of 16 KiB\n", leaked);
		return 0;
	}
	if (!strcmp(fault, "request-after-end"))
		return canary_request_after_end_add();
	pr_err("fault=%s: not use-after-free, leak or request-after-end\n", fault);
	return -EINVAL;
}

static void __exit canary_exit(void) { canary_request_after_end_remove(); }

module_init(canary_init);
module_exit(canary_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("blkmq test: faults the debug kernel's detectors must report");
