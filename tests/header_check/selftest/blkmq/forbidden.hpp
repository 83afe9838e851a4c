// SPDX-License-Identifier: GPL-2.0 OR MIT
//
// Test input for check_includes.cmake, never compiled: one include of each kind the check
// must reject, among ones it must accept.
#pragma once

#include "local.hpp"
#include <atomic>
#include <blkmq/forbidden.hpp>
#include <blkmq/missing.hpp>
#include <blkmq_layout.h>
#include <cstdint>
#include BLKMQ_HEADER
