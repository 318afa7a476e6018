#pragma once

// Tests only: EXPECT_THAT(result.status(), StatusIs(StatusCode::kInvalidArgument, "uscc")) checks
// the code and the field of a failed Status (abseil's "check for the specific expected error");
// StatusIs(code) checks the code alone.

#include <gmock/gmock.h>

#include "core/status.h"

namespace zq::status_matchers {

MATCHER_P(StatusIs, code, "") {
  *result_listener << "status " << arg.ToString();
  return arg.code() == code;
}

MATCHER_P2(StatusIs, code, field, "") {
  *result_listener << "status " << arg.ToString() << " (field \"" << arg.field() << "\")";
  return arg.code() == code && arg.field() == field;
}

}  // namespace zq::status_matchers
