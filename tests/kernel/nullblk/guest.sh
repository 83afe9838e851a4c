# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/nullblk/run.sh, run by tests/kernel/vm.sh: examples/nullblk in a
# real kernel, driven through its module parameters (its configfs tree: tests/kernel/nullblk-configfs).
# Each check prints what it checked; the first failure ends the script non-zero.
# vm.sh itself fails the run on any kernel warning, oops or unexpected taint.
# shellcheck shell=sh disable=SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

module=/modules/nullb_cpp.ko

. /guest-lib.sh

unload() { unload_module nullb_cpp nullb_cpp; }

# Runs one fio job on $1 (the remaining arguments are fio options); fails on any fio error.
run_fio() {
	local disk=$1 out
	shift
	out=$(fio --name=check --filename="/dev/$disk" --direct=1 --ioengine=io_uring --bs=4k \
		--size=256m --time_based --runtime=1 --group_reporting "$@" 2>&1) ||
		fail "fio $* on $disk: $out"
	echo "$out" | matches 'err= 0' || fail "fio $* on $disk reported errors: $out"
	echo "fio $disk $*: $(echo "$out" | grep -oE '(READ|WRITE): bw=[^ ]+' | tr '\n' ' ')"
}

echo "== defaults: one 250 GiB disk of 512-byte blocks, not rotational"
insmod "$module" || fail "insmod with defaults"
expect_attr nullb_cpp0 size $((250 * 1024 * 1024 * 2))
expect_attr nullb_cpp0 queue/logical_block_size 512
expect_attr nullb_cpp0 queue/physical_block_size 512
expect_attr nullb_cpp0 queue/rotational 0
[ ! -e /sys/block/nullb_cpp1 ] || fail "nr_devices=1 made a second disk"
[ -b /dev/nullb_cpp0 ] || fail "/dev/nullb_cpp0 is missing"
unload

for irqmode in 0 1 2; do
	echo "== irqmode=$irqmode: two 4 GiB disks, 4 KiB blocks, two queues of depth 32, rotational"
	insmod "$module" nr_devices=2 gb=4 bs=4096 submit_queues=2 hw_queue_depth=32 \
		irqmode=$irqmode rotational=1 || fail "insmod irqmode=$irqmode"
	for disk in nullb_cpp0 nullb_cpp1; do
		expect_attr $disk size $((4 * 1024 * 1024 * 2))
		expect_attr $disk queue/logical_block_size 4096
		expect_attr $disk queue/rotational 1
		# Two submit queues and the poll queue poll_queues=1 (the default, as C's) adds.
		[ "$(ls /sys/block/$disk/mq | wc -l)" = 3 ] || fail "$disk has $(ls /sys/block/$disk/mq | wc -l) hardware queues"
	done
	run_fio nullb_cpp0 --rw=randread --iodepth=1
	run_fio nullb_cpp0 --rw=randread --iodepth=32 --numjobs=2
	run_fio nullb_cpp1 --rw=read --iodepth=8 --bs=128k
	run_fio nullb_cpp1 --rw=write --iodepth=16
	run_fio nullb_cpp0 --rw=randwrite --iodepth=32
	run_fio nullb_cpp1 --rw=randrw --iodepth=4 --numjobs=2
	unload
done

