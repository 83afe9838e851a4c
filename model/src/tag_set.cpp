// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Tag sets: allocation of every request and its PDU up front (init_request for each, as
// blk_mq_alloc_tag_set does), and their destruction (exit_request for each).
#include "internal.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <new>
#include <string>
#include <thread>

namespace blkmq::model {
namespace {
std::atomic<std::size_t> tag_sets{0};

// blk-mq's limit on queue depth (BLK_MQ_MAX_DEPTH).
constexpr unsigned int max_depth = 10240;

// The model's CPU count: the block layer caps hardware queues at nr_cpu_ids.
unsigned int nr_cpus() { return std::max(1u, std::thread::hardware_concurrency()); }

std::vector<request *> all_requests(const blk_mq_tag_set &set) {
	std::vector<request *> requests;
	for (const auto &pool : set.pools)
		requests.insert(requests.end(), pool.begin(), pool.end());
	return requests;
}

// What the block layer needs of map_queues: a default map with queues, and every map within
// the tag set's queues.
bool maps_cover_queues(const blk_mq_tag_set &set) {
	if (set.maps[0].nr_queues == 0) {
		record_violation("map_queues: the default map has no queues");
		return false;
	}
	for (unsigned int i = 0; i < set.nr_maps; ++i) {
		if (set.maps[i].queue_offset + set.maps[i].nr_queues > set.nr_hw_queues) {
			record_violation("map_queues: map " + std::to_string(i) + " goes past the tag set's queues");
			return false;
		}
	}
	return true;
}

// exit_request for the first @count requests of the pools from @first on, pool by pool.
void exit_requests(blk_mq_tag_set &set, std::size_t count, std::size_t first = 0) {
	for (std::size_t p = first; p < set.pools.size(); ++p)
		for (request *rq : set.pools[p]) {
			// Test before decrementing: `count-- > 0` wrapped past zero and then exited
			// every request after the first @count, which were never initialised.
			if (count == 0)
				return;
			--count;
			set.ops->exit_request(&set, rq, static_cast<unsigned int>(p));
		}
}

// Pools until there are @count, each of queue_depth requests, init_request'd (as
// blk_mq_alloc_map_and_rqs() for each new queue); 0 or init_request's error, and then the
// pools added are gone again.
int add_pools(blk_mq_tag_set &set, std::size_t count) {
	const std::size_t first = set.pools.size();
	const std::size_t request_bytes = sizeof(request) + set.config.cmd_size;
	for (std::size_t p = first; p < count; ++p) {
		auto &pool = set.pools.emplace_back();
		auto &memory = set.memory.emplace_back();
		auto &bookkeeping = set.bookkeeping.emplace_back();
		set.next_tag.push_back(0);
		for (unsigned int tag = 0; tag < set.config.queue_depth; ++tag) {
			auto *rq = new (memory.emplace_back(new unsigned char[request_bytes]()).get()) request{};
			auto &model = bookkeeping.emplace_back(std::make_unique<ModelRequest>());
			model->set = &set;
			model->pool = static_cast<unsigned int>(p);
			rq->tag = static_cast<int>(tag);
			rq->model_request = model.get();
			set_state(rq, RqState::Free);
			pool.push_back(rq);
		}
	}
	std::size_t initialised = 0;
	for (std::size_t p = first; p < count; ++p) {
		for (request *rq : set.pools[p]) {
			const int err = take_injected_init_request_failure()
						? -ENOMEM
						: set.ops->init_request(&set, rq, static_cast<unsigned int>(p), 0);
			if (err) {
				exit_requests(set, initialised, first);
				set.pools.resize(first);
				set.memory.resize(first);
				set.bookkeeping.resize(first);
				set.next_tag.resize(first);
				return err;
			}
			++initialised;
		}
	}
	for (std::size_t p = first; p < count; ++p)
		register_requests(set.pools[p]);
	return 0;
}

// The pools past the first @count: exit_request for each of their requests, then freed.
void remove_pools(blk_mq_tag_set &set, std::size_t count) {
	for (std::size_t p = count; p < set.pools.size(); ++p)
		unregister_requests(set.pools[p]);
	exit_requests(set, (set.pools.size() - count) * set.config.queue_depth, count);
	set.pools.resize(count);
	set.memory.resize(count);
	set.bookkeeping.resize(count);
	set.next_tag.resize(count);
}

// blk_mq_update_queue_map(): the driver's map_queues, or one default map of every queue.
bool map_queues(blk_mq_tag_set &set) {
	set.maps[0] = {};
	set.maps[1] = {};
	set.maps[2] = {};
	if (set.ops->map_queues)
		set.ops->map_queues(&set);
	else
		set.maps[0].nr_queues = set.nr_hw_queues;
	return maps_cover_queues(set);
}

void unfreeze_disks(blk_mq_tag_set &set) {
	for (gendisk *disk : set.disks) {
		--disk->freeze_depth;
		disk->rebuilding_queues = false;
	}
	set.unfrozen.notify_all();
}

// As blk_mq_freeze_queue() on each disk of @set: new I/O waits to enter, and what has entered
// (a request with a tag, or held by a timeout handler) drains; then the polls running return,
// and no other starts until the queues are rebuilt. Under @lock, the set's mutex. False, and
// the disks unfrozen, if it never drained: the kernel would wait forever.
bool freeze_disks(blk_mq_tag_set &set, std::unique_lock<std::mutex> &lock) {
	for (gendisk *disk : set.disks)
		++disk->freeze_depth;
	auto drained = [&] {
		for (const auto &pool : set.pools)
			for (const request *rq : pool)
				if (state_of(rq) != RqState::Free || ModelRequest::of(rq).timeout_refs != 0)
					return false;
		return true;
	};
	if (!set.request_ended.wait_for(lock, std::chrono::seconds(10), drained)) {
		record_violation("blk_mq_update_nr_hw_queues: the freeze waited 10 s for requests that never ended");
		unfreeze_disks(set);
		return false;
	}
	for (gendisk *disk : set.disks)
		disk->rebuilding_queues = true;
	set.request_ended.wait(lock, [&] {
		return std::all_of(set.disks.begin(), set.disks.end(),
				   [](const gendisk *disk) { return disk->pollers == 0; });
	});
	return true;
}
} // namespace

void check_no_driver_freeze(const blk_mq_tag_set &set, const char *what) {
	if (std::any_of(set.disks.begin(), set.disks.end(), [](const gendisk *disk) { return disk->driver_freezes; }))
		record_violation(std::string(what) +
				 ": a disk of the tag set is frozen by the driver (the kernel takes the tag set's "
				 "locks, then freezes: lockdep's circular dependency)");
}

std::size_t live_tag_sets() { return tag_sets.load(); }

} // namespace blkmq::model

