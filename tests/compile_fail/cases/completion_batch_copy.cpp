// SPDX-License-Identifier: GPL-2.0 OR MIT
// A completion batch is valid for its poll call only: it cannot be copied out of it.
// expect: deleted (function|constructor).*CompletionBatch
#include "../sample_ops.hpp"

blkmq::CompletionBatch *kept = nullptr;

void driver_code(blkmq::CompletionBatch &batch) {
#ifndef BLKMQ_CONTROL
	static blkmq::CompletionBatch copy = batch;
	kept = &copy;
#else
	(void)batch;
#endif
}
