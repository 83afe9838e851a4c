/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* <cstdint> includes GCC's hosted <stdint.h>, which wraps glibc's: use GCC's own definitions. */
#include <stdint-gcc.h>