for irqmode in 0 1 2; do
	echo "== memory_backed=1 discard=1 irqmode=$irqmode: what fio writes verifies, a discard reads back zeros"
	insmod "$module" memory_backed=1 discard=1 gb=1 submit_queues=2 irqmode=$irqmode ||
		fail "insmod memory_backed=1 irqmode=$irqmode"
	[ "$(attr nullb_cpp0 queue/discard_max_bytes)" -gt 0 ] || fail "memory_backed=1 discard=1 takes no discards"
	out=$(fio --name=verify --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --rw=randwrite \
		--bsrange=512-64k --iodepth=32 --numjobs=2 --size=32m --offset_increment=32m \
		--verify=crc32c --verify_fatal=1 --group_reporting 2>&1) || fail "fio verify: $out"
	echo "$out" | matches 'err= 0' || fail "fio verify reported errors: $out"
	echo "verified: random writes of 512 B to 64 KiB, depth 32, two jobs"
	fio --name=trim --filename=/dev/nullb_cpp0 --direct=1 --ioengine=psync --rw=trim --bs=1m --size=2m \
		>/tmp/trim 2>&1 || fail "fio trim: $(cat /tmp/trim)"
	dd if=/dev/nullb_cpp0 of=/tmp/back bs=1M count=2 iflag=direct 2>/dev/null
	dd if=/dev/zero of=/tmp/zeros bs=1M count=2 2>/dev/null
	cmp /tmp/back /tmp/zeros || fail "2 MiB discarded do not read back as zeros"
	echo "discarded 2 MiB: zeros"
	unload
done
# Flush requests the disk has completed (field 16 of its stat, 5.5 on): blk-flush.c counts
# each flush request the driver ends; a flush to a disk without a write cache makes none.
flushes() { awk '{ print $16 }' "/sys/block/$1/stat"; }

for fua in 1 0; do
	echo "== memory_backed=1 cache_size=1 fua=$fua: data verifies through a 1 MiB write-back cache and its flushes"
	insmod "$module" memory_backed=1 gb=1 submit_queues=2 cache_size=1 fua=$fua ||
		fail "insmod memory_backed=1 cache_size=1 fua=$fua"
	expect_attr nullb_cpp0 queue/write_cache "write back"
	expect_attr nullb_cpp0 queue/fua $fua
	# 64 MiB through a 1 MiB cache, an fsync (a flush) every 16 writes and at the end; then
	# the whole of it read back and verified, from the medium.
	verify="--filename=/dev/nullb_cpp0 --direct=1 --rw=randwrite --bsrange=512-64k --numjobs=2 --size=32m \
		--offset_increment=32m --verify=crc32c --verify_fatal=1 --group_reporting"
	# shellcheck disable=SC2086  # $verify is a list of options
	out=$(fio --name=write --ioengine=io_uring --iodepth=32 $verify --do_verify=0 --fsync=16 \
		--fsync_on_close=1 2>&1) || fail "fio write with fsyncs: $out"
	echo "$out" | matches 'err= 0' || fail "fio write with fsyncs reported errors: $out"
	[ "$(flushes nullb_cpp0)" -gt 0 ] || fail "fio issued fsyncs, but the disk completed no flush"
	# shellcheck disable=SC2086
	out=$(fio --name=write --ioengine=io_uring --iodepth=32 $verify --verify_only 2>&1) ||
		fail "fio verify after the flushes: $out"
	echo "$out" | matches 'err= 0' || fail "fio verify after the flushes reported errors: $out"
	echo "verified 64 MiB written through the cache, $(flushes nullb_cpp0) flushes"
	# Asynchronous O_DSYNC direct writes carry REQ_FUA and nothing else (a synchronous one
	# is also followed by an fsync): with fua=1 the driver takes them, with fua=0 the block
	# layer follows each with a flush. Counted over the writes alone, verified after.
	dsync="--filename=/dev/nullb_cpp0 --direct=1 --sync=dsync --ioengine=io_uring --iodepth=1 --rw=write \
		--bs=4k --size=1m --verify=crc32c --verify_fatal=1"
	before=$(flushes nullb_cpp0)
	# shellcheck disable=SC2086  # $dsync is a list of options
	out=$(fio --name=dsync $dsync --do_verify=0 2>&1) || fail "fio dsync writes: $out"
	echo "$out" | matches 'err= 0' || fail "fio dsync writes reported errors: $out"
	made=$(($(flushes nullb_cpp0) - before))
	if [ "$fua" = 1 ]; then
		[ "$made" = 0 ] || fail "fua=1: 256 FUA writes made $made flushes"
	else
		[ "$made" -ge 256 ] || fail "fua=0: 256 FUA writes made only $made flushes"
	fi
	# shellcheck disable=SC2086
	out=$(fio --name=dsync $dsync --verify_only 2>&1) || fail "fio verify of the dsync writes: $out"
	echo "$out" | matches 'err= 0' || fail "fio verify of the dsync writes reported errors: $out"
	echo "256 O_DSYNC writes made $made flushes, and verify"
	unload
