#pragma once

// Tests only: EXPECT_THAT(status, StatusIs(StatusCode::kInvalidArgument, "uscc")) checks the code
// and the field of a failed Status (abseil's "check for the specific expected error").

#include <gmock/gmock.h>

#include "core/status.h"

namespace zq::credit::testing {

MATCHER_P2(StatusIs, code, field, "") {
  *result_listener << "status " << arg.ToString();
  return arg.code() == code && arg.field() == field;
}

}  // namespace zq::credit::testing
