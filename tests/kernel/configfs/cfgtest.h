/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What cfgtest.cpp gives the C half of the module (cfgtest_mod.c). */
#ifndef BLKMQ_CFGTEST_H
#define BLKMQ_CFGTEST_H

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the subsystem blkmq_cfgtest: 0 or a negative errno, and then nothing is left. */
int cfgtest_init(void);
void cfgtest_exit(void);

#ifdef __cplusplus
}
#endif

#endif
