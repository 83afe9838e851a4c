# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/hello/run.sh, run inside tests/kernel/vm.sh: load and unload the C++
# test module and check what it printed, then a 2-second random read of null_blk with fio;
# first, the clocksource the guest keeps time with.
# shellcheck shell=sh disable=SC3040  # busybox sh has pipefail
set -euo pipefail

# tests/kernel/vm.sh boots with tsc=unstable: time is kept on the HPET, which a leap of the
# host's TSC does not move.
clocksource=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)
echo "clocksource: $clocksource"
[ "$clocksource" = hpet ]

insmod /modules/blkmq_hello.ko
rmmod blkmq_hello
dmesg | grep 'blkmq_hello: '
# (Not grep -q: under pipefail its early exit can fail the pipeline through SIGPIPE.)
# hello.cpp: new (Gfp::Kernel) and delete, then virtual calls on the constinit global.
dmesg | grep 'blkmq_hello: heap square area = 9$' >/dev/null
dmesg | grep 'blkmq_hello: global square area = 49$' >/dev/null
dmesg | grep 'blkmq_hello: exit, global square area = 49$' >/dev/null

insmod /modules/null_blk.ko nr_devices=1
fio --name=randread --filename=/dev/nullb0 --rw=randread --bs=4k --direct=1 \
	--ioengine=io_uring --iodepth=16 --time_based --runtime=2 | grep 'IOPS='