done

echo "== direct I/O from buffers at odd places in memory reaches the disk, and verifies"
insmod "$module" memory_backed=1 gb=1 || fail "insmod memory_backed=1"
expect_attr nullb_cpp0 queue/dma_alignment 1
# mem_align=2: each buffer starts 2 bytes past a page boundary, so segments start and end
# inside pages at offsets no sector size divides.
out=$(fio --name=verify --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --rw=randwrite \
	--bsrange=512-64k --iodepth=8 --size=16m --mem_align=2 --verify=crc32c --verify_fatal=1 2>&1) ||
	fail "fio verify from unaligned buffers: $out"
echo "$out" | matches 'err= 0' || fail "fio verify from unaligned buffers reported errors: $out"
echo "verified: random writes of 512 B to 64 KiB from buffers 2 bytes past a page"
unload

echo "== virt_boundary=1: the block layer splits segments at page boundaries"
insmod "$module" memory_backed=1 gb=1 virt_boundary=1 || fail "insmod virt_boundary=1"
expect_attr nullb_cpp0 queue/virt_boundary_mask 4095 # the page size, less one
expect_attr nullb_cpp0 queue/write_cache "write through"
out=$(fio --name=verify --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --rw=randwrite \
	--bsrange=512-128k --iodepth=16 --size=16m --verify=crc32c --verify_fatal=1 2>&1) || fail "fio verify: $out"
echo "$out" | matches 'err= 0' || fail "fio verify with virt_boundary=1 reported errors: $out"
echo "verified: random writes of 512 B to 128 KiB"
unload

echo "== poll_queues: polled I/O goes to the poll queue, where Ops::poll ends it in batches"
for poll_queues in 0 2; do
	insmod "$module" submit_queues=1 poll_queues=$poll_queues || fail "insmod poll_queues=$poll_queues"
	[ "$(ls /sys/block/nullb_cpp0/mq | wc -l)" = $((1 + poll_queues)) ] ||
		fail "poll_queues=$poll_queues: $(ls /sys/block/nullb_cpp0/mq | wc -l) hardware queues"
	expect_attr nullb_cpp0 queue/io_poll $((poll_queues > 0))
	unload
done
insmod "$module" memory_backed=1 gb=1 submit_queues=1 poll_queues=1 || fail "insmod poll_queues=1 memory_backed=1"
[ "$(cat /sys/kernel/debug/block/nullb_cpp0/hctx1/type)" = poll ] ||
	fail "hctx1 is of type $(cat /sys/kernel/debug/block/nullb_cpp0/hctx1/type), not poll"
# A request of the poll queue ends only through Ops::poll: fio finishing shows that it ran. The
# kprobe counts the batches the block layer ended after it (blk_mq_end_request_batch), which
# only a poll that put its requests into the completion batch makes.
arm_kprobe blkmq_poll_batch blk_mq_end_request_batch
out=$(fio --name=polled --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --hipri --rw=randwrite \
	--bsrange=4k-64k --iodepth=16 --size=32m --verify=crc32c --verify_fatal=1 2>&1) ||
	fail "fio polled verify: $out"
echo "$out" | matches 'err= 0' || fail "fio polled verify reported errors: $out"
batches=$(disarm_kprobe blkmq_poll_batch)
[ "${batches:-0}" -gt 0 ] || fail "polled I/O verified, but no completion batch was ended"
echo "verified through the poll queue with io_uring polling: $batches completion batches"
unload

