#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# A detector that is off proves nothing. On the debug kernel, a C++ module reads freed memory
# and reads a request through a Request& kept past its end (canary.cpp); the run must fail on
# exactly those two reports, KASAN's and blkmq's checked build's, each naming the canary's
# code, and nothing else may go wrong. (A kmemleak canary is not here yet: a leaked block was
# still found referenced by every scan tried, see docs/kernel.md.)
#   BLKMQ_KERNEL=debug tests/kernel/canary/run.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$here"
log=${VM_LOG:-$(mktemp "${TMPDIR:-/tmp}/vm-canary.XXXXXX.log")}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
VM_LOG=$log "$root/tests/kernel/vm.sh" "$here/guest.sh" "$here/blkmq_canary.ko" 2>&1 | tee "$out" ||
	rc=$?

failed=0
expect() { # what, regex in the console log
	if grep -aqE "$2" "$log"; then
		echo "canary: ok: $1"
	else
		echo "canary: FAIL: no $1 (/$2/ in $log)" >&2
		failed=1
	fi
}
expect "KASAN report of the use-after-free" 'BUG: KASAN: slab-use-after-free in canary_use_after_free'
expect "blkmq report of the request read after its end" \
	'blkmq: misuse: a request was read after it was given back to the block layer'
expect "that report traced to the canary's queue_rq" 'queue_rq.*\[blkmq_canary\]'
expect "guest script run to its end" 'canary: guest script done'
if ((rc == 0)); then
	echo "canary: FAIL: tests/kernel/vm.sh passed a run with a use-after-free and a request read after its end" >&2
	failed=1
fi
# The failures vm.sh gives must be those reports (the kernel tainted by them included).
if grep -E '^vm.sh: FAIL' "$out" | grep -vE 'kernel log reports problems|kernel tainted' >&2; then
	echo "canary: FAIL: tests/kernel/vm.sh failed for another reason (above)" >&2
	failed=1
fi
((failed == 0)) && echo "canary: PASS"
exit "$failed"
