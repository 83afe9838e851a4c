#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# examples/nullblk in a real kernel: builds the module against Debian's kernel headers (no
# warning allowed), boots Debian's kernel under QEMU and runs a guest script there: guest.sh
# (the module's parameters) or the one given (tests/kernel/nullblk-configfs: its configfs tree).
#   tests/kernel/nullblk/run.sh [GUEST_SCRIPT]   (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$root/examples/nullblk"
"$root/tests/kernel/vm.sh" "${1:-$here/guest.sh}" "$root/examples/nullblk/nullb_cpp.ko"
