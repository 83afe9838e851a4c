# SPDX-License-Identifier: GPL-2.0 OR MIT
# Guest half of tests/kernel/tagset/run.sh: two disks on one tag set with a read queue and
# tag-set data; every request checks that it reached the data and came through the queue of
# its operation (an I/O error otherwise). With drop_tag_set=1 the TagSet object is gone before
# the first I/O, and the tag set, kept alive by its disks, is freed only when they go. Then a
# disk's queue is frozen and quiesced while reads come.
# vm.sh fails the run on any kernel warning, sanitizer or kmemleak report.
# shellcheck shell=sh disable=SC3040,SC3043  # busybox sh has pipefail and local
set -euo pipefail

module=/modules/blkmq_tagset.ko

. /guest-lib.sh

for drop in 0 1; do
	echo "== drop_tag_set=$drop: two disks, one tag set with a read queue and data"
	dmesg -c >/dev/null
	insmod "$module" drop_tag_set=$drop || fail "insmod drop_tag_set=$drop"
	for disk in blkmq_tagset0 blkmq_tagset1; do
		type=$(cat /sys/kernel/debug/block/$disk/hctx1/type)
		[ "$type" = read ] || fail "$disk: hctx1 is of type $type, not read"
		dd if=/dev/zero of=/dev/$disk bs=4096 count=64 oflag=direct 2>/dev/null ||
			fail "$disk: writes failed (not routed to the default queue, or no tag-set data)"
		dd if=/dev/$disk of=/dev/null bs=4096 count=64 iflag=direct 2>/dev/null ||
			fail "$disk: reads failed (not routed to the read queue, or no tag-set data)"
		echo "$disk: reads on its read queue, writes on its default one, both saw the tag set's data"
	done
	! dmesg | matches 'tag set data freed' || fail "the tag-set data was freed while its disks were up"
	no_misuse
	rmmod blkmq_tagset || fail "rmmod blkmq_tagset"
	dmesg | matches 'tag set data freed' || fail "the tag-set data was not freed with the last disk"
	echo "the tag-set data was freed with the last disk"
done
# Centiseconds since boot.
now_cs() { cut -d' ' -f1 /proc/uptime | tr -d .; }

echo "== freeze and quiesce: I/O submitted meanwhile waits, and goes on after"
insmod "$module" || fail "insmod"
for hold in freeze quiesce; do
	case $hold in
	freeze) held=frozen ;;
	quiesce) held=quiesced ;;
	esac
	dmesg -c >/dev/null
	start=$(now_cs)
	# The write returns when the hold ends, 2 s after it began.
	echo 2000 >/sys/module/blkmq_tagset/parameters/${hold}_ms &
	holder=$!
	# The reads go once the hold has begun: they end after it, 2 s after its start at most.
	until dmesg | matches "blkmq_tagset: $held\$"; do sleep 0.05; done
	held_at=$(($(now_cs) - start))
	dd if=/dev/blkmq_tagset0 of=/dev/null bs=4096 count=16 iflag=direct 2>/dev/null || fail "$hold: reads failed"
	waited=$(($(now_cs) - start))
	wait $holder || fail "the write to ${hold}_ms failed"
	[ "$waited" -ge 200 ] || fail "$hold: reads submitted $((held_at * 10)) ms into a 2 s hold ended after $((waited * 10)) ms"
	dmesg | matches "blkmq_tagset: $held for 2000 ms: 0 requests dispatched meanwhile" ||
		fail "$hold: $(dmesg | grep -m1 'blkmq_tagset: ')"
	echo "$held for 2 s: reads submitted $((held_at * 10)) ms in ended after $((waited * 10)) ms, none dispatched meanwhile"
done
out=$(echo 20000 2>&1 >/sys/module/blkmq_tagset/parameters/freeze_ms) && fail "freeze_ms=20000 was taken"
echo "$out" | matches 'Invalid argument' || fail "freeze_ms=20000: $out"
no_misuse
rmmod blkmq_tagset || fail "rmmod blkmq_tagset"
echo "tagset: guest script done"
