#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0 OR MIT
#
# A detector that is off proves nothing. On the debug kernel, a C++ module reads freed memory
# and reads a request through a Request& kept past its end (canary.cpp, guest.sh); in a second
# boot it forgets eight blocks (leak-guest.sh). Each run must fail on exactly its reports:
# KASAN's and blkmq's checked build's in the first, kmemleak's in the second, each naming the
# canary's code, and nothing else may go wrong.
#   BLKMQ_KERNEL=debug tests/kernel/canary/run.sh
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../.." && pwd)

"$root/scripts/build-kmod" "$here"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
failed=0

# boot GUEST_SCRIPT LOG: runs it, which must fail, and only because of the reports expected.
boot() {
	local rc=0
	VM_LOG=$2 "$root/tests/kernel/vm.sh" "$here/$1" "$here/blkmq_canary.ko" 2>&1 | tee "$out" || rc=$?
	if ((rc == 0)); then
		echo "canary: FAIL: tests/kernel/vm.sh passed $1, a run with faults it must report" >&2
		failed=1
	fi
	# The failures vm.sh gives must be those reports (the kernel tainted by them included).
	if grep -E '^vm.sh: FAIL' "$out" | grep -vE 'kernel log reports problems|kernel tainted' >&2; then
		echo "canary: FAIL: tests/kernel/vm.sh failed $1 for another reason (above)" >&2
		failed=1
	fi
}
expect() { # log, what, regex in the console log
	if grep -aqE "$3" "$1"; then
		echo "canary: ok: $2"
	else
		echo "canary: FAIL: no $2 (/$3/ in $1)" >&2
		failed=1
	fi
}

log=${VM_LOG:-$(mktemp "${TMPDIR:-/tmp}/vm-canary.XXXXXX.log")}
boot guest.sh "$log"
expect "$log" "KASAN report of the use-after-free" 'BUG: KASAN: slab-use-after-free in canary_use_after_free'
expect "$log" "blkmq report of the request read after its end" \
	'blkmq: misuse: a request was read after it was given back to the block layer'
expect "$log" "that report traced to the canary's queue_rq" 'queue_rq.*\[blkmq_canary\]'
expect "$log" "guest script run to its end" 'canary: guest script done'

leak_log=${log%.log}-leak.log
boot leak-guest.sh "$leak_log"
expect "$leak_log" "kmemleak report of a forgotten block" 'unreferenced object 0x[0-9a-f]+ \(size 16384\)'
expect "$leak_log" "that report traced to the canary's allocation" 'canary_leak'
expect "$leak_log" "leak guest script run to its end" 'canary: leak guest script done'
((failed == 0)) && echo "canary: PASS"
exit "$failed"
