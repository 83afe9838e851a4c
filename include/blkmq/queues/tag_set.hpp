// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// TagSet<Ops>: a blk-mq tag set, the shared pool of requests and tags of one or more disks.
//
// Holds the struct blk_mq_tag_set (blk_mq_alloc_tag_set() in create()) and, through it, the
// requests: each request's RequestData is constructed in init_request and destroyed in
// exit_request, which the block layer calls for the tag set's requests and for those an I/O
// scheduler allocates. Each GenDisk made from it holds the struct too: it is freed
// (blk_mq_free_tag_set()) when the TagSet and every such disk are gone, whichever goes last,
// so a driver may tear them down in any order.
//
// Its TagSetData (Ops::TagSetData, none by default) is what every disk and queue of the set
// shares: constructed by create() from its arguments, reached read-only from the operations
// (HwQueue::tag_set_data(), Request::tag_set_data()) and here (data()), and destroyed when
// the block layer's tag set is freed, with the last of the TagSet and its disks. What an
// operation changes in it must synchronise itself (atomics, a lock).
//
// tag_to_rq() is how a driver turns a completion that names a tag back into a request:
// it hands out an ARef only while the driver owns that request and no unique handle
// exists, so a stale or forged tag never yields a request the driver does not own. A tag
// alone cannot tell the I/O that holds it now from an earlier one: tag_to_rq(TagCookie)
// can, and is what a driver should use when a completion may come late or twice.
//
// Move-only, the size of a pointer.
#pragma once

#include <blkmq/base/option.hpp>
#include <blkmq/base/result.hpp>
#include <blkmq/detail/field.hpp>
#include <blkmq/detail/ops_traits.hpp>
#include <blkmq/detail/thunks.hpp>
#include <blkmq/memory/box.hpp>
#include <blkmq/queues/operations.hpp>
#include <blkmq/requests/aref.hpp>
#include <blkmq/requests/request.hpp>
#include <blkmq/requests/tag_cookie.hpp>

#include <type_traits>
#include <utility>

namespace blkmq {

class GenDiskBuilder;

// The hardware queues come in maps (queues/hw_queue.hpp, QueueType), numbered in this
// order: nr_hw_queues default queues, then read_queues, then poll_queues. With read or poll
// queues the count is as given; with the default map alone the block layer caps it at the
// number of CPUs, as it does for any driver.
struct TagSetConfig {
	unsigned int nr_hw_queues = 1;
	// Queues for reads only; none: reads share the default queues.
	unsigned int read_queues = 0;
	// Queues for polled I/O, which Ops::poll ends (so only with an Ops::poll); none: polled
	// I/O is served by the default queues and completes as any other.
	unsigned int poll_queues = 0;
	unsigned int queue_depth = 64;
	int numa_node = -1; // NUMA_NO_NODE
	// 0: the block layer's default (30 s).
	unsigned int timeout_ms = 0;
	// Let the block layer merge adjacent bios into one request (BLK_MQ_F_SHOULD_MERGE before
	// 6.14; from 6.14, when false, the disks get QUEUE_FLAG_NOMERGES).
	bool should_merge = true;
	// queue_rq may sleep (BLK_MQ_F_BLOCKING).
	bool blocking = false;
	// One tag space shared by all hardware queues (BLK_MQ_F_TAG_HCTX_SHARED).
	bool shared_tags = false;
	// No I/O scheduler (BLK_MQ_F_NO_SCHED before 6.14, where none can be chosen; from 6.14
	// BLK_MQ_F_NO_SCHED_BY_DEFAULT: none unless one is chosen through sysfs).
	bool no_sched = false;
};

// The queues of each map, for TagSet::update_nr_hw_queues(): as TagSetConfig's.
struct TagSetQueues {
	unsigned int nr_hw_queues = 1;
	unsigned int read_queues = 0;
	unsigned int poll_queues = 0;
};

template <class Ops>
class TagSet {
	static_assert(check_operations<Ops>());
	static constexpr bool has_data = detail::has_data<TagSetDataOf<Ops>>;

public:
	// The bytes each request carries after struct request (cmd_size): the library's count
	// (and held mark, request timer) and the driver's RequestData.
	static constexpr unsigned long request_pdu_bytes = sizeof(detail::RequestPdu<Ops>);