using namespace blkmq::model;

extern "C" int blkmq_tag_set_create(const struct blkmq_tag_set_config *config, struct blk_mq_tag_set **out) {
	const auto *ops = static_cast<const blk_mq_ops *>(config->ops);
	if (!ops || !ops->queue_rq || !ops->init_request || !ops->exit_request) {
		record_violation("blkmq_tag_set_create: the ops table lacks queue_rq, init_request or exit_request");
		return -EINVAL;
	}
	if (config->nr_hw_queues == 0 || config->queue_depth == 0 || config->queue_depth > max_depth)
		return -EINVAL;

	auto set = std::make_unique<blk_mq_tag_set>();
	set->config = *config;
	set->ops = ops;
	set->driver_data = config->driver_data;
	// As blk_mq_alloc_tag_set(): only a lone default map is capped at the CPUs.
	set->nr_maps = config->nr_poll_queues ? 3 : config->nr_read_queues ? 2 : 1;
	set->nr_hw_queues = set->nr_maps == 1 ? std::min(config->nr_hw_queues, nr_cpus())
					      : config->nr_hw_queues + config->nr_read_queues + config->nr_poll_queues;
	if (set->nr_maps > 1 && !ops->map_queues) {
		// blk_mq_update_queue_map() would BUG().
		record_violation("blkmq_tag_set_create: several queue maps and no map_queues");
		return -EINVAL;
	}
	if (!map_queues(*set))
		return -EINVAL;
	set->shared_tags = (config->flags & BLKMQ_TAG_SET_SHARED_TAGS) != 0;
	if (const int err = add_pools(*set, set->shared_tags ? 1 : set->nr_hw_queues))
		return err;
	++tag_sets;
	*out = set.release();
	return 0;
}

extern "C" void blkmq_tag_set_put(struct blk_mq_tag_set *set) {
	{
		std::lock_guard lock(set->mutex);
		if (set->refs > 1) {
			--set->refs;
			return;
		}
		// As in the kernel shim: the last put while a disk uses the set is one too many;
		// freeing would be a use-after-free, so it is reported and the reference kept.
		if (!set->disks.empty())
			return blkmq_report_misuse(BLKMQ_MISUSE_TAG_SET_PUT_TOO_MANY, nullptr);
		for (request *rq : all_requests(*set))
			if (state_of(rq) != RqState::Free)
				record_violation("blk_mq_free_tag_set: a request is still " +
						 std::string(state_name(state_of(rq))));
	}
	unregister_requests(all_requests(*set));
	exit_requests(*set, set->pools.size() * set->config.queue_depth);
	--tag_sets;
	if (set->config.release_driver_data)
		set->config.release_driver_data(set->driver_data);
	delete set;
}

