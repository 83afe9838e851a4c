// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Tag sets: allocation of every request and its PDU up front (init_request for each, as
// blk_mq_alloc_tag_set does), and their destruction (exit_request for each).
#include "internal.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <new>
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
	set->nr_hw_queues = std::min(config->nr_hw_queues, nr_cpus());
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

extern "C" void blkmq_tag_set_destroy(struct blk_mq_tag_set *set) {
	{
		std::lock_guard lock(set->mutex);
		// As in the kernel shim: freeing under a live disk would be a use-after-free,
		// so the set is reported and leaked.
		if (!set->disks.empty())
			return blkmq_report_misuse(BLKMQ_MISUSE_DISK_LIVE_AT_TAG_SET_DESTROY, nullptr);
		for (request *rq : all_requests(*set))
			if (state_of(rq) != RqState::Free)
				record_violation("blk_mq_free_tag_set: a request is still " +
						 std::string(state_name(state_of(rq))));
	}
	unregister_requests(all_requests(*set));
	exit_requests(*set, set->pools.size() * set->config.queue_depth);
	--tag_sets;
	delete set;
}

extern "C" unsigned int blkmq_tag_set_nr_hw_queues(const struct blk_mq_tag_set *set) { return set->nr_hw_queues; }
