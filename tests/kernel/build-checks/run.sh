#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Shows that the module build (kernel/blkmq.mk + scripts/build-kmod) fails on what it must fail
# on, each case with its own diagnostic, and that the same module without the fault builds: a
# check that fails for any reason, or never fails, would not be caught otherwise.
#   tests/kernel/build-checks/run.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

# check NAME EXPECTED-OUTPUT-REGEX CXX-SOURCE [C-SOURCE-EXTRA]: an empty regex means "must build".
check() {
	local name=$1 expect=$2 dir=$work/$1 out rc=0
	mkdir -p "$dir"
	cat >"$dir/Kbuild" <<-KBUILD
		BLKMQ_DIR := $root
		obj-m := chk.o
		chk-y := chk_cxx.o chk_mod.o
		include \$(BLKMQ_DIR)/kernel/blkmq.mk
	KBUILD
	printf '%s\n' "$3" >"$dir/chk_cxx.cpp"
	printf '#include <linux/module.h>\nMODULE_LICENSE("GPL");\nMODULE_DESCRIPTION("chk");\n%s\n' \
		"${4:-}" >"$dir/chk_mod.c"
	out=$(LC_ALL=C "$root/scripts/build-kmod" "$dir" 2>&1) || rc=$?
	if [[ -z $expect ]]; then
		((rc == 0)) && echo "build-checks: ok: $name builds" && return
		echo "build-checks: FAIL: $name should build:" >&2
	else
		((rc != 0)) && grep -Eq "$expect" <<<"$out" && echo "build-checks: ok: $name fails" && return
		echo "build-checks: FAIL: $name should fail with /$expect/ (exit $rc):" >&2
	fi
	printf '%s\n' "$out" >&2
	failed=1
}

clean_cxx='#include <blkmq_layout.h>
#include <type_traits>
struct S { unsigned long v; constexpr explicit S(unsigned long x) : v(x) {} };
constinit S s{BLKMQ_RQ_PDU_OFFSET};
extern "C" unsigned long chk(void);
extern "C" unsigned long chk(void) { return std::is_same_v<decltype(s.v), unsigned long> ? s.v : 0; }'

check control '' "$clean_cxx"
check global-constructor 'chk_cxx\.o: \.init_array: global constructor' \
	"$clean_cxx"$'\n''extern "C" unsigned long ext(void); S dyn{ext()};'
# objtool runs on each object, or (kernels with IBT, such as 7.3) on the module's linked objects.
check objtool 'chk(_cxx)?\.o: warning: objtool: .*naked. return' \
	"$clean_cxx"$'\n''extern "C" void naked_ret(void); extern "C" void naked_ret(void) { asm volatile("ret"); }'
# An error where the kernel builds with CONFIG_WERROR (the debug kernel).
check compiler-warning '(warning|error): unused variable' \
	"$clean_cxx"$'\n''extern "C" void unused(void); extern "C" void unused(void) { int x; }'
# noipa: gcc 14 would fold the call into its constant result and leave no reference to check.
check modpost-warning 'WARNING: modpost: .*section mismatch' "$clean_cxx" \
	'static noinline __attribute__((noipa)) int __init init_only(void) { return 0; } int uses_init(void); int uses_init(void) { return init_only(); }'

exit "$failed"