echo "== queue_rqs: without a scheduler, a plug's requests reach Ops::queue_rqs as one batch"
# mbps throttles: queue_rq answers busy before starting some requests, which queue_rqs leaves
# to the block layer, and the list it hands back is then not empty.
insmod "$module" memory_backed=1 gb=1 submit_queues=2 mbps=200 || fail "insmod memory_backed=1 mbps=200"
echo none >/sys/block/nullb_cpp0/queue/scheduler
# The thunk the module put in its blk_mq_ops (blkmq::detail::Thunks<...>::queue_rqs, not a
# compiler's partial copy of it); the kprobe counts the batches it was given.
thunk=$(awk '$2 == "t" && $3 ~ /^_ZN5blkmq6detail6ThunksI.*9queue_rqsE/ && $3 !~ /\./ && $4 == "[nullb_cpp]" { print $3; exit }' /proc/kallsyms)
[ -n "$thunk" ] || fail "no queue_rqs thunk among nullb_cpp's symbols"
arm_kprobe blkmq_queue_rqs "nullb_cpp:$thunk"
# io_uring submitting 16 I/Os per call plugs them, and the unplug hands them over together.
out=$(fio --name=batched --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --rw=randwrite \
	--bsrange=4k-64k --iodepth=32 --iodepth_batch_submit=16 --iodepth_batch_complete_min=8 --size=32m \
	--verify=crc32c --verify_fatal=1 2>&1) || fail "fio batched verify: $out"
echo "$out" | matches 'err= 0' || fail "fio batched verify reported errors: $out"
batches=$(disarm_kprobe blkmq_queue_rqs)
[ "${batches:-0}" -gt 0 ] || fail "batched I/O verified, but queue_rqs was never called"
echo "verified through queue_rqs: $batches batches"
unload

hctx_flags() { cat "/sys/kernel/debug/block/$1/hctx0/flags"; }

echo "== shared_tags=1: three disks on one tag set, driven at once"
insmod "$module" nr_devices=3 shared_tags=1 hw_queue_depth=16 || fail "insmod shared_tags=1"
for disk in nullb_cpp0 nullb_cpp1 nullb_cpp2; do
	# The block layer marks a tag set that several queues use.
	hctx_flags $disk | matches 'TAG_QUEUE_SHARED' || fail "$disk: no TAG_QUEUE_SHARED in $(hctx_flags $disk)"
done
fio --direct=1 --ioengine=io_uring --rw=randread --bs=4k --iodepth=32 --size=256m --time_based --runtime=1 \
	--name=a --filename=/dev/nullb_cpp0 --name=b --filename=/dev/nullb_cpp1 --name=c --filename=/dev/nullb_cpp2 \
	>/tmp/shared 2>&1 || fail "fio on three disks of one tag set: $(cat /tmp/shared)"
[ "$(grep -c 'err= 0' /tmp/shared)" = 3 ] || fail "fio on shared tags: $(cat /tmp/shared)"
echo "fio at depth 32 on three disks sharing 16 tags: no errors"
unload

echo "== shared_tag_bitmap=1 blocking=1 no_sched=1 max_sectors=64: the tag set and queue they ask for"
insmod "$module" submit_queues=2 shared_tag_bitmap=1 blocking=1 no_sched=1 max_sectors=64 ||
	fail "insmod shared_tag_bitmap=1 blocking=1 no_sched=1 max_sectors=64"
hctx_flags nullb_cpp0 | matches 'TAG_HCTX_SHARED' || fail "no TAG_HCTX_SHARED in $(hctx_flags nullb_cpp0)"
hctx_flags nullb_cpp0 | matches 'BLOCKING' || fail "no BLOCKING in $(hctx_flags nullb_cpp0)"
attr nullb_cpp0 queue/scheduler | matches -E '^(\[none\]|none$)' || fail "no_sched=1, scheduler $(attr nullb_cpp0 queue/scheduler)"
expect_attr nullb_cpp0 queue/max_hw_sectors_kb 32
run_fio nullb_cpp0 --rw=randrw --iodepth=16 --numjobs=2 --bs=64k
unload

