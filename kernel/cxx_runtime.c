// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * What the C++ ABI needs from a module's environment, written in C because only C sees the
 * kernel headers. Linked into every module through $(blkmq-objs) (kernel/blkmq.mk). Memory
 * comes from blkmq_alloc() / blkmq_free() in blkmq_shim.c (include/blkmq/memory/gfp.hpp, memory/box.hpp).
 */
#include <linux/compiler.h>
#include <linux/panic.h>

void __cxa_pure_virtual(void);

/*
 * The compiler puts this function in the vtable slots of pure virtual functions. It runs only for
 * a virtual call on an object under construction or destruction, or through a corrupted vtable:
 * no caller can recover, and without a definition the call would jump to address 0.
 */
void __cxa_pure_virtual(void) { panic("blkmq: pure virtual function called from %pS\n", __builtin_return_address(0)); }
