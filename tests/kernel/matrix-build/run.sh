#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# The same sources on the kernels Debian 12 cannot build against: builds examples/nullblk and
# tests/kernel/hello in the Debian 13 build root (scripts/kernel-root) for each of its kernels
# (6.12 LTS and the newest from trixie-backports), with the compiler that built that kernel,
# fails on any warning, and checks that each module carries that kernel's version magic.
#
# Module BTF is not generated (CONFIG_DEBUG_INFO_BTF_MODULES= on the command line): pahole
# cannot encode C++ debug information ("Unsupported DW_TAG_reference_type") and then fails
# the build. BTF only serves BPF introspection; a module without it loads as usual.
#   tests/kernel/matrix-build/run.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
source "$root/scripts/kernel-root"

src=/blkmq-src
rm -rf "${BLKMQ_ROOT:?}$src"
mkdir -p "$BLKMQ_ROOT$src/tests/kernel"
cp -r "$root/include" "$root/kernel" "$root/examples" "$BLKMQ_ROOT$src/"
cp -r "$root/tests/kernel/hello" "$BLKMQ_ROOT$src/tests/kernel/"
# objtool reads /proc/self; the root's /proc is mounted only while building.
if ! mountpoint -q "$BLKMQ_ROOT/proc"; then
	mount -t proc proc "$BLKMQ_ROOT/proc"
	trap 'umount "$BLKMQ_ROOT/proc"' EXIT
fi

failed=0
for kver in "${BLKMQ_ROOT_KVERS[@]}"; do
	build=/usr/src/linux-headers-$kver
	cc=$(sed -n 's/^CONFIG_CC_VERSION_TEXT="\{0,1\}\([^ ]*\) .*/\1/p' "$BLKMQ_ROOT$build/include/config/auto.conf")
	for module in examples/nullblk/nullb_cpp tests/kernel/hello/blkmq_hello; do
		dir=$src/${module%/*}
		log=$(mktemp)
		echo "matrix-build: $kver ($cc): ${module%/*}"
		chroot "$BLKMQ_ROOT" make -s -C "$build" M="$dir" CC="$cc" clean
		if ! chroot "$BLKMQ_ROOT" make -C "$build" M="$dir" CC="$cc" CONFIG_DEBUG_INFO_BTF_MODULES= \
			-j"$(nproc)" >"$log" 2>&1; then
			cat "$log"
			echo "matrix-build: FAILED: $kver: ${module%/*} does not build" >&2
			failed=1
		elif grep -qi '\bwarning:' "$log"; then
			grep -i '\bwarning:' "$log"
			echo "matrix-build: FAILED: $kver: ${module%/*} builds with warnings" >&2
			failed=1
		else
			magic=$(chroot "$BLKMQ_ROOT" modinfo -F vermagic "$src/$module.ko")
			if [[ $magic != "$kver "* ]]; then
				echo "matrix-build: FAILED: $module.ko has vermagic '$magic', not $kver" >&2
				failed=1
			else
				echo "matrix-build: $module.ko: vermagic $magic"
			fi
		fi
		rm -f "$log"
	done
done
exit "$failed"