echo "== queue_mode=0 is taken as 2, use_per_node_hctx=1 gives a queue per node, as in C null_blk"
dmesg -c >/dev/null
insmod "$module" queue_mode=0 use_per_node_hctx=1 submit_queues=2 home_node=0 ||
	fail "insmod queue_mode=0 use_per_node_hctx=1"
dmesg | matches 'nullb_cpp: BIO-based IO path is no longer available, using blk-mq instead' ||
	fail "no message for queue_mode=0"
dmesg | matches 'nullb_cpp: submit_queues param is set to 1' || fail "no message for use_per_node_hctx=1"
[ "$(ls /sys/block/nullb_cpp0/mq | wc -l)" = 2 ] || fail "one node: $(ls /sys/block/nullb_cpp0/mq | wc -l) queues, not 1 + the poll queue"
run_fio nullb_cpp0 --rw=randread --iodepth=8
unload

# Sequential 64 KiB reads of $1 at depth 8 for $2 seconds: KiB/s (terse output version 3,
# field 7: the read bandwidth).
read_kib_per_s() {
	fio --name=bandwidth --filename="/dev/$1" --direct=1 --ioengine=io_uring --rw=read --bs=64k --iodepth=8 \
		--size=256m --time_based --runtime="$2" --output-format=terse --terse-version=3 2>/dev/null | cut -d';' -f7
}

# The limit is a third of what the disk reads without one, so that the check holds on a slow
# guest too (the debug kernel, a loaded host: 6.7 MiB/s seen there, 20 alone).
echo "== mbps: the disk moves at most mbps MiB/s, where it would move three times more"
insmod "$module" || fail "insmod without mbps"
free=$(read_kib_per_s nullb_cpp0 1)
unload
mbps=$((free / 3072))
[ "$mbps" -ge 1 ] || fail "without mbps the disk reads at only $free KiB/s: no limit would show"
insmod "$module" mbps=$mbps || fail "insmod mbps=$mbps"
limited=$(read_kib_per_s nullb_cpp0 3)
# 10% for a tick's burst (a fiftieth of the limit) and 200 KiB/s for the 512 KiB in flight as
# fio stops.
bound=$((mbps * 1024 * 110 / 100 + 200))
[ "$limited" -gt 0 ] && [ "$limited" -le "$bound" ] || fail "mbps=$mbps: read at $limited KiB/s (at most $bound)"
echo "reads at $free KiB/s free, $limited KiB/s with mbps=$mbps"
unload

echo "== irqmode=2: every request takes completion_nsec at least"
insmod "$module" irqmode=2 completion_nsec=1000000 || fail "insmod irqmode=2 completion_nsec=1000000"
# Terse output, version 3: field 14 is the fastest read's completion latency, in microseconds.
clat_min=$(fio --name=latency --filename=/dev/nullb_cpp0 --direct=1 --ioengine=psync --rw=randread --bs=4k \
	--size=64m --time_based --runtime=1 --output-format=terse --terse-version=3 2>&1 | cut -d';' -f14) ||
	fail "fio at irqmode=2: $clat_min"
[ "${clat_min%.*}" -ge 1000 ] || fail "completion_nsec=1000000, but a read completed in $clat_min us"
echo "completion_nsec=1 ms: the fastest of a second of reads took $clat_min us"
unload

echo "== irqmode=2 with completion_nsec past the deadline: the timeout takes the request off its timer"
dmesg -c >/dev/null
insmod "$module" irqmode=2 completion_nsec=5000000000 || fail "insmod irqmode=2 completion_nsec=5000000000"
echo 1000 >/sys/block/nullb_cpp0/queue/io_timeout
! dd if=/dev/nullb_cpp0 of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null ||
	fail "a read that outlived io_timeout succeeded"
