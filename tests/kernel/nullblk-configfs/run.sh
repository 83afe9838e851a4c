#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# examples/nullblk's configfs tree in a real kernel: the module built and booted as by
# tests/kernel/nullblk/run.sh, with this directory's guest.sh.
#   tests/kernel/nullblk-configfs/run.sh   (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$here/../nullblk/run.sh" "$here/guest.sh"