	using TagSetData = TagSetDataOf<Ops>;

	// Errors: invalid_argument for zero default queues or depth, more queues in all than a
	// TagCookie can name, or poll queues without an Ops::poll; out_of_memory when the
	// TagSetData (made from @args) cannot be allocated; what blk_mq_alloc_tag_set() returns
	// otherwise.
	template <class... Args>
	[[nodiscard]] static Result<TagSet> create(const TagSetConfig &config, Args &&...args) noexcept {
		static_assert(sizeof...(Args) == 0 || has_data, "blkmq: TagSet::create() got arguments for a "
								"TagSetData, but Ops declares none");
		const unsigned long all_queues = 0ul + config.nr_hw_queues + config.read_queues + config.poll_queues;
		if (config.nr_hw_queues == 0 || all_queues > max_cookie_hw_queues || config.queue_depth == 0)
			return Error::invalid_argument();
		if (config.poll_queues && !PollOperation<Ops>)
			return Error::invalid_argument();
		Option<Box<TagSetData>> data;
		if constexpr (has_data) {
			Result<Box<TagSetData>> boxed = Box<TagSetData>::create(std::forward<Args>(args)...);
			if (!boxed)
				return boxed.error();
			data = std::move(boxed).value();
		}
		const blkmq_tag_set_config raw_config = {
			.ops = &detail::ops_table<Ops>,
			.driver_data = data ? data->get() : nullptr,
			.nr_hw_queues = config.nr_hw_queues,
			.nr_read_queues = config.read_queues,
			.nr_poll_queues = config.poll_queues,
			.queue_depth = config.queue_depth,
			.cmd_size = request_pdu_bytes,
			.numa_node = config.numa_node,
			.flags = flags_of(config),
			.timeout_ms = config.timeout_ms,
			.release_driver_data = has_data ? &release_data : nullptr,
		};
		blk_mq_tag_set *set = nullptr;
		if (int err = blkmq_tag_set_create(&raw_config, &set))
			return Error::from_errno(err); // data is freed here
		if (data)
			(void)std::move(data).take().into_raw(); // adopted: release_data() frees it
		return TagSet(set);
	}

	// The same with the TagSetData given as a braced list or designated initialisers
	// (`create(config, {.limit = 8})`), which cannot be deduced as an argument above; moved
	// into place, so for a movable TagSetData only (one holding an Atomic or a lock takes a
	// constructor and its arguments instead).
	[[nodiscard]] static Result<TagSet> create(const TagSetConfig &config,
						   TagSetData &&data) noexcept requires has_data {
		return create<TagSetData>(config, std::move(data));
	}

	TagSet(TagSet &&other) noexcept : set_(std::exchange(other.set_, nullptr)) {}
	TagSet(const TagSet &) = delete;
	TagSet &operator=(const TagSet &) = delete;
	TagSet &operator=(TagSet &&) = delete;
	~TagSet() {
		if (set_)
			blkmq_tag_set_put(set_); // freed now, or by the last disk on it
	}

	// The number of hardware queues the block layer actually set up, of all maps (it caps
	// a lone default map at the number of CPUs). 0 for an empty (moved-from) TagSet.
	unsigned int nr_hw_queues() const noexcept { return set_ ? blkmq_tag_set_nr_hw_queues(set_) : 0; }

