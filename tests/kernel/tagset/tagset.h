/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* What tagset.cpp gives the C half of the module (tagset_mod.c). */
#ifndef BLKMQ_TAGSET_TEST_H
#define BLKMQ_TAGSET_TEST_H

#ifdef __cplusplus
extern "C" {
#else
#include <linux/types.h> /* bool */
#endif

/* Adds the disks blkmq_tagset0 and 1 on one tag set, dropping the TagSet object at once when
 * @drop_tag_set. 0 or a negative errno; on error nothing is left registered. */
int tagset_test_init(bool drop_tag_set);
void tagset_test_exit(void);
/*
 * Holds the queue of blkmq_tagset0 frozen (@freeze) or quiesced for @ms, slept with @sleep
 * (msleep): prints "frozen" or "quiesced" once it holds, and at the end how many requests
 * reached queue_rq meanwhile. Process context. 0, or -ENODEV before init and after exit.
 */
int tagset_test_hold(bool freeze, unsigned int ms, void (*sleep)(unsigned int ms));

#ifdef __cplusplus
}
#endif

#endif
