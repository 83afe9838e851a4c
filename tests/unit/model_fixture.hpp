// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// What every unit test shares: a fixture that fails the test on any rule the model saw
// broken and on anything left alive, and helpers to state the violations a misuse test
// expects.
#pragma once

#include <blkmq_model/model.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace blkmq::testing {

class ModelTest : public ::testing::Test {
protected:
	void SetUp() override { model::take_violations(); }

	void TearDown() override {
		EXPECT_EQ(model::take_violations(), std::vector<std::string>{});
		EXPECT_EQ(model::live_disks(), 0u);
		EXPECT_EQ(model::live_tag_sets(), 0u);
		EXPECT_EQ(model::live_allocations(), 0u);
	}

	// Asserts that exactly one violation was recorded since the last call, and that it
	// contains @fragment.
	static void expect_one_violation(const std::string &fragment) {
		const std::vector<std::string> seen = model::take_violations();
		ASSERT_EQ(seen.size(), 1u) << ::testing::PrintToString(seen);
		EXPECT_NE(seen[0].find(fragment), std::string::npos) << seen[0];
	}
};

} // namespace blkmq::testing
