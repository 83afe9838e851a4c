# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Kbuild fragment: C++ (.cpp) objects in an out-of-tree module.
#
# In the driver's Kbuild file:
#
#   BLKMQ_DIR := <absolute path of the blkmq repository>
#   obj-m     := mydrv.o
#   mydrv-y   := mydrv_main.o          # from mydrv_main.cpp
#   include $(BLKMQ_DIR)/kernel/blkmq.mk
#   mydrv-y   += $(blkmq-objs)         # C runtime support and shim from kernel/
#
# A driver with a ConfigfsSubsystem (include/blkmq/configfs/) also adds the configfs side,
# which makes the module depend on configfs; no other module needs it:
#
#   mydrv-y   += $(blkmq-configfs-objs)
#
# Build with scripts/build-kmod <driver dir>: Kbuild itself only stops on errors, the wrapper also
# stops on any warning (compiler, objtool, modpost). Use "ccflags-y +=", not ":=", after the include.
#
# C++ objects get the kernel's own C flags (so retpoline, return thunks, SLS, stack protector,
# ftrace and code model match the C objects), objtool like C objects, dependency tracking like
# C objects, and may include <blkmq_layout.h> (constants generated from the kernel headers, see
# blkmq_layout.c), the repository's include/ and libstdc++'s header-only parts.

ifeq ($(BLKMQ_DIR),)
$(error blkmq.mk: set BLKMQ_DIR to the blkmq repository root before including blkmq.mk)
endif

