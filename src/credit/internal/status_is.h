#pragma once

// Tests only: the shared status matchers (core/testing/status_is.h) under the credit tests' name.

#include "core/testing/status_is.h"

namespace zq::credit::testing {

using ::zq::status_matchers::StatusIs;

}  // namespace zq::credit::testing
