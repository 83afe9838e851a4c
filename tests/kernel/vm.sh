#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Boots a kernel of the matrix (scripts/kernel) under QEMU (TCG) with a busybox initramfs, runs a
# guest script in it, and fails unless the script succeeded and the kernel showed no sign of
# misbehaving.
#
#   tests/kernel/vm.sh GUEST_SCRIPT [FILE...]
#
# FILE: *.ko and *.ko.xz go to /modules in the guest (decompressed: busybox insmod reads plain
# .ko only); anything else to /bin, with its shared libraries. The guest also has fio, and in
# /modules the in-tree modules named in VM_KMODS with their dependencies, to insmod in dependency
# order (a module built into the kernel is skipped). configfs is mounted on /sys/kernel/config,
# and debugfs on /sys/kernel/debug, before the script runs.
# GUEST_SCRIPT runs under busybox sh, in /modules; its output is shown live as "guest| ...". It
# can source /guest-lib.sh (tests/kernel/guest-lib.sh), the helpers the guest scripts share.
#
# On a kernel with kmemleak (the debug kernel), rmmod in the guest script scans for leaks after every
# unload and prints what it finds, and the run fails on it (kmemleak_scan does the same at any
# other point); objects the kernel leaked while booting are forgotten before the script starts.
#
# Environment:
#   BLKMQ_KERNEL=6.1 the kernel to boot (scripts/kernel: 6.1, 6.12, 7.3, debug).
#   VM_ICOUNT=1      -icount shift=0,sleep=off (and one vCPU): guest time follows the instruction
#                    count, so timings measured in the guest (fio IOPS) repeat from run to run.
#   VM_TIMEOUT=900   seconds before QEMU is killed; 1800 on the debug kernel, whose KASAN and lockdep
#                    make a guest under TCG several times slower.
#   VM_LOG=FILE      where the serial console log goes (default: a new file in $TMPDIR).
#   VM_KMODS="null_blk"  in-tree modules to copy ("" for none: configfs only).
#
# Fails on: timeout, no end marker from the guest, a non-zero exit of the script, a kernel log
# line with a warning, BUG, oops, lockup, RCU stall, hung task, sanitizer, lockdep, debug-objects
# or kmemleak report or panic, and taint flags other than O (out-of-tree, 4096) and E (unsigned,
# 8192).
set -euo pipefail

if (($# < 1)); then
	echo "usage: $0 GUEST_SCRIPT [FILE...]" >&2
	exit 2
fi
guest_script=$1
shift
root_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
source "$root_dir/scripts/kernel" "${BLKMQ_KERNEL:-}"
kver=$BLKMQ_KVER
kmoddir=$BLKMQ_KMODDIR
for tool in qemu-system-x86_64 busybox fio cpio; do
	command -v "$tool" >/dev/null || source "$root_dir/scripts/install-kernel-deps"
done
default_timeout_s=900
[[ $BLKMQ_KERNEL != debug ]] || default_timeout_s=1800
timeout_s=${VM_TIMEOUT:-$default_timeout_s}
log=${VM_LOG:-$(mktemp "${TMPDIR:-/tmp}/vm.XXXXXX.log")}

t0=$EPOCHREALTIME
progress() {
	printf 'vm.sh: [%6.1fs] %s\n' "$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')" "$*"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,modules}

# Copies an executable and, when it is dynamically linked, the libraries and loader it needs, at
# the paths the loader looks for them.
add_program() {
	local lib
	install -m 0755 "$1" "$rootfs/$2"
	# ldd prints "name => /path (address)" for libraries, "/path (address)" for the loader, and
	# fails on static programs and scripts.
	{ ldd "$1" 2>/dev/null || true; } |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
		while read -r lib; do
			[[ -e $rootfs$lib ]] || install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"
		done
}

add_module() {
	case $1 in
	*.ko.xz) xz -dc "$1" >"$rootfs/modules/$(basename "$1" .xz)" ;;
	*.ko) cp "$1" "$rootfs/modules/" ;;
	*)
		echo "vm.sh: $1: not a kernel module" >&2
		return 1
		;;
	esac
}

add_program "$(command -v busybox)" bin/busybox
if ldd "$rootfs/bin/busybox" >/dev/null 2>&1; then
	echo "vm.sh: busybox is dynamically linked: install busybox-static" >&2
	exit 1
fi
add_program "$(command -v fio)" usr/bin/fio

