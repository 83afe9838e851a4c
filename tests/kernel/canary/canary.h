/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What canary.cpp gives the C half of the module (canary_mod.c). */
#ifndef BLKMQ_CANARY_H
#define BLKMQ_CANARY_H

#ifdef __cplusplus
extern "C" {
#endif

/* Reads a block after deleting it. Returns what it read, or -ENOMEM. */
int canary_use_after_free(void);
/* Allocates eight 16 KiB blocks and forgets them. Returns how many, or -ENOMEM. */
int canary_leak(void);
/* Adds the disk blkmq_canary0, whose every request is read after its end. Returns 0 or -errno. */
int canary_request_after_end_add(void);
/* Removes that disk, if added. */
void canary_request_after_end_remove(void);

#ifdef __cplusplus
}
#endif

#endif