# Objects from kernel/, compiled into the module's directory: every C file there but the layout
# generator, which is never linked, and the configfs side, which only drivers that use it link
# (both by Kbuild's own C rule), and every C++ file (by the C++ rule below).
blkmq-configfs-objs := blkmq_configfs.o
blkmq-c-objs := $(patsubst $(BLKMQ_DIR)/kernel/%.c,%.o, \
		$(filter-out %/blkmq_layout.c %/blkmq_configfs.c,$(wildcard $(BLKMQ_DIR)/kernel/*.c)))
blkmq-cxx-objs := $(patsubst $(BLKMQ_DIR)/kernel/%.cpp,%.o,$(wildcard $(BLKMQ_DIR)/kernel/*.cpp))
blkmq-objs := $(blkmq-c-objs) $(blkmq-cxx-objs)

# Static pattern rules, so that $* is the object's name as listed in mydrv-y: Kbuild derives
# KBUILD_MODNAME from it.
$(addprefix $(obj)/,$(blkmq-c-objs) $(blkmq-configfs-objs)): $(obj)/%.o: $(BLKMQ_DIR)/kernel/%.c FORCE
	$(call if_changed_rule,cc_o_c)

# The C shim and the C++ code share C headers from include/ (mismatches then fail in C). In a
# source tree include/ sits beside kernel/; an installed blkmq (cmake --install) puts this file in
# share/blkmq/kernel/ and the headers in include/: set BLKMQ_INCLUDE_DIR to that.
BLKMQ_INCLUDE_DIR ?= $(BLKMQ_DIR)/include
ccflags-y += -I$(BLKMQ_INCLUDE_DIR)

# The partial link of the module's objects merges C++'s per-function text sections: see the
# script for why.
ldflags-y += -T $(BLKMQ_DIR)/kernel/blkmq_module.lds
$(addprefix $(obj)/,$(obj-m)): $(BLKMQ_DIR)/kernel/blkmq_module.lds

# --- Generated layout constants (the kernel's asm-offsets mechanism) --------------------------

blkmq-gen-dir  := $(obj)/blkmq-generated
blkmq-layout-h := $(blkmq-gen-dir)/blkmq_layout.h
clean-files    += blkmq-generated

# Listed in targets so that Kbuild reads its .cmd file: rebuilt when a kernel header it includes
# or its command line changes.
targets += blkmq_layout.s

# Same -DMODULE world as the module's objects.
$(obj)/blkmq_layout.s: part-of-module := y
$(obj)/blkmq_layout.s: $(BLKMQ_DIR)/kernel/blkmq_layout.c FORCE
	$(call if_changed_dep,cc_s_c)

# filechk rewrites the header only when its text changes, so C++ objects are not rebuilt for
# nothing.
$(blkmq-layout-h): $(obj)/blkmq_layout.s FORCE
	$(call filechk,offsets,__BLKMQ_LAYOUT_H__)

# --- C++ compilation -------------------------------------------------------------------------

# The g++ of the kernel's gcc (gcc-12 -> g++-12): same version, same code generation.
BLKMQ_CXX ?= $(subst gcc,g++,$(CC))

# Header directories, searched after the kernel's -I ones and as system headers (-isystem): the
# kernel's warning flags (-Wundef...) are not meant for them. The kernel compiles with -nostdinc,
# so libstdc++'s directories (asked of the compiler), the stubs standing in for glibc, and GCC's
# own stddef.h/stdint-gcc.h directory are added back explicitly.
blkmq-cxx-sysdirs := \
	$(shell LC_ALL=C $(BLKMQ_CXX) -xc++ -E -v /dev/null 2>&1 | sed -n 's:^ \(/.*/c++/.*\):\1:p') \
	$(BLKMQ_DIR)/kernel/cxx-stub \
	$(shell $(BLKMQ_CXX) -print-file-name=include)

# Flags of Kbuild's C command line that g++ rejects (it warns "... is not valid for C++"): asked of
# g++ once, on first use, instead of kept as a list. On 6.1 these are -std=gnu11
# -Wno-pointer-sign and -Werror={strict-prototypes,implicit-function-declaration,implicit-int,
# incompatible-pointer-types,designated-init}.
blkmq-c-only-flags = $(eval blkmq-c-only-flags := $$(shell LC_ALL=C $(BLKMQ_CXX) \
	$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) $(KBUILD_CFLAGS_MODULE) $(CFLAGS_MODULE) $(ccflags-y) \
	-fsyntax-only -xc++ /dev/null 2>&1 | \
	sed -n "s/.*'\(-[^']*\)' is .*not.* for C++.*/\1/p"))$(blkmq-c-only-flags)

# Kbuild's c_flags for this object (includes, defines, -Wp,-MMD dependency file, module flags),
# without the flags g++ rejects and without the forced include of compiler_types.h: that header
# redefines the 'inline' keyword, which C++ (and libstdc++) cannot live with.
# Then: no exceptions, RTTI, thread-safe statics or __cxa_atexit, none of which the kernel provides.
blkmq_cxx_flags = \
	$(filter-out $(blkmq-c-only-flags), \
		$(subst -include $(srctree)/include/linux/compiler_types.h,,$(c_flags))) \
	-std=gnu++20 -fno-exceptions -fno-rtti -fno-threadsafe-statics -fno-use-cxa-atexit \
	-nostdinc++ $(addprefix -isystem ,$(blkmq-cxx-sysdirs)) -I$(blkmq-gen-dir) \
	$(if $(blkmq-checked),-DBLKMQ_CHECKED)

# Checked builds (include/blkmq/detail/held_mark.hpp): a request read after the driver gave it
# back is reported. On for kernels built with KASAN, which are debug kernels anyway; for any
# other with make BLKMQ_CHECKED=1. It costs a store per hand-back and a load per request read.
blkmq-checked = $(filter y,$(CONFIG_KASAN))$(filter 1,$(BLKMQ_CHECKED))

# objtool as Kbuild's cmd_objtool runs it (same arguments: ORC, retpoline, rethunk, SLS, ...), but
# fatal: objtool 6.1 has no --Werror and exits 0 after warnings, so any output is the failure.
blkmq-cmd-objtool = $(if $(objtool-enabled), ; \
	out=$$($(objtool) $(objtool-args) $@ 2>&1) && [ -z "$$out" ] || \
	{ printf '%s\n' "$$out" >&2; false; })

quiet_cmd_cxx_o_cpp = CXX $(quiet_modtag) $@
      cmd_cxx_o_cpp = $(BLKMQ_CXX) $(blkmq_cxx_flags) -c -o $@ $< $(blkmq-cmd-objtool)

# CONFIG_CONSTRUCTORS is off in Debian's kernel: an .init_array/.ctors entry (a global with a
# constructor, or a destructor registered at start-up) would silently never run. A driver must
# not depend on one on any kernel. Under KASAN (which turns CONFIG_CONSTRUCTORS on) the compiler
# adds its own pair to every object with globals, registering them with KASAN and unregistering
# them: functions named _sub_I_<priority>_<n> and _sub_D_<priority>_<n>, where C++ constructors
# and destructors of globals are _GLOBAL__sub_I_... and __attribute__((constructor)) functions
# have their own names. So under KASAN the .init_array and .fini_array entries may number
# exactly those functions, one pointer each; any more is a driver's. Symbol exports must be in
# C: Kbuild versions them with genksyms, which only reads C.
# Failing here deletes the object (.DELETE_ON_ERROR), so the next build checks it again.
blkmq-kasan-cdtors = $(if $(filter y,$(CONFIG_KASAN)),$$($(OBJDUMP) -t $@ | grep -cE ' _sub_$(1)_[0-9]+_[0-9]+$$$$'),0)
quiet_cmd_cxx_check =
      cmd_cxx_check = $(OBJDUMP) -h $@ | $(AWK) -v obj=$@ \
	-v init_allowed=$(call blkmq-kasan-cdtors,I) -v fini_allowed=$(call blkmq-kasan-cdtors,D) ' \
	function bytes(hex, i, n) { \
		for (i = 1; i <= length(hex); i++) n = n * 16 + index("0123456789abcdef", substr(hex, i, 1)) - 1; \
		return n } \
	$$2 ~ /^\.(init_array|ctors)/ { init[$$2] = bytes($$3); init_size += bytes($$3) }; \
	$$2 ~ /^\.(fini_array|dtors)/ { fini[$$2] = bytes($$3); fini_size += bytes($$3) }; \
	$$2 ~ /^__ksymtab/ { \
		print obj ": exports symbols; EXPORT_SYMBOL belongs in C" > "/dev/stderr"; bad = 1 }; \
	END { \
		if (init_size > 8 * init_allowed) for (name in init) if (init[name]) { \
			print obj ": " name ": global constructor, never run by the kernel; make the global constinit" > "/dev/stderr"; bad = 1 } \
		if (fini_size > 8 * fini_allowed) for (name in fini) if (fini[name]) { \
			print obj ": " name ": global destructor, never run by the kernel; give the global a trivial destructor" > "/dev/stderr"; bad = 1 } \
		exit bad }'

# Kbuild's rule_cc_o_c for C++: compile + objtool, then record the dependencies (fixdep, as for C),
# objtool's own dependency and mcount locations (a no-op where gcc records them itself, as on
# x86_64). Its other steps are for C sources or exported symbols (sparse, kernel-doc, genksyms,
# symbol trimming), which C++ objects do not have.
define rule_cxx_o_cpp
	$(call cmd_and_fixdep,cxx_o_cpp)
	$(call cmd,gen_objtooldep)
	$(call cmd,record_mcount)
	$(call cmd,cxx_check)
endef

$(obj)/%.o: $(src)/%.cpp $(blkmq-layout-h) FORCE
	$(call if_changed_rule,cxx_o_cpp)

$(addprefix $(obj)/,$(blkmq-cxx-objs)): $(obj)/%.o: $(BLKMQ_DIR)/kernel/%.cpp $(blkmq-layout-h) FORCE
	$(call if_changed_rule,cxx_o_cpp)
