# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/nullblk-configfs/run.sh, run by tests/kernel/vm.sh: examples/nullblk's
# configfs tree in a real kernel, as C null_blk's is used. Each check prints what it checked; the
# first failure ends the script non-zero. vm.sh itself fails the run on any kernel warning, oops
# or unexpected taint.
# shellcheck shell=sh disable=SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

module=/modules/nullb_cpp.ko

. /guest-lib.sh

unload() { unload_module nullb_cpp nullb_cpp; }

echo "== configfs: /sys/kernel/config/nullb_cpp, groups made, powered and removed as C null_blk's"
cfg=/sys/kernel/config/nullb_cpp
insmod "$module" nr_devices=0 gb=1 || fail "insmod nr_devices=0"
! ls /sys/block | matches '^nullb_cpp' || fail "nr_devices=0 made a disk: $(ls /sys/block)"
features=size,completion_nsec,submit_queues,poll_queues,queue_mode,blocksize,max_sectors,irqmode
features=$features,hw_queue_depth,index,blocking,use_per_node_hctx,power,memory_backed,discard,mbps
features=$features,cache_size,badblocks,badblocks_once,badblocks_partial_io,virt_boundary,no_sched
features=$features,shared_tags,shared_tag_bitmap,fua,rotational
[ "$(cat $cfg/features)" = "$features" ] || fail "features: $(cat $cfg/features)"
mkdir $cfg/cfgdisk
[ "$(cat $cfg/cfgdisk/size)" = 1024 ] || fail "size of a new group: $(cat $cfg/cfgdisk/size), not gb=1 in MiB"
[ "$(cat $cfg/cfgdisk/power)" = 0 ] || fail "a new group is powered"
write_fails $cfg/cfgdisk/blocksize abc 'Invalid argument'
write_fails $cfg/cfgdisk/memory_backed maybe 'Invalid argument'
echo 64 >$cfg/cfgdisk/size
echo 4096 >$cfg/cfgdisk/blocksize
echo 1 >$cfg/cfgdisk/memory_backed
echo 2 >$cfg/cfgdisk/submit_queues
echo 1 >$cfg/cfgdisk/power
[ "$(cat $cfg/cfgdisk/power)" = 1 ] || fail "power reads $(cat $cfg/cfgdisk/power) after power=1"
[ "$(cat $cfg/cfgdisk/index)" = 0 ] || fail "index $(cat $cfg/cfgdisk/index), not the lowest free one"
[ -b /dev/cfgdisk ] || fail "no /dev/cfgdisk after power=1"
expect_attr cfgdisk size $((64 * 2048))
expect_attr cfgdisk queue/logical_block_size 4096
# Two submit queues and the poll queue (poll_queues=1, the default).
[ "$(ls /sys/block/cfgdisk/mq | wc -l)" = 3 ] || fail "cfgdisk has $(ls /sys/block/cfgdisk/mq | wc -l) queues, not 3"
write_fails $cfg/cfgdisk/blocksize 512 'Device or resource busy'
write_fails $cfg/cfgdisk/size 32 'Device or resource busy'
write_fails $cfg/cfgdisk/blocksize abc 'Invalid argument'
out=$(fio --name=verify --filename=/dev/cfgdisk --direct=1 --ioengine=io_uring --rw=randwrite \
	--bsrange=4k-64k --iodepth=16 --size=64m --verify=crc32c --verify_fatal=1 2>&1) ||
	fail "fio verify on cfgdisk: $out"
echo "$out" | matches 'err= 0' || fail "fio verify on cfgdisk reported errors: $out"
echo "fio --verify=crc32c on a configfs disk: no errors"
if rmmod nullb_cpp 2>/dev/null; then
	fail "rmmod succeeded while a group exists"
fi
echo "rmmod refused while a group exists"
for cycle in 1 2 3; do
	echo 0 >$cfg/cfgdisk/power
	[ ! -e /sys/block/cfgdisk ] || fail "cycle $cycle: cfgdisk left after power=0"
	echo 1 >$cfg/cfgdisk/power
	dd if=/dev/cfgdisk of=/dev/null bs=4k count=64 iflag=direct 2>/dev/null || fail "cycle $cycle: reads"
done
echo "three power cycles"

echo "== configfs: submit_queues and poll_queues changed live, under fio --verify"
# Each block written is read back and checked while the writes go on (verify_backlog), so the
# verifying runs under the changes too.
fio --name=verify --filename=/dev/cfgdisk --direct=1 --ioengine=io_uring --rw=randwrite --bsrange=4k-64k \
	--iodepth=16 --size=64m --time_based --runtime=8 --verify=crc32c --verify_backlog=64 --verify_fatal=1 \
	>/tmp/live 2>&1 &
