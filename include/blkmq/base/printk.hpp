// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Kernel log messages from C++: pr_err / pr_warn / pr_info with the kernel's levels.
//
// They are macros, as in C, because the level is a string prefix glued to the format at
// compile time ("\001" "3" is KERN_ERR; the KERN_SOH encoding is part of the kernel's
// log ABI). The format is checked like printf's.
#pragma once

#include <blkmq/sys.h>

#define BLKMQ_KERN_ERR "\0013"
#define BLKMQ_KERN_WARNING "\0014"
#define BLKMQ_KERN_INFO "\0016"

#define blkmq_pr_err(fmt, ...) _printk(BLKMQ_KERN_ERR fmt, ##__VA_ARGS__)
#define blkmq_pr_warn(fmt, ...) _printk(BLKMQ_KERN_WARNING fmt, ##__VA_ARGS__)
#define blkmq_pr_info(fmt, ...) _printk(BLKMQ_KERN_INFO fmt, ##__VA_ARGS__)