extern "C" int blkmq_tag_set_update_nr_hw_queues(struct blk_mq_tag_set *set, unsigned int nr_hw_queues,
						 unsigned int nr_read_queues, unsigned int nr_poll_queues) {
	check_may_sleep("blk_mq_update_nr_hw_queues");
	if (nr_hw_queues == 0 || (nr_read_queues && set->nr_maps < 2) || (nr_poll_queues && set->nr_maps < 3))
		return -EINVAL;
	const std::lock_guard update(set->update_mutex);
	unsigned int expected = nr_hw_queues + nr_read_queues + nr_poll_queues;
	if (set->nr_maps == 1)
		expected = std::min(expected, nr_cpus());
	// The block layer's own early return, and its failure to allocate the new tags, which
	// leaves everything as it was (the C side then answers -ENOMEM).
	if (set->nr_maps == 1 && expected == set->nr_hw_queues)
		return 0;
	if (take_injected_alloc_failure())
		return -ENOMEM;
	const unsigned int prev_counts[3] = {set->config.nr_hw_queues, set->config.nr_read_queues,
					     set->config.nr_poll_queues};
	const unsigned int prev_nr_hw_queues = set->nr_hw_queues;
	std::unique_lock lock(set->mutex);
	check_no_driver_freeze(*set, "blk_mq_update_nr_hw_queues");
	if (!freeze_disks(*set, lock))
		return -ENOMEM; // nothing changed
	lock.unlock();
	// Every context of every disk exited, the tags of the queues that go freed, those of the
	// new queues made, the maps laid out anew and every context made and initialised again.
	for (gendisk *disk : set->disks)
		exit_hctxs(*disk, disk->hctxs.size());
	set->config.nr_hw_queues = nr_hw_queues;
	set->config.nr_read_queues = nr_read_queues;
	set->config.nr_poll_queues = nr_poll_queues;
	// The kernel makes the new queues' requests later, in blk_mq_map_swqueue(), and when that
	// fails it maps their CPUs to queue 0 and reports success; the model fails the update
	// instead (-ENOMEM, the old queues kept), which is what the driver sees of the other
	// failures.
	int err = 0;
	if (!set->shared_tags) {
		if (expected < set->pools.size())
			remove_pools(*set, expected);
		else
			err = add_pools(*set, expected);
	}
	set->nr_hw_queues = err ? prev_nr_hw_queues : expected;
	for (;;) {
		if (err) { // what the C side's map_queues falls back on
			set->config.nr_hw_queues = prev_counts[0];
			set->config.nr_read_queues = prev_counts[1];
			set->config.nr_poll_queues = prev_counts[2];
		}
		map_queues(*set);
		bool all_made = true;
		for (gendisk *disk : set->disks) {
			const unsigned int made = init_hctxs(*disk);
			if (made == set->nr_hw_queues) {
				map_hctxs(*disk);
				continue;
			}
			if (made < prev_nr_hw_queues)
				record_violation(
					"blk_mq_update_nr_hw_queues: init_hctx failed for a queue that was there "
					"before (the kernel WARNs)");
			exit_hctxs(*disk, made);
			all_made = false;
		}
		if (all_made || set->nr_hw_queues == prev_nr_hw_queues)
			break;
		// As the block layer: increasing failed, so back to the queues there were.
		for (gendisk *disk : set->disks)
			if (!disk->hctxs.empty())
				exit_hctxs(*disk, disk->hctxs.size());
		if (!set->shared_tags)
			remove_pools(*set, prev_nr_hw_queues);
		set->nr_hw_queues = prev_nr_hw_queues;
		err = -ENOMEM;
	}
	lock.lock();
	unfreeze_disks(*set);
	return err;
}

// As the kernel shim's: consecutive maps, each of its own count (a lone map of the capped one).
extern "C" void blkmq_map_queues(struct blk_mq_tag_set *set) {
	const unsigned int counts[3] = {set->config.nr_hw_queues, set->config.nr_read_queues,
					set->config.nr_poll_queues};
	unsigned int offset = 0;
	for (unsigned int i = 0; i < set->nr_maps; ++i) {
		set->maps[i].nr_queues = set->nr_maps == 1 ? set->nr_hw_queues : counts[i];
		set->maps[i].queue_offset = offset;
		offset += set->maps[i].nr_queues;
	}
}

extern "C" unsigned int blkmq_tag_set_nr_hw_queues(const struct blk_mq_tag_set *set) { return set->nr_hw_queues; }
