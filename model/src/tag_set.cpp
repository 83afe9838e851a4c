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

// exit_request for the first @count requests, pool by pool.
void exit_requests(blk_mq_tag_set &set, std::size_t count) {
	for (unsigned int p = 0; p < set.pools.size(); ++p)
		for (request *rq : set.pools[p]) {
			// Test before decrementing: `count-- > 0` wrapped past zero and then exited
			// every request after the first @count, which were never initialised.
			if (count == 0)
				return;
			--count;
			set.ops->exit_request(&set, rq, p);
		}
}
} // namespace

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
	if (ops->map_queues)
		ops->map_queues(set.get());
	else
		set->maps[0].nr_queues = set->nr_hw_queues;
	if (!maps_cover_queues(*set))
		return -EINVAL;
	set->shared_tags = (config->flags & BLKMQ_TAG_SET_SHARED_TAGS) != 0;
	set->pools.resize(set->shared_tags ? 1 : set->nr_hw_queues);
	set->next_tag.resize(set->pools.size(), 0);

	const std::size_t request_bytes = sizeof(request) + config->cmd_size;
	for (auto &pool : set->pools) {
		for (unsigned int tag = 0; tag < config->queue_depth; ++tag) {
			auto &memory = set->memory.emplace_back(new unsigned char[request_bytes]());
			auto *rq = new (memory.get()) request{};
			auto &model = set->bookkeeping.emplace_back(std::make_unique<ModelRequest>());
			model->set = set.get();
			model->pool = static_cast<unsigned int>(&pool - set->pools.data());
			rq->tag = static_cast<int>(tag);
			rq->model_request = model.get();
			set_state(rq, RqState::Free);
			pool.push_back(rq);
		}
	}

	std::size_t initialised = 0;
	for (unsigned int p = 0; p < set->pools.size(); ++p) {
		for (request *rq : set->pools[p]) {
			const int err =
				take_injected_init_request_failure() ? -ENOMEM : ops->init_request(set.get(), rq, p, 0);
			if (err) {
				exit_requests(*set, initialised);
				return err;
			}
			++initialised;
		}
	}
	register_requests(all_requests(*set));
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