# In-tree modules and what they depend on, from modules.dep ("path: dependency paths").
declare -A kmod_seen=()
for name in configfs ${VM_KMODS-null_blk}; do
	grep -qE "(^|/)${name}\.ko\$" "$kmoddir/modules.builtin" && continue
	line=$(grep -E "(^|/)${name}\.ko(\.xz)?:" "$kmoddir/modules.dep") || {
		echo "vm.sh: module $name not found in $kmoddir/modules.dep" >&2
		exit 1
	}
	for path in ${line/:/}; do
		[[ -n ${kmod_seen[$path]:-} ]] || add_module "$kmoddir/$path"
		kmod_seen[$path]=1
	done
done

for file in "$@"; do
	case $file in
	*.ko | *.ko.xz) add_module "$file" ;;
	*) add_program "$file" "bin/$(basename "$file")" ;;
	esac
done

install -m 0755 "$guest_script" "$rootfs/test.sh"
install -m 0644 "$root_dir/tests/kernel/guest-lib.sh" "$rootfs/guest-lib.sh"

# Printed only by init, after the script: it tells a finished run from a crash, and carries the
# script's exit code and the taint flags. Random, so that no script output can fake it.
end_marker="VM-END-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')"
start_marker="vm-init: running the guest script"
cat >"$rootfs/init" <<EOF
#!/bin/busybox sh
# PID 1 of the test VM, written by tests/kernel/vm.sh.
set -e
/bin/busybox --install -s
mount -t devtmpfs devtmpfs /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
[ ! -e /modules/configfs.ko ] || insmod /modules/configfs.ko
mount -t configfs configfs /sys/kernel/config
mount -t debugfs debugfs /sys/kernel/debug
: >/guest-env.sh
if [ -e /sys/kernel/debug/kmemleak ]; then
	# What booting leaked is not the script's: scanned, then forgotten.
	echo scan >/sys/kernel/debug/kmemleak
	echo clear >/sys/kernel/debug/kmemleak
	# busybox sh runs its own applets before looking in PATH: rmmod is replaced by a shell
	# function, defined before the script runs.
	cat >/guest-env.sh <<'RMMOD'
# Prints what kmemleak finds unreferenced. It reports an object once it is 5 s old and its
# contents did not change between two scans (the first scan only takes their checksum).
kmemleak_scan() {
	sleep 5
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	cat /sys/kernel/debug/kmemleak
}
# rmmod, then a scan: what the module left allocated is reported at its unload.
rmmod() {
	busybox rmmod "\$@" || return
	kmemleak_scan
}
RMMOD
fi
echo "$start_marker (uptime \$(cut -d' ' -f1 /proc/uptime)s)"
cd /modules
rc=0
sh -c '. /guest-env.sh && . /test.sh' || rc=\$?
echo "$end_marker rc=\$rc tainted=\$(cat /proc/sys/kernel/tainted) uptime=\$(cut -d' ' -f1 /proc/uptime)"
poweroff -f
EOF
chmod 0755 "$rootfs/init"

