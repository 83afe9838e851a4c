# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/configfs/run.sh: groups made and removed with mkdir and rmdir,
# attributes read and written with the errors C null_blk's give (-EINVAL for a value that does
# not parse, -EBUSY for a size changed while powered), disks powered on and off through them,
# the module held while a group exists, and a loop of power cycles under a writer.
# vm.sh fails the run on any kernel warning, lockdep, sanitizer or kmemleak report.
# shellcheck shell=sh disable=SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

. /guest-lib.sh

insmod /modules/blkmq_cfgtest.ko
cd /sys/kernel/config/blkmq_cfgtest
[ "$(cat features)" = "index,power,size" ] || fail "features: $(cat features)"

echo "== a group: its defaults, values parsed as the kernel parses them, bad ones refused"
mkdir a
[ "$(cat a/index)" = 0 ] || fail "a/index: $(cat a/index)"
[ "$(cat a/size)" = 64 ] || fail "a/size: $(cat a/size)"
[ "$(cat a/power)" = 0 ] || fail "a/power: $(cat a/power)"
echo 0x20 >a/size
[ "$(cat a/size)" = 32 ] || fail "a/size after 0x20: $(cat a/size)"
write_fails a/size abc 'Invalid argument'
write_fails a/size -1 'Invalid argument'
write_fails a/size 4294967296 'Numerical result out of range'
write_fails a/size 0 'Invalid argument'
write_fails a/power maybe 'Invalid argument'
write_fails a/index 3 'Permission denied'

echo "== power: the group's disk made and removed; its size fixed meanwhile"
echo 1 >a/power
[ -b /dev/blkmq_cfg0 ] || fail "no /dev/blkmq_cfg0 after power=1"
[ "$(cat /sys/block/blkmq_cfg0/size)" = $((32 * 2048)) ] || fail "blkmq_cfg0: $(cat /sys/block/blkmq_cfg0/size) sectors"
dd if=/dev/blkmq_cfg0 of=/dev/null bs=4096 count=256 iflag=direct 2>/dev/null || fail "reads of blkmq_cfg0"
write_fails a/size 16 'Device or resource busy'
if rmmod blkmq_cfgtest 2>/dev/null; then
	fail "rmmod succeeded while a group exists"
fi
echo "rmmod refused while the group exists"
echo 0 >a/power
[ ! -e /sys/block/blkmq_cfg0 ] || fail "blkmq_cfg0 still there after power=0"
echo 16 >a/size
echo 1 >a/power
[ "$(cat /sys/block/blkmq_cfg0/size)" = $((16 * 2048)) ] || fail "blkmq_cfg0 after resizing: $(cat /sys/block/blkmq_cfg0/size)"

echo "== rmdir of a powered group removes its disk"
mkdir b
[ "$(cat b/index)" = 1 ] || fail "b/index: $(cat b/index)"
echo 1 >b/power
[ -b /dev/blkmq_cfg1 ] || fail "no /dev/blkmq_cfg1"
rmdir a
[ ! -e /sys/block/blkmq_cfg0 ] || fail "blkmq_cfg0 still there after rmdir"
[ ! -e a ] || fail "a still there after rmdir"

echo "== power cycles and rmdir while another process writes the group's size"
(
	while [ ! -e stop ]; do
		echo 8 2>/dev/null >b/size || true
		cat b/power 2>/dev/null >/dev/null || true
	done
) &
writer=$!
round=0
while [ $round -lt 20 ]; do
	echo 0 >b/power
	echo 1 >b/power
	dd if=/dev/blkmq_cfg1 of=/dev/null bs=4096 count=16 iflag=direct 2>/dev/null || fail "round $round: reads"
	round=$((round + 1))
done
rmdir b
mkdir stop
wait $writer
rmdir stop
echo "20 power cycles, then rmdir, under a writer"

echo "== group names as the model has them: long ones taken, a file's name refused"
long=a_group_name_of_forty_characters_is_fine
mkdir "$long"
[ "$(cat "$long/size")" = 64 ] || fail "$long/size: $(cat "$long/size")"
rmdir "$long"
if out=$(mkdir features 2>&1); then
	fail "mkdir of the subsystem's file features succeeded"
fi
echo "$out" | matches 'File exists' || fail "mkdir features: '$out'"

cd /
no_misuse
rmmod blkmq_cfgtest
[ ! -e /sys/kernel/config/blkmq_cfgtest ] || fail "the subsystem is still there after rmmod"
echo "configfs: PASS"