dmesg | matches 'nullb_cpp: request [0-9]* of queue [0-9]* timed out' || fail "no timeout reported"
echo "a read due in 5 s timed out after 1 s and failed"
unload

echo "== discard=1 and cache_size=16 without memory_backed are ignored, as in C null_blk"
dmesg -c >/dev/null
insmod "$module" discard=1 || fail "insmod discard=1"
dmesg | matches 'nullb_cpp: discard option is ignored without memory backing' || fail "no message for discard=1 alone"
expect_attr nullb_cpp0 queue/discard_max_bytes 0
unload
dmesg -c >/dev/null
insmod "$module" cache_size=16 || fail "insmod cache_size=16"
dmesg | matches 'nullb_cpp: cache_size option is ignored without memory backing' ||
	fail "no message for cache_size=16 alone"
expect_attr nullb_cpp0 queue/write_cache "write through"
unload

echo "== every class of bad parameter fails with EINVAL, says why, and leaves nothing"
for bad in bs=1000 bs=256 bs=8192 bs=0 gb=0 gb=2000000 nr_devices=33 \
	submit_queues=0 submit_queues=4096 poll_queues=4096 queue_mode=1 queue_mode=3 home_node=1 \
	home_node=-2 max_sectors=7 hw_queue_depth=0 hw_queue_depth=20000 irqmode=3 irqmode=9; do
	expect_rejected "$module" "$bad" nullb_cpp nullb_cpp
done

insmod "$module" || fail "insmod to look for the fault parameters"
has_faults=0
[ ! -e /sys/module/nullb_cpp/parameters/timeout ] || has_faults=1
unload
if [ "$has_faults" = 1 ]; then
	for irqmode in 0 1 2; do
		# space=16: the first fault is the 16th request; 40 reads leave room for any reads
		# made when the disk is added (it has no partitions, so there should be none).
		echo "== timeout=1,100,16,3 irqmode=$irqmode: three requests left to the timeout end with an error"
		dmesg -c >/dev/null
		insmod "$module" timeout=1,100,16,3 irqmode=$irqmode || fail "insmod timeout=1,100,16,3"
		echo 1000 >/sys/block/nullb_cpp0/queue/io_timeout
		failed=0
		for i in $(seq 40); do
			dd if=/dev/nullb_cpp0 of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null || failed=$((failed + 1))
		done
		[ "$failed" = 3 ] || fail "$failed of 40 reads failed; three timeouts were injected"
		[ "$(dmesg | grep -c 'nullb_cpp: request [0-9]* of queue [0-9]* timed out')" = 3 ] ||
			fail "not three timeouts reported: $(dmesg | grep 'timed out')"
		echo "three of 40 reads timed out and failed, the others succeeded"
		unload
	done

	echo "== requeue=1,50,0,-1: half the dispatches sent back, and every I/O still verifies"
	insmod "$module" requeue=1,50,0,-1 memory_backed=1 gb=1 submit_queues=2 || fail "insmod requeue="
	out=$(fio --name=verify --filename=/dev/nullb_cpp0 --direct=1 --ioengine=io_uring --rw=randwrite \
		--bsrange=4k-64k --iodepth=16 --numjobs=2 --size=16m --offset_increment=16m \
		--verify=crc32c --verify_fatal=1 --group_reporting 2>&1) || fail "fio verify with requeues: $out"
	echo "$out" | matches 'err= 0' || fail "fio verify with requeues reported errors: $out"
	echo "verified through requeues"
	unload

	echo "== init_hctx=1,100,0,1: the queue fails to initialise, the load fails, nothing is left"
	! insmod "$module" init_hctx=1,100,0,1 2>/tmp/insmod || fail "insmod init_hctx= succeeded"
	! ls /sys/block | matches '^nullb_cpp' || fail "init_hctx= left a disk: $(ls /sys/block)"
	! lsmod | matches '^nullb_cpp' || fail "init_hctx= left the module loaded"
	echo "insmod failed: $(cat /tmp/insmod)"

	for bad in timeout=1,100 requeue=x init_hctx=1,2,3; do
		expect_rejected "$module" "$bad" nullb_cpp nullb_cpp
	done
