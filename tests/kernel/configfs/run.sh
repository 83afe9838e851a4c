#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# ConfigfsSubsystem in a real kernel: builds tests/kernel/configfs (no warning allowed), boots
# the kernel of the matrix under QEMU and runs guest.sh there.
#   tests/kernel/configfs/run.sh          (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$here"
"$root/tests/kernel/vm.sh" "$here/guest.sh" "$here/blkmq_cfgtest.ko"
