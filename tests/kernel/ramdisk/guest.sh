# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/ramdisk/run.sh, run by tests/kernel/vm.sh: examples/ramdisk stores
# what is written, in every shape of request fio makes, and gives its memory back at unload.
# shellcheck shell=sh disable=SC1091,SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

module=/modules/blkmq_ramdisk.ko
disk=blkmq_ram0

. /guest-lib.sh

unload() { unload_module blkmq_ramdisk "$disk"; }

# Writes with fio and reads everything back checking each block's crc32c (fio's own header in
# each block names its offset, so a block stored at the wrong place fails too).
verify() {
	local out
	out=$(fio --name=verify --filename=/dev/$disk --direct=1 --ioengine=io_uring \
		--verify=crc32c --verify_fatal=1 --group_reporting "$@" 2>&1) || fail "fio $*: $out"
	echo "$out" | matches 'err= 0' || fail "fio $* reported errors: $out"
	echo "verified: $*"
}

mem_free_mb() { echo $(($(grep MemFree /proc/meminfo | tr -s ' ' | cut -d' ' -f2) / 1024)); }

echo "== a 256 MiB disk with discard"
before=$(mem_free_mb)
insmod "$module" size_mb=256 || fail "insmod size_mb=256"
expect_attr $disk size $((256 * 2048))
[ "$(attr $disk queue/discard_max_bytes)" -gt 0 ] || fail "$disk takes no discards"

echo "== never-written blocks read as zeros"
dd if=/dev/$disk of=/tmp/head bs=4096 count=16 2>/dev/null
dd if=/dev/zero of=/tmp/zeros bs=4096 count=16 2>/dev/null
cmp /tmp/head /tmp/zeros || fail "a fresh disk does not read as zeros"

echo "== fio writes, then reads back and verifies, in many shapes"
verify --rw=write --bs=4k --size=32m
verify --rw=randwrite --bs=4k --iodepth=32 --size=32m --offset=32m
verify --rw=randwrite --bs=512 --iodepth=8 --size=4m --offset=64m
verify --rw=randwrite --bsrange=512-128k --iodepth=16 --size=32m --offset=72m
verify --rw=write --bs=1m --iodepth=4 --size=64m --offset=104m
verify --rw=randwrite --bs=16k --iodepth=16 --numjobs=4 --size=16m --offset=168m --offset_increment=16m
# Buffered I/O: writeback merges and splits requests its own way. Verified after the page cache
# is dropped, so that the data read back comes from the disk.
buffered="--name=buffered --filename=/dev/$disk --rw=write --bs=4k --size=16m --offset=232m --verify=crc32c"
# shellcheck disable=SC2086  # word splitting wanted
out=$(fio $buffered --ioengine=psync --do_verify=0 2>&1) || fail "buffered fio: $out"
sync
echo 3 >/proc/sys/vm/drop_caches
# shellcheck disable=SC2086
out=$(fio $buffered --ioengine=io_uring --direct=1 --verify_only --verify_fatal=1 2>&1) ||
	fail "buffered data did not verify: $out"
echo "verified: buffered writes, read back past the page cache"

echo "== data survives until unload"
dd if=/dev/urandom of=/tmp/pattern bs=4096 count=64 2>/dev/null
dd if=/tmp/pattern of=/dev/$disk bs=4096 seek=64000 oflag=direct 2>/dev/null
verify --rw=randwrite --bs=4k --iodepth=32 --size=16m --offset=0
dd if=/dev/$disk of=/tmp/back bs=4096 skip=64000 count=64 iflag=direct 2>/dev/null
cmp /tmp/pattern /tmp/back || fail "data written before other I/O did not read back"

echo "== discard: whole pages and parts of pages read back as zeros"
fio --name=trim --filename=/dev/$disk --direct=1 --ioengine=psync --rw=trim --bs=6k --size=24k \
	--offset=$((64000 * 4096 + 1024)) >/tmp/trim 2>&1 || fail "fio trim: $(cat /tmp/trim)"
dd if=/dev/$disk of=/tmp/back bs=4096 skip=64000 count=64 iflag=direct 2>/dev/null
# Bytes 1024 .. 1024 + 24 KiB of the pattern are zeros now; the rest is as written.
dd if=/tmp/pattern of=/tmp/expected bs=1024 count=1 2>/dev/null
dd if=/dev/zero bs=1024 count=24 2>/dev/null >>/tmp/expected
dd if=/tmp/pattern bs=1024 skip=25 2>/dev/null >>/tmp/expected
cmp /tmp/expected /tmp/back || fail "discarded bytes do not read as zeros, or others changed"
echo "discarded 24 KiB from an offset inside a page: zeros there, the pattern around"

echo "== unload gives the memory back, and a new disk starts empty"
used=$((before - $(mem_free_mb)))
[ "$used" -gt 200 ] || fail "256 MiB written, but only $used MiB of memory in use"
unload
left=$((before - $(mem_free_mb)))
[ "$left" -lt 32 ] || fail "$left MiB still in use after unload (was $used MiB)"
echo "memory: $used MiB in use with the disk full, $left MiB after unload"
insmod "$module" size_mb=16 || fail "insmod size_mb=16"
dd if=/dev/$disk of=/tmp/head bs=4096 count=16 2>/dev/null
cmp /tmp/head /tmp/zeros || fail "a reloaded disk does not read as zeros"
unload

echo "== use_work=1: each request served by its work item, in process context"
insmod "$module" size_mb=64 use_work=1 || fail "insmod use_work=1"
[ "$(cat /sys/module/blkmq_ramdisk/parameters/use_work)" = Y ] || fail "use_work did not take"
verify --rw=randwrite --bs=4k --iodepth=32 --size=16m
verify --rw=randwrite --bsrange=512-128k --iodepth=16 --size=16m --offset=16m
verify --rw=randwrite --bs=16k --iodepth=16 --numjobs=4 --size=8m --offset=32m --offset_increment=8m
unload

echo "== bad parameters fail with EINVAL, say why, and leave nothing"
for bad in size_mb=0 size_mb=2000000; do
	expect_rejected "$module" "$bad" blkmq_ramdisk $disk
done

no_misuse
echo "PASS"
