#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "credit/credit_service.h"
#include "registry/registry.h"

namespace zq::demo {

struct CreditDemoSummary {
  std::int64_t events = 0;
  std::int64_t graded = 0;  // grade rows written by the full rescore
};

// Credit events for the demo province over the three years before `today`, at yearly rates per
// market entity chosen to look like a province's records (assumptions, not statistics: tax grades
// for most enterprises, ~4 % newly on the abnormal-operations list a year with 40 % later removed,
// 0.05 % on the serious-dishonesty list with a third later repaired, penalties ~2.6 %, upheld
// complaints 2 %, spot checks ~3.4 % with one in nine failing, certifications 4 %), bulk-loaded
// and graded by a full rescore. Deterministic for a seed. Idempotent: does nothing when the
// province already has demo events.
Result<CreditDemoSummary> GenerateCreditEvents(credit::CreditService& credit,
                                               registry::Registry& registry,
                                               std::string_view province_code,
                                               std::chrono::year_month_day today,
                                               std::uint64_t seed);

}  // namespace zq::demo