else
	echo "== no fault injection in this kernel: no timeout, requeue or init_hctx parameter, as in C null_blk"
fi

echo "== load, unload, load again"
for round in 1 2 3; do
	insmod "$module" nr_devices=3 || fail "insmod round $round"
	[ -e /sys/block/nullb_cpp2 ] || fail "round $round: nullb_cpp2 is missing"
	run_fio nullb_cpp2 --rw=randread --iodepth=16
	unload
done

# same_queue_as_c PARAMETERS: null_blk and nullb_cpp loaded with the same parameters give
# their disks the same queue: every file of /sys/block/DISK/queue reads the same, and so does
# the number of hardware queues. One file may differ, said where it does.
same_queue_as_c() {
	local file name differs=""
	# shellcheck disable=SC2086  # the parameters are words
	insmod /modules/null_blk.ko $* || fail "insmod null_blk $*"
	# shellcheck disable=SC2086
	insmod "$module" $* || fail "insmod nullb_cpp $*"
	for file in /sys/block/nullb0/queue/*; do
		name=${file##*/}
		[ -f "$file" ] && [ -r "$file" ] || continue
		# C null_blk takes direct I/O from any even address from 6.19 on; nullb_cpp does on
		# every kernel.
		[ "$name" = dma_alignment ] && continue
		[ "$(cat "$file")" = "$(attr nullb_cpp0 "queue/$name")" ] ||
			differs="$differs $name: C '$(cat "$file")', C++ '$(attr nullb_cpp0 "queue/$name")';"
	done
	[ "$(ls /sys/block/nullb0/mq | wc -l)" = "$(ls /sys/block/nullb_cpp0/mq | wc -l)" ] ||
		differs="$differs hardware queues: C $(ls /sys/block/nullb0/mq | wc -l), C++ $(ls /sys/block/nullb_cpp0/mq | wc -l);"
	[ -z "$differs" ] || fail "queues of null_blk and nullb_cpp with '$*' differ:$differs"
	echo "null_blk and nullb_cpp with '$*': the same queue ($(ls /sys/block/nullb0/queue | wc -l) files)"
	unload
	rmmod null_blk
}

echo "== the same queue as C null_blk's, file for file"
same_queue_as_c
same_queue_as_c bs=4096 submit_queues=2 hw_queue_depth=32 max_sectors=64 virt_boundary=1
same_queue_as_c memory_backed=1 discard=1 cache_size=16
same_queue_as_c blocking=1 no_sched=1 poll_queues=2 irqmode=2 completion_nsec=1000

echo "== beside C null_blk"
insmod /modules/null_blk.ko nr_devices=1 || fail "insmod null_blk"
insmod "$module" || fail "insmod nullb_cpp beside null_blk"
[ -e /sys/block/nullb0 ] && [ -e /sys/block/nullb_cpp0 ] || fail "nullb0 and nullb_cpp0 do not both exist"
# Options before the first --name are global: they apply to both jobs.
fio --direct=1 --ioengine=io_uring --rw=randread --bs=4k --iodepth=16 --size=256m --time_based --runtime=1 \
	--name=cpp --filename=/dev/nullb_cpp0 --name=c --filename=/dev/nullb0 >/tmp/both 2>&1 ||
	fail "fio on both drivers at once: $(cat /tmp/both)"
[ "$(grep -c 'err= 0' /tmp/both)" = 2 ] || fail "fio on both drivers: $(cat /tmp/both)"
echo "fio on nullb_cpp0 and nullb0 at once: no errors"
unload
[ -e /sys/block/nullb0 ] || fail "unloading nullb_cpp removed null_blk's disk"
rmmod null_blk

no_misuse
echo "PASS"
