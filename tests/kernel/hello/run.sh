#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# Builds the C++ test module with kernel/blkmq.mk (no warnings allowed) and runs it under QEMU:
#   tests/kernel/hello/run.sh          (environment as for tests/kernel/vm.sh)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$here"

log=${VM_LOG:-$(mktemp "${TMPDIR:-/tmp}/vm-hello.XXXXXX.log")}
VM_LOG=$log "$root/tests/kernel/vm.sh" "$here/guest.sh" "$here/blkmq_hello.ko"

# The module must print the value the header was generated with: C++ saw the kernel's layout.
rq_size=$(sed -n 's/^#define BLKMQ_RQ_PDU_OFFSET \([0-9]*\) .*/\1/p' "$here/blkmq-generated/blkmq_layout.h")
if ! grep -q "blkmq_hello: BLKMQ_RQ_PDU_OFFSET = $rq_size\$" "$log"; then
	echo "hello: FAIL: the module did not print BLKMQ_RQ_PDU_OFFSET = $rq_size (log: $log)" >&2
	exit 1
fi
echo "hello: PASS (BLKMQ_RQ_PDU_OFFSET = $rq_size)"
