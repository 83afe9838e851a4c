# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/canary/run.sh: a use-after-free, then a request read after its end,
# on a disk of the canary's own.
# shellcheck shell=sh disable=SC3040  # busybox sh has pipefail
set -euo pipefail

insmod /modules/blkmq_canary.ko fault=use-after-free
rmmod blkmq_canary
insmod /modules/blkmq_canary.ko fault=request-after-end
dd if=/dev/blkmq_canary0 of=/dev/null bs=4096 count=1 iflag=direct
rmmod blkmq_canary
echo "canary: guest script done"
