/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* libstdc++'s <bits/os_defines.h> includes glibc's <features.h> only for __GLIBC_PREREQ: no glibc here. */
#define __GLIBC_PREREQ(maj, min) 0