fio_pid=$!
cpus=$(grep -c ^processor /proc/cpuinfo)
for queues in 1 "$cpus" 1 "$cpus" 1; do
	sleep 1
	kill -0 $fio_pid 2>/dev/null || fail "fio ended before submit_queues=$queues: $(cat /tmp/live)"
	echo "$queues" >$cfg/cfgdisk/submit_queues || fail "submit_queues=$queues under I/O"
	[ "$(ls /sys/block/cfgdisk/mq | wc -l)" = $((queues + 1)) ] ||
		fail "submit_queues=$queues: $(ls /sys/block/cfgdisk/mq | wc -l) hardware queues"
done
kill -0 $fio_pid 2>/dev/null || fail "fio ended before poll_queues=0: $(cat /tmp/live)"
echo 0 >$cfg/cfgdisk/poll_queues || fail "poll_queues=0 under I/O"
[ "$(ls /sys/block/cfgdisk/mq | wc -l)" = 1 ] || fail "poll_queues=0: $(ls /sys/block/cfgdisk/mq | wc -l) queues"
wait $fio_pid || fail "fio --verify while the queues changed: $(cat /tmp/live)"
matches 'err= 0' /tmp/live || fail "fio --verify while the queues changed reported errors: $(cat /tmp/live)"
echo "fio --verify=crc32c through five submit_queues changes (1 to $cpus) and one of poll_queues: no errors"
echo 1 >$cfg/cfgdisk/poll_queues
[ "$(ls /sys/block/cfgdisk/mq | wc -l)" = 2 ] || fail "poll_queues=1: $(ls /sys/block/cfgdisk/mq | wc -l) queues"
write_fails $cfg/cfgdisk/submit_queues 0 'Invalid argument'
write_fails $cfg/cfgdisk/submit_queues 4096 'Invalid argument'
write_fails $cfg/cfgdisk/poll_queues 2 'Invalid argument' # the module's poll_queues is 1
write_fails $cfg/cfgdisk/poll_queues x 'Invalid argument'

echo "== configfs: bad settings refused at power=1 with a message naming the group's file"
mkdir $cfg/bad
for setting in blocksize=1000 size=0 hw_queue_depth=0 irqmode=3 queue_mode=1 max_sectors=7; do
	echo "${setting#*=}" >"$cfg/bad/${setting%%=*}"
	dmesg -c >/dev/null
	write_fails $cfg/bad/power 1 'Invalid argument'
	dmesg | matches "nullb_cpp: bad: $setting:" || fail "power=1 with $setting: no message: $(dmesg | tail -n 3)"
	[ ! -e /sys/block/bad ] || fail "power=1 with $setting made a disk"
	echo "power=1 with $setting refused: $(dmesg | grep -m1 -o "nullb_cpp: bad: .*")"
	rmdir $cfg/bad
	mkdir $cfg/bad
done
rmdir $cfg/bad

echo "== configfs: names — cut to 31 characters as C cuts them, taken once"
long=abcdefghijklmnopqrstuvwxyz0123456789
mkdir $cfg/$long $cfg/${long}-b
echo 1 >$cfg/$long/power
[ -b /dev/abcdefghijklmnopqrstuvwxyz01234 ] || fail "no disk of the group's name cut to 31: $(ls /sys/block)"
write_fails $cfg/${long}-b/power 1 'File exists'
rmdir $cfg/$long
echo 1 >$cfg/${long}-b/power
rmdir $cfg/${long}-b
[ ! -e /sys/block/abcdefghijklmnopqrstuvwxyz01234 ] || fail "rmdir left the disk"

echo "== configfs: shared tags: groups draw on the module's tag set; memory backing needs it blocking"
mkdir $cfg/shared-a $cfg/shared-b
echo 1 >$cfg/shared-a/shared_tags
echo 1 >$cfg/shared-b/shared_tags
echo 1 >$cfg/shared-a/power
echo 1 >$cfg/shared-b/power
[ "$(cat $cfg/shared-b/index)" = 2 ] || fail "shared-b has index $(cat $cfg/shared-b/index), not 2"
fio --direct=1 --ioengine=io_uring --rw=randread --bs=4k --iodepth=16 --size=64m --time_based --runtime=1 \
	--name=a --filename=/dev/shared-a --name=b --filename=/dev/shared-b >/tmp/shared 2>&1 ||
	fail "fio on two shared-tag disks: $(cat /tmp/shared)"
[ "$(grep -c 'err= 0' /tmp/shared)" = 2 ] || fail "fio on two shared-tag disks: $(cat /tmp/shared)"
echo "fio on two disks of one tag set: no errors"
write_fails $cfg/shared-a/submit_queues 2 'Invalid argument'
write_fails $cfg/shared-b/memory_backed 1 'Device or resource busy'
echo 0 >$cfg/shared-b/power
echo 1 >$cfg/shared-b/memory_backed
write_fails $cfg/shared-b/power 1 'Invalid argument'
rmdir $cfg/shared-a $cfg/shared-b

