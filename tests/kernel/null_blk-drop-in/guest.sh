# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/null_blk-drop-in/run.sh, run by tests/kernel/vm.sh: the drop-in
# null_blk.ko installed under /lib/modules as Debian installs its null_blk, then driven by C
# null_blk's names only. Each check prints what it checked; the first failure ends the script
# non-zero.
# shellcheck shell=sh disable=SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

. /guest-lib.sh

unload() { unload_module null_blk nullb; }

echo "== installed as Debian's null_blk: /lib/modules/$(uname -r)/kernel/drivers/block/null_blk"
moddir=/lib/modules/$(uname -r)
mkdir -p "$moddir/kernel/drivers/block/null_blk"
cp /modules/null_blk.ko "$moddir/kernel/drivers/block/null_blk/"
if [ -e /modules/configfs.ko ]; then
	mkdir -p "$moddir/kernel/fs/configfs"
	cp /modules/configfs.ko "$moddir/kernel/fs/configfs/"
fi
depmod -a || fail "depmod -a"
matches null_blk.ko "$moddir/modules.dep" || fail "depmod did not list null_blk.ko"

echo "== modprobe null_blk: C null_blk's defaults, names and parameters"
dmesg -c >/dev/null
modprobe null_blk || fail "modprobe null_blk"
lsmod | matches '^null_blk ' || fail "null_blk is not listed after modprobe"
dmesg | matches 'null_blk: 1 device(s), 250 GiB' ||
	fail "the loaded null_blk is not blkmq's: $(dmesg | grep -m1 null_blk)"
[ -b /dev/nullb0 ] || fail "/dev/nullb0 is missing"
[ ! -e /sys/block/nullb1 ] || fail "nr_devices=1 made a second disk"
expect_attr nullb0 size $((250 * 1024 * 1024 * 2))
[ "$(cat /sys/module/null_blk/parameters/nr_devices)" = 1 ] || fail "/sys/module/null_blk/parameters/nr_devices"
[ "$(cat /sys/module/null_blk/parameters/gb)" = 250 ] || fail "/sys/module/null_blk/parameters/gb"
dd if=/dev/nullb0 of=/dev/null bs=1M count=16 iflag=direct 2>/dev/null || fail "dd from /dev/nullb0"
fio --name=read --filename=/dev/nullb0 --direct=1 --ioengine=io_uring --rw=randread --iodepth=16 \
	--bs=4k --size=64m --output-format=terse >/dev/null || fail "fio randread on /dev/nullb0"
echo "nullb0: 250 GiB, read by dd and fio"

echo "== /sys/kernel/config/nullb: a group made, powered, verified and removed"
cfg=/sys/kernel/config/nullb
matches memory_backed $cfg/features || fail "features: $(cat $cfg/features)"
mkdir $cfg/nullb1
echo 64 >$cfg/nullb1/size
echo 1 >$cfg/nullb1/memory_backed
echo 4096 >$cfg/nullb1/blocksize
echo 1 >$cfg/nullb1/power
[ -b /dev/nullb1 ] || fail "no /dev/nullb1 after power=1"
[ "$(cat $cfg/nullb1/index)" = 1 ] || fail "index $(cat $cfg/nullb1/index), not the lowest free one (1)"
expect_attr nullb1 queue/logical_block_size 4096
out=$(fio --name=verify --filename=/dev/nullb1 --direct=1 --ioengine=io_uring --rw=randwrite --bs=4k \
	--iodepth=8 --size=64m --verify=crc32c --output-format=terse 2>&1) || fail "fio --verify on nullb1: $out"
echo 0 >$cfg/nullb1/power
[ ! -e /sys/block/nullb1 ] || fail "power=0 left nullb1"
rmdir $cfg/nullb1
echo "nullb1: 64 MiB in memory, verified by fio, powered off and removed"

echo "== a bad parameter: an error named null_blk, nothing left"
unload
[ ! -e $cfg ] || fail "rmmod left $cfg"
dmesg -c >/dev/null
if out=$(modprobe null_blk bs=1000 2>&1); then
	fail "modprobe null_blk bs=1000 succeeded"
fi
dmesg | matches 'null_blk: bs=1000: ' || fail "modprobe null_blk bs=1000: no message: $(dmesg | tail -n 3)"
! lsmod | matches '^null_blk ' || fail "modprobe null_blk bs=1000 left the module loaded"
! ls /sys/block | matches '^nullb' || fail "modprobe null_blk bs=1000 left a disk"
echo "refused: $(dmesg | grep -m1 -o 'null_blk: bs=1000: .*')"

echo "== modprobe null_blk nr_devices=2 gb=1, then modprobe -r"
modprobe null_blk nr_devices=2 gb=1 || fail "modprobe null_blk nr_devices=2 gb=1"
for disk in nullb0 nullb1; do
	expect_attr $disk size $((1024 * 1024 * 2))
done
no_misuse
# busybox's modprobe -r goes on to remove configfs, which is mounted, stays, and makes it exit 1:
# what it did is checked instead.
modprobe -r null_blk 2>/dev/null || true
! command -v kmemleak_scan >/dev/null || kmemleak_scan # as the debug kernel's rmmod does
! lsmod | matches '^null_blk ' || fail "null_blk is still listed after modprobe -r"
! ls /sys/block | matches '^nullb' || fail "modprobe -r left a disk: $(ls /sys/block)"
echo "nullb0, nullb1 of 1 GiB; modprobe -r removed them"