# The kernel opens /dev/console for init before devtmpfs exists, and only root can mknod: the node
# is appended as a second cpio archive (newc format, which the kernel accepts concatenated),
# written by hand. Header: magic, then ino mode uid gid nlink mtime filesize devmajor devminor
# rdevmajor rdevminor namesize check as 8 hex digits; header and name padded to 4 bytes.
cpio_entry() { # name mode rdevmajor rdevminor
	local size=$((${#1} + 1))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%s\0' \
		0 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$size" 0 "$1"
	head -c $(((4 - (110 + size) % 4) % 4)) /dev/zero
}
initramfs=$work/initramfs.cpio
(cd "$rootfs" && find . -print0 | cpio --null -o -H newc -R 0:0 --quiet) >"$initramfs"
{
	cpio_entry dev/console $((0020600)) 5 1
	cpio_entry 'TRAILER!!!' 0 0 0
} >>"$initramfs"
progress "initramfs: $(($(stat -c %s "$initramfs") / 1048576)) MiB, kernel $kver"

# The guest's clocks. Without icount, a TCG guest's TSC is the host's counter plus an offset: it
# drifts from the HPET under a loaded host, and it leaps ahead when the host is paused and resumed
# (the host's own clocks hide the pause, its counter does not: a CI run once saw a soft lockup
# "stuck for 674168s" in a guest that had run for minutes). tsc=unstable keeps the guest's clocks
# on the HPET, which follows the host's monotonic clock, and sched_clock within a tick of them,
# from boot: a TSC marked unstable mid-run would patch sched_clock's static key and meet the race
# below (seen once on 6.12: "Oops: int3" in sched_clock_cpu after "Marking clocksource 'tsc' as
# unstable", during fio). tests/kernel/hello checks that the guest's clocksource is the HPET.
# With icount, the TSC and the HPET both follow the instruction count: the TSC is trusted
# (tsc=reliable), as the benchmarks in docs/benchmarks.md were measured.
if [[ ${VM_ICOUNT:-0} == 1 ]]; then
	# One vCPU: with two, QEMU 7.2's icount hangs at "smp: Bringing up secondary CPUs".
	machine=(-smp 1 -icount 'shift=0,sleep=off')
	tsc=reliable
else
	machine=(-smp 2)
	tsc=unstable
fi
# No 5-level paging (la57): KASAN's early shadow does not cover the 5-level direct map, and an
# interrupt during early boot then reports a wild access (seen on the debug kernel).
qemu=(qemu-system-x86_64 -machine q35 -accel tcg -cpu max,la57=off -m 1024 "${machine[@]}"
	-nographic -no-reboot -nic none
	-kernel "$BLKMQ_KIMAGE" -initrd "$initramfs"
	# loglevel=5: warnings and worse reach the console (and the log), info messages stay in dmesg.
	-append "console=ttyS0 panic=-1 oops=panic loglevel=5 tsc=$tsc")
# QEMU's multi-threaded TCG races with the kernel patching its own code on another vCPU
# (text_poke_bp: static keys, alternatives) and a vCPU can then execute the int3 left in
# mid-patch: "Oops: int3" while booting, in sched_clock_cpu or ktime_get, on any kernel of the
# matrix, seen twice in some two hundred boots. Such a boot never reached the guest script (no module
# of ours was loaded), so it is booted again, at most twice; its log is kept beside the new one.
boot() {
	progress "booting (log: $log)"
	: >"$log"
	in_script=
	{
		rc=0
		timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 || rc=$?
		echo "$rc" >"$work/qemu.rc"
	} | while IFS= read -r line || [[ -n $line ]]; do
		line=${line%$'\r'}
		printf '%s\n' "$line" >>"$log"
		# Markers are matched anywhere in a line: firmware escape sequences may precede them.
		case $line in
		*"$start_marker"*)
			progress "guest init reached: ${line#*"$start_marker "}"
			in_script=1
			;;
		*"$end_marker"*)
			progress "guest script done: ${line#*"$end_marker "}"
			in_script=
			;;
		*) [[ -z $in_script ]] || printf 'guest| %s\n' "$line" ;;
		esac
	done
	qemu_rc=$(<"$work/qemu.rc")
	progress "QEMU exited ($qemu_rc)"
}
for attempt in 1 2 3; do
	boot
	grep -aq "$start_marker" "$log" || ! grep -aq 'Oops: int3' "$log" || ((attempt == 3)) || {
		mv "$log" "$log.boot-$attempt"
		progress "the kernel hit TCG's int3 race while booting, before the guest script: booting again (first log: $log.boot-$attempt)"
		continue
	}
	break
done

failures=()
if ((qemu_rc == 124 || qemu_rc == 137)); then
	failures+=("timeout after ${timeout_s}s")
elif ((qemu_rc != 0)); then
	failures+=("QEMU exited with $qemu_rc")
fi
end_line=$(grep -a "$end_marker " "$log" || true)
if [[ -z $end_line ]]; then
	failures+=("the guest did not finish (no end marker): crash, panic or hang")
else
	guest_rc=$(sed -n 's/.* rc=\([0-9]*\).*/\1/p' <<<"$end_line")
	tainted=$(sed -n 's/.* tainted=\([0-9]*\).*/\1/p' <<<"$end_line")
	((guest_rc == 0)) || failures+=("guest script exited with $guest_rc")
	(((tainted & ~(4096 | 8192)) == 0)) ||
		failures+=("kernel tainted $tainted (only O=4096 and E=8192 are allowed)")
fi
# Lockdep and debug objects report through WARNING; kmemleak's report (printed by rmmod) starts
# with "unreferenced object".
if grep -anE 'WARNING:|BUG:|Oops|Call Trace|soft lockup|detected stall|blocked for more than|hung_task|general protection|KASAN|UBSAN|Kernel panic|unreferenced object|ODEBUG' "$log" >"$work/bad"; then
	failures+=("kernel log reports problems:"$'\n'"$(head -n 20 "$work/bad")")
fi

if ((${#failures[@]})); then
	printf 'vm.sh: FAIL: %s\n' "${failures[@]}" >&2
	echo "vm.sh: log: $log" >&2
	exit 1
fi
progress "PASS"