echo "== configfs: bad blocks: what touches them fails; badblocks_once, badblocks_partial_io"
mkdir $cfg/bb
echo 64 >$cfg/bb/size
echo 1 >$cfg/bb/memory_backed
echo +16-23 >$cfg/bb/badblocks
write_fails $cfg/bb/badblocks +23-16 'Invalid argument'
write_fails $cfg/bb/badblocks 16-23 'Invalid argument'
[ "$(cat $cfg/bb/badblocks)" = "16 8" ] || fail "badblocks lists '$(cat $cfg/bb/badblocks)', not '16 8'"
echo 1 >$cfg/bb/power
# In 4 KiB blocks: block 2 holds sectors 16 to 23.
block() { dd "$@" bs=4k count=1 2>/dev/null; }
block if=/dev/bb of=/dev/null skip=1 iflag=direct || fail "a read before the bad blocks failed"
! block if=/dev/bb of=/dev/null skip=2 iflag=direct || fail "a read of the bad blocks succeeded"
! block if=/dev/zero of=/dev/bb seek=2 oflag=direct || fail "a write of the bad blocks succeeded"
echo -16-23 >$cfg/bb/badblocks
block if=/dev/bb of=/dev/null skip=2 iflag=direct || fail "a read of blocks marked good again failed"
echo +40-47 >$cfg/bb/badblocks
write_fails $cfg/bb/badblocks_once 1 'Device or resource busy'
echo 0 >$cfg/bb/power
echo 1 >$cfg/bb/badblocks_once
echo 1 >$cfg/bb/power
[ "$(cat $cfg/bb/badblocks)" = "40 8" ] || fail "the bad blocks were not kept across power=0: $(cat $cfg/bb/badblocks)"
! block if=/dev/bb of=/dev/null skip=5 iflag=direct || fail "badblocks_once: the first read succeeded"
block if=/dev/bb of=/dev/null skip=5 iflag=direct || fail "badblocks_once: the second read failed"
[ -z "$(cat $cfg/bb/badblocks)" ] || fail "badblocks_once left '$(cat $cfg/bb/badblocks)'"
echo 0 >$cfg/bb/power
echo 0 >$cfg/bb/badblocks_once
echo 1 >$cfg/bb/badblocks_partial_io
echo 1 >$cfg/bb/power
echo +68-71 >$cfg/bb/badblocks
head -c 4096 /dev/urandom >/tmp/block
! block if=/tmp/block of=/dev/bb seek=8 oflag=direct || fail "badblocks_partial_io: a write over a bad block succeeded"
dd if=/dev/bb of=/tmp/before bs=512 skip=64 count=4 iflag=direct 2>/dev/null || fail "reading back sectors 64 to 67"
head -c 2048 /tmp/block | cmp - /tmp/before || fail "badblocks_partial_io: the sectors before the bad block were not written"
echo -68-71 >$cfg/bb/badblocks
dd if=/dev/bb of=/tmp/after bs=512 skip=68 count=4 iflag=direct 2>/dev/null || fail "reading back sectors 68 to 71"
head -c 2048 /dev/zero | cmp - /tmp/after || fail "badblocks_partial_io: the bad sectors were written"
rmdir $cfg/bb
echo "reads and writes of bad blocks failed, of good ones not; badblocks_once and badblocks_partial_io as C's"

echo "== configfs: rmdir of a disk under I/O"
fio --name=busy --filename=/dev/cfgdisk --direct=1 --ioengine=io_uring --rw=randrw --bs=4k --iodepth=32 \
	--size=64m --time_based --runtime=20 >/tmp/busy 2>&1 &
fio_pid=$!
sleep 2
rmdir $cfg/cfgdisk
[ ! -e /sys/block/cfgdisk ] || fail "cfgdisk left after rmdir"
wait $fio_pid || true # its disk went away under it
echo "rmdir under fio: the disk removed, fio ended"
unload

echo "== configfs: mkdir of a module disk's name"
insmod "$module" nr_devices=2 gb=1 || fail "insmod nr_devices=2"
mkdir $cfg/nullb_cpp1 2>/tmp/mkdir && fail "mkdir of nullb_cpp1 succeeded"
matches 'File exists' /tmp/mkdir || fail "mkdir of nullb_cpp1: $(cat /tmp/mkdir)"
mkdir $cfg/third
echo 1 >$cfg/third/power
[ "$(cat $cfg/third/index)" = 2 ] || fail "third has index $(cat $cfg/third/index), not 2"
rmdir $cfg/third
echo "mkdir of a module disk's name: File exists; the next group gets index 2"
unload

no_misuse
echo "PASS"
