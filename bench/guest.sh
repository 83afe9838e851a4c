# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of scripts/demo, run by tests/kernel/vm.sh: the C++ nullblk and C null_blk with the
# same settings in the same VM, 4 KiB random reads with fio at queue depth 1 and 32, in both
# completion modes and with and without an I/O scheduler. Prints machine-readable lines for the host:
#   KERNEL <release>   DISK <name> <sectors> <logical block size>
#   RESULT <scheduler> <irqmode> <depth> <disk> <iops>
# shellcheck shell=sh disable=SC3040  # busybox sh has pipefail
set -euo pipefail

settings="nr_devices=1 gb=250 bs=512 submit_queues=1 hw_queue_depth=64"

echo "KERNEL $(uname -r)"
# scheduler irqmode: the configurations measured. C null_blk's default has no I/O scheduler
# (its poll queue makes it multi-queue), a single-queue disk defaults to mq-deadline: each
# configuration sets the same scheduler on both disks.
for config in "none 1" "none 0" "mq-deadline 1"; do
	scheduler=${config% *}
	irqmode=${config#* }
	# shellcheck disable=SC2086  # $settings is a list of parameters
	insmod /modules/null_blk.ko $settings irqmode=$irqmode
	# shellcheck disable=SC2086
	insmod /modules/nullb_cpp.ko $settings irqmode=$irqmode
	for disk in nullb_cpp0 nullb0; do
		echo "$scheduler" >/sys/block/$disk/queue/scheduler
	done
	if [ "$config" = "none 1" ]; then
		for disk in nullb_cpp0 nullb0; do
			echo "DISK $disk $(cat /sys/block/$disk/size) $(cat /sys/block/$disk/queue/logical_block_size)"
		done
	fi
	# Untimed, so that what the first I/O after loading costs is not counted as a driver's
	# per-I/O cost: on 7.3, without it, the very first timed run (the C++ driver's, which went
	# first) came out 15 % below every later figure of either driver.
	for disk in nullb_cpp0 nullb0; do
		fio --minimal --name=warmup --filename=/dev/$disk --direct=1 --ioengine=io_uring \
			--rw=randread --bs=4k --iodepth=1 --time_based --runtime=1 >/dev/null
	done
	order="nullb_cpp0 nullb0"
	for depth in 1 32; do
		# The drivers take turns at going first.
		for disk in $order; do
			# --minimal: field 8 of the terse line is the read IOPS.
			iops=$(fio --minimal --name=bench --filename=/dev/$disk --direct=1 --ioengine=io_uring \
				--rw=randread --bs=4k --iodepth=$depth --time_based --runtime=2 --ramp_time=0.5 |
				awk -F';' '{ print $8 }')
			echo "RESULT $scheduler $irqmode $depth $disk $iops"
		done
		order="${order#* } ${order% *}"
	done
	rmmod nullb_cpp
	rmmod null_blk
done
