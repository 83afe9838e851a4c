#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# examples/ramdisk in a real kernel: builds the module (no warning allowed), boots the kernel of
# the matrix under QEMU and runs guest.sh there: fio writes and verifies data in many shapes.
#   tests/kernel/ramdisk/run.sh          (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$root/examples/ramdisk"
"$root/tests/kernel/vm.sh" "$here/guest.sh" "$root/examples/ramdisk/blkmq_ramdisk.ko"
