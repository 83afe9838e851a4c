/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What the module's C glue (ramdisk_mod.c: its parameter, module_init) hands the C++ driver. */
#ifndef RAMDISK_H
#define RAMDISK_H

#ifdef __cplusplus
extern "C" {
#else
#include <linux/types.h> /* bool */
#endif

/* 0 or a negative errno; on error nothing is left registered. */
int ramdisk_init(unsigned long size_mb, bool use_work);
void ramdisk_exit(void);

#ifdef __cplusplus
}
#endif

#endif /* RAMDISK_H */
