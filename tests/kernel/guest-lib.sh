# SPDX-License-Identifier: GPL-2.0 OR MIT
# What the guest scripts of tests/kernel share; tests/kernel/vm.sh puts it at /guest-lib.sh and
# each script sources it. busybox sh.
# shellcheck shell=sh disable=SC3043  # busybox sh has local

# grep -q would stop reading at the first match, and under pipefail the writer's SIGPIPE then
# fails the pipeline: a match would read as no match. This reads all its input.
matches() { grep "$@" >/dev/null; }

fail() {
	echo "FAIL: $*"
	dmesg | tail -n 30
	exit 1
}

# The value of a sysfs attribute of a disk or of its queue.
attr() { cat "/sys/block/$1/$2"; }

expect_attr() {
	local value
	value=$(attr "$1" "$2")
	[ "$value" = "$3" ] || fail "$1/$2 is '$value', expected '$3'"
}

# The library reports a driver's misuse of its types; scripts that clear the ring buffer run
# this before each clear and at each unload.
no_misuse() {
	! dmesg | matches 'blkmq: misuse' || fail "the library reported a misuse: $(dmesg | grep -m1 'blkmq: misuse')"
}

# Unloads module $1, which must have reported no misuse, and fails if a disk named $2* is left
# behind or the module is still listed.
unload_module() {
	no_misuse
	rmmod "$1" || fail "rmmod $1"
	! ls /sys/block | matches "^$2" || fail "a $2 disk was left behind after unload: $(ls /sys/block)"
	! lsmod | matches "^$1 " || fail "$1 is still listed after rmmod"
}

# Fails unless loading module $1 with parameter $2 fails with EINVAL, with a message in dmesg
# that starts with "$3: <parameter>=", and leaves neither the module nor a disk named $4*.
expect_rejected() {
	local module=$1 bad=$2 prefix=$3 disks=$4 out param
	no_misuse
	dmesg -c >/dev/null
	if out=$(insmod "$module" "$bad" 2>&1); then
		fail "insmod $bad succeeded"
	fi
	echo "$out" | matches 'Invalid argument' || fail "insmod $bad: expected EINVAL, got: $out"
	param=${bad%%=*}
	dmesg | matches "$prefix: $param=" || fail "insmod $bad: no message naming $param in dmesg"
	! ls /sys/block | matches "^$disks" || fail "insmod $bad left a disk behind"
	! lsmod | matches "^$(basename "$module" .ko) " || fail "insmod $bad left the module loaded"
	echo "rejected $bad: $(dmesg | grep -m1 -o "$prefix: $param=.*")"
}

# write_fails FILE VALUE ERROR: writing VALUE to the attribute FILE (configfs, sysfs) must fail
# with strerror ERROR and leave what it reads as it was.
write_fails() {
	local before out
	before=$(cat "$1")
	if out=$(echo "$2" 2>&1 >"$1"); then
		fail "writing '$2' to $1 succeeded"
	fi
	echo "$out" | matches "$3" || fail "writing '$2' to $1: '$out', not '$3'"
	[ "$(cat "$1")" = "$before" ] || fail "writing '$2' to $1 changed it to $(cat "$1")"
	echo "$1: '$2' refused: $3"
}

# Counts the calls of a function with a kprobe: arm_kprobe <name> <function> before, and
# disarm_kprobe <name> after, which prints how many times it ran.
#
# Arming a probe patches kernel text, which TCG's guests run stale for a moment: an int3 left
# in __schedule by the sched_switch tracepoint that recording command names turns on oopsed
# 6.12 once. So no command names (no tracepoint), and the kprobe stays an int3 (not optimized
# into a jump in the middle of the I/O); arm and disarm it only while nothing runs the function.
tracing=/sys/kernel/tracing
arm_kprobe() {
	[ -e $tracing/kprobe_events ] || mount -t tracefs tracefs $tracing
	echo 0 >$tracing/options/record-cmd
	# Absent without CONFIG_OPTPROBES, where no kprobe is optimized anyway.
	[ ! -e /proc/sys/debug/kprobes-optimization ] || echo 0 >/proc/sys/debug/kprobes-optimization
	echo "p:$1 $2" >>$tracing/kprobe_events || fail "no kprobe could be put on $2"
	echo 1 >"$tracing/events/kprobes/$1/enable" || fail "the kprobe on $2 could not be enabled"
}
disarm_kprobe() {
	awk -v name="$1" '$1 == name { print $2 }' $tracing/kprobe_profile
	echo 0 >"$tracing/events/kprobes/$1/enable"
	echo "-:$1" >>$tracing/kprobe_events
}
