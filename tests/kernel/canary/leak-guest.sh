# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/canary/run.sh, its second boot: blocks forgotten by a C++ module,
# which kmemleak must report. In a boot of its own, so that no earlier test's stale pointers
# are around to reference them.
# shellcheck shell=sh disable=SC3040  # busybox sh has pipefail
set -euo pipefail

insmod /modules/blkmq_canary.ko fault=leak
# kmemleak reports an object once it is 5 s old and unchanged between two scans; a block whose
# last stale reference is overwritten late shows in a later scan, so scan until it is seen.
sleep 6
scans=0
while [ "$scans" -lt 5 ] && ! grep -q '(size 16384)' /sys/kernel/debug/kmemleak; do
	echo scan >/sys/kernel/debug/kmemleak
	sleep 2
	scans=$((scans + 1))
done
cat /sys/kernel/debug/kmemleak
rmmod blkmq_canary
echo "canary: leak guest script done"