	// Changes the number of hardware queues of each map while disks use the tag set
	// (blk_mq_update_nr_hw_queues()). Every disk on it is frozen (new I/O waits, what is in
	// flight drains), every hardware queue of each is exited and initialised again
	// (Ops::exit_hctx and Ops::init_hctx: each queue's HwData is made anew, empty), the maps
	// are laid out anew, and the disks are unfrozen: afterwards I/O runs on the new queues.
	// The maps themselves stay as create() made them: read queues only in a tag set made with
	// read or poll queues, poll queues only in one made with poll queues (and an Ops::poll).
	// A lone default map is capped at the CPUs. Process context, may sleep; never from the
	// tag set's own operations or while holding one of its requests, which the freeze would
	// wait for. Ops::init_hctx must not fail for a queue that was there before (the kernel
	// WARNs and is left without that queue); when it fails for a new one the block layer goes
	// back to the queues there were, and the answer is out_of_memory.
	// Errors: invalid_argument for counts the maps cannot take (no default queue, more queues
	// than a TagCookie can name, a map the tag set lacks) or an empty (moved-from) TagSet,
	// which is also reported (BLKMQ_MISUSE_EMPTY_TAG_SET), and nothing changes; out_of_memory
	// when the block layer could not allocate the new queues and kept the old ones.
	[[nodiscard]] Result<void> update_nr_hw_queues(const TagSetQueues &queues) const noexcept {
		if (!set_) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_TAG_SET, nullptr);
			return Error::invalid_argument();
		}
		const unsigned long all_queues = 0ul + queues.nr_hw_queues + queues.read_queues + queues.poll_queues;
		if (queues.nr_hw_queues == 0 || all_queues > max_cookie_hw_queues)
			return Error::invalid_argument();
		if (queues.poll_queues && !PollOperation<Ops>)
			return Error::invalid_argument();
		if (int err = blkmq_tag_set_update_nr_hw_queues(set_, queues.nr_hw_queues, queues.read_queues,
								queues.poll_queues))
			return Error::from_errno(err);
		return {};
	}

	// The TagSetData, which the disks' operations share. An empty (moved-from) TagSet has
	// none: asking it is reported (BLKMQ_MISUSE_EMPTY_TAG_SET) and stops the thread there,
	// as reaching into an empty Option does.
	const TagSetData &data() const noexcept requires has_data {
		if (!set_) [[unlikely]] {
			blkmq_report_misuse(BLKMQ_MISUSE_EMPTY_TAG_SET, nullptr);
			__builtin_trap();
		}
		return *detail::load_field<const TagSetData *>(set_, BLKMQ_TAG_SET_DRIVER_DATA_OFFSET);
	}

	// A shared handle to the request that holds @tag on hardware queue @qid, if the driver
	// owns it. Empty for an out-of-range @qid or @tag, an idle request, a request under a
	// unique handle, or one already ended.
	Option<ARef<Request<Ops>>> tag_to_rq(unsigned int qid, unsigned int tag) const noexcept {
		return lookup(qid, tag);
	}

	// The same, for the request @cookie names: empty also once that request has been
	// ended or shared anew since the cookie was taken, so that a late or duplicated
	// completion does not reach the I/O that now holds the tag (requests/tag_cookie.hpp says how
	// far that holds). A cookie of the request's earlier episode leaves its count untouched.
	Option<ARef<Request<Ops>>> tag_to_rq(TagCookie cookie) const noexcept {
		return lookup(cookie.hw_queue, cookie.tag, cookie.generation);
	}

private:
	friend class GenDiskBuilder;

	explicit TagSet(blk_mq_tag_set *set) noexcept : set_(set) {}

	// The C side's release_driver_data: the block layer's tag set is gone, and with it
	// every disk and request that could reach the data.
	static void release_data(void *data) noexcept {
		(void)Box<TagSetData>::from_raw(static_cast<TagSetData *>(data));
	}

	template <class... Generation>
	Option<ARef<Request<Ops>>> lookup(unsigned int qid, unsigned int tag, Generation... generation) const noexcept {
		if (!set_) [[unlikely]]
			return {};
		request *rq = blkmq_tag_to_rq(set_, qid, tag);
		if (!rq)
			return {};
		Option<ARef<Request<Ops>>> shared = Request<Ops>::acquire_if_shared(rq, generation...);
		// The tag table may still point at a request since reused under another tag.
		if (shared && ((*shared)->tag() != tag || (*shared)->hw_queue() != qid))
			return {};
		return shared;
	}

	static unsigned int flags_of(const TagSetConfig &config) noexcept {
		unsigned int flags = 0;
		if (config.should_merge)
			flags |= BLKMQ_TAG_SET_SHOULD_MERGE;
		if (config.blocking)
			flags |= BLKMQ_TAG_SET_BLOCKING;
		if (config.shared_tags)
			flags |= BLKMQ_TAG_SET_SHARED_TAGS;
		if (config.no_sched)
			flags |= BLKMQ_TAG_SET_NO_SCHED;
		if (detail::declares_work<Ops>)
			flags |= BLKMQ_TAG_SET_WORK;
		return flags;
	}

	blk_mq_tag_set *set_;
};

} // namespace blkmq
