// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// The record of broken rules, and the library's own misuse reports.
#include "internal.hpp"

#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace blkmq::model {
namespace {
std::mutex violations_mutex;
std::vector<std::string> violations;
} // namespace

void record_violation(std::string message) {
	std::lock_guard lock(violations_mutex);
	violations.push_back(std::move(message));
}

bool check_set_up(unsigned int init_key, unsigned int key, const char *operation, const char *object) {
	if (init_key == key)
		return true;
	record_violation(std::string(operation) + ": " + object + " that was never set up");
	return false;
}

std::vector<std::string> take_violations() {
	std::lock_guard lock(violations_mutex);
	return std::exchange(violations, {});
}

const char *state_name(RqState state) {
	switch (state) {
	case RqState::Free:
		return "free";
	case RqState::Held:
		return "held by the block layer";
	case RqState::Dispatched:
		return "dispatched";
	case RqState::InFlight:
		return "in flight";
	case RqState::Completing:
		return "completing";
	case RqState::Batched:
		return "in a completion batch";
	}
	return "?";
}

} // namespace blkmq::model

using blkmq::model::record_violation;

extern "C" void blkmq_report_misuse(enum blkmq_misuse what, const struct request *) {
	switch (what) {
	case BLKMQ_MISUSE_MOVED_FROM:
		record_violation("misuse: a request handle was used after it was moved from or consumed");
		return;
	case BLKMQ_MISUSE_DROPPED_OWNED:
		record_violation("misuse: an OwnedRequest was dropped without being started or handed back "
				 "(failed with an I/O error)");
		return;
	case BLKMQ_MISUSE_DROPPED_UNIQUE:
		record_violation("misuse: a UniqueRequest was dropped without being ended (failed with an I/O error)");
		return;
	case BLKMQ_MISUSE_DROPPED_DISPATCH:
		record_violation("misuse: a DispatchResult giving a request back was dropped, not returned "
				 "(failed with an I/O error)");
		return;
	case BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY:
		record_violation(
			"misuse: a tag set's last reference was put while a disk still used it (kept for the disk)");
		return;
	case BLKMQ_MISUSE_EMPTY_OPTION:
		// The caller traps next: say it where a death test can read it.
		std::fputs("blkmq model: misuse: an empty Option was dereferenced\n", stderr);
		record_violation("misuse: an empty Option was dereferenced");
		return;
	case BLKMQ_MISUSE_NOT_UNIQUE:
		record_violation("misuse: unique() was taken from a try_unique() that failed (test is_unique() first)");
		return;
	case BLKMQ_MISUSE_BAD_ERRNO:
		record_violation("misuse: Error::from_errno() was given no negative errno (-EINVAL instead)");
		return;
	case BLKMQ_MISUSE_FOREIGN_DISPATCH:
		record_violation("misuse: queue_rq gave back a request other than the one dispatched (that one "
				 "failed with an I/O error)");
		return;
	case BLKMQ_MISUSE_EMPTY_TAG_SET:
		record_violation("misuse: an empty (moved-from) TagSet was used (a disk built on it, its data read or "
				 "its queues changed)");
		return;
	case BLKMQ_MISUSE_USE_AFTER_END:
		// Reported by checked kernel builds; the model's own access check says more.
		record_violation("misuse: a request was read after it was given back to the block layer");
		return;
	case BLKMQ_MISUSE_EMPTY_DISK:
		record_violation("misuse: an empty (moved-from) GenDisk was frozen or quiesced: nothing was done");
		return;
	case BLKMQ_MISUSE_EMPTY_BAD_BLOCKS:
		record_violation("misuse: an empty (moved-from) BadBlocks was used: nothing was marked, and no bad "
				 "block is found in it");
		return;
	case BLKMQ_MISUSE_PAGE_RANGE:
		record_violation("misuse: a page range reached past its page, or a copy was asked between ranges of "
				 "different lengths (nothing copied)");
		return;
	}
	record_violation("misuse: unknown report");
}

extern "C" void blkmq_model_check_held_mark(const struct request *rq, int held) {
	if (!blkmq::model::is_live_request(rq))
		return; // blkmq_model_check_access reported it
	const auto state = blkmq::model::state_of(rq);
	const bool driver_owns = state != blkmq::model::RqState::Free && state != blkmq::model::RqState::Held;
	if ((held != 0) != driver_owns)
		record_violation(std::string("held mark wrong: it says ") + (held ? "held" : "given back") +
				 " while the request is " + blkmq::model::state_name(state));
}

extern "C" unsigned int blkmq_model_request_episode(const struct request *rq) {
	return __atomic_load_n(&rq->model_episode, __ATOMIC_RELAXED);
}

extern "C" bool blkmq_model_check_access(const struct request *rq) {
	if (!rq) {
		record_violation("use after move: a request was read through an empty (moved-from or ended) handle");
		return false;
	}
	if (!blkmq::model::is_live_request(rq)) {
		record_violation("use after free: a request of a destroyed tag set was read");
		return false;
	}
	const auto state = blkmq::model::state_of(rq);
	if (state == blkmq::model::RqState::Free || state == blkmq::model::RqState::Held) {
		record_violation(std::string("use after end: a request was read while ") +
				 blkmq::model::state_name(state) + ", after it went back to the block layer");
		return false;
	}
	return true;
}
