#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# examples/nullblk's drop-in build (NULLBLK_DROP_IN=y: null_blk.ko) in a real kernel, installed
# where Debian's null_blk.ko would be and used by its C names alone, as blktests and a block
# developer's scripts use C null_blk: modprobe null_blk, /dev/nullbN, /sys/kernel/config/nullb.
# Debian's own null_blk is not in the guest.
#   tests/kernel/null_blk-drop-in/run.sh   (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$root/examples/nullblk" NULLBLK_DROP_IN=y
VM_KMODS= "$root/tests/kernel/vm.sh" "$here/guest.sh" "$root/examples/nullblk/null_blk.ko"
