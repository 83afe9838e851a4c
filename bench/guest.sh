# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of scripts/demo, run by tests/kernel/vm.sh: the C++ nullblk and C null_blk with the
# same settings in the same VM, 4 KiB random I/O with fio at queue depth 1 and 32, in each
# completion mode, with and without an I/O scheduler, and memory-backed. Prints machine-readable
# lines for the host:
#   KERNEL <release>   DISK <name> <sectors> <logical block size>   PDU <C++ bytes per request>
#   RESULT <scheduler> <mode> <depth> <disk> <iops>   (two per disk and configuration)
# shellcheck shell=sh disable=SC3040  # busybox sh has pipefail
set -euo pipefail

settings="nr_devices=1 gb=250 bs=512 submit_queues=1 hw_queue_depth=64"

echo "KERNEL $(uname -r)"
# scheduler, mode (a label), module parameters (separated by commas), fio's rw, the span it
# works over and fio's own options for the mode (- for none): the configurations measured. C null_blk's default has no I/O scheduler (its poll queue makes it
# multi-queue), a single-queue disk defaults to mq-deadline: each configuration sets the same
# scheduler on both disks. Memory-backed disks keep what is written: fio works within 128 MiB
# of each, so that both fit the guest's memory; reads follow the writes, so they find pages.
configs="none irq1 irqmode=1 randread 250g -
none irq0 irqmode=0 randread 250g -
none irq2 irqmode=2 randread 250g -
mq-deadline irq1 irqmode=1 randread 250g -
none poll irqmode=1 randread 250g --hipri
none blocking blocking=1 randread 250g -
none shared-tags shared_tags=1 randread 250g -
none mem-write memory_backed=1 randwrite 128m -
none mem-read memory_backed=1 randread 128m -
none cache-write memory_backed=1,cache_size=64 randwrite 128m -"
first=1
echo "$configs" | while read -r scheduler mode params rw span fio_options; do
	params=$(echo "$params" | tr , ' ')
	[ "$fio_options" != - ] || fio_options=""
	# shellcheck disable=SC2086  # $settings and $params are lists of parameters
	insmod /modules/null_blk.ko $settings $params
	# shellcheck disable=SC2086
	insmod /modules/nullb_cpp.ko $settings $params
	for disk in nullb_cpp0 nullb0; do
		echo "$scheduler" >/sys/block/$disk/queue/scheduler
	done
	if [ "$first" = 1 ]; then
		for disk in nullb_cpp0 nullb0; do
			echo "DISK $disk $(cat /sys/block/$disk/size) $(cat /sys/block/$disk/queue/logical_block_size)"
		done
		echo "PDU $(dmesg | sed -n 's/.*nullb_cpp: .* \([0-9]*\) PDU bytes per request.*/\1/p' | tail -n 1)"
		first=0
	fi
	if [ "$mode" = mem-read ]; then
		# Something to read: the span written once, sequentially.
		for disk in nullb_cpp0 nullb0; do
			fio --minimal --name=fill --filename=/dev/$disk --direct=1 --ioengine=io_uring \
				--rw=write --bs=1m --iodepth=4 --size="$span" >/dev/null
		done
	fi
	# Untimed, so that what the first I/O after loading costs is not counted as a driver's
	# per-I/O cost: on 7.3, without it, the very first timed run (the C++ driver's, which went
	# first) came out 15 % below every later figure of either driver.
	for disk in nullb_cpp0 nullb0; do
		# shellcheck disable=SC2086  # $fio_options is a list of options
		fio --minimal --name=warmup --filename=/dev/$disk --direct=1 --ioengine=io_uring \
			--rw="$rw" --bs=4k --iodepth=1 --size="$span" --time_based --runtime=1 $fio_options >/dev/null
	done
	for depth in 1 32; do
		# Each driver runs first once and last once (C++, C, C, C++): a figure that depends
		# on its place in the sequence weighs the same on both. The host takes the mean.
		for disk in nullb_cpp0 nullb0 nullb0 nullb_cpp0; do
			# --minimal: field 8 of the terse line is the read IOPS, field 49 the write IOPS.
			# shellcheck disable=SC2086
			iops=$(fio --minimal --name=bench --filename=/dev/$disk --direct=1 --ioengine=io_uring \
				--rw="$rw" --bs=4k --iodepth=$depth --size="$span" --time_based --runtime=2 \
				--ramp_time=0.5 $fio_options | awk -F';' '{ print $8 + $49 }')
			echo "RESULT $scheduler $mode $depth $disk $iops"
		done
	done
	rmmod nullb_cpp
	rmmod null_blk
done
