#pragma once

// Tests only: a rule set shipped with the server, by its version.

#include <string_view>

#include <gtest/gtest.h>

#include "credit/rule_set.h"

namespace zq::credit::testing {

// The shipped rule set `version` (a test failure, and the first one, when none is).
inline const RuleSet& ShippedRuleSet(std::string_view version) {
  for (const RuleSet& r : RuleSet::Builtin()) {
    if (r.version() == version)
      return r;
  }
  ADD_FAILURE() << "no shipped rule set " << version;
  return RuleSet::Builtin().front();
}

}  // namespace zq::credit::testing
