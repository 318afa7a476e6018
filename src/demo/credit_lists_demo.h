#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "credit/penalty_publication.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::demo {

struct CreditListsDemoSummary {
  std::int64_t serious_listed = 0;   // through the workflow (approval or a province decision)
  std::int64_t serious_pending = 0;  // proposals awaiting the level above
  std::int64_t serious_rejected = 0;
  std::int64_t abnormal_listed = 0;  // still listed
  std::int64_t abnormal_removed = 0;
  std::int64_t escalated = 0;     // moved to the serious list by the sweep
  std::int64_t publications = 0;  // penalty decisions registered
  std::int64_t published = 0;
  std::int64_t retracted = 0;
};

// The credit lists of the demo province through their services, as regulators would use them
// (audited, each firm regraded): serious listings of firms with a heavier penalty proposed by
// county bureaus and approved by their city (one rejected, one left for approval) or decided by
// the province; abnormal listings over the past three years, some removed, one due for
// escalation and one escalated by the sweep; penalty decisions of the last weeks registered and
// mostly published within 20 working days, one revoked and retracted, one awaiting retraction.
// Dates in the past are made with clocks standing at those days. Run once after the credit
// events; does nothing when the province already has list records (`lists` counts them).
Result<CreditListsDemoSummary> GenerateCreditLists(
    store::Database& db, registry::Registry& registry, credit::CreditService& credit,
    credit::CreditLists& lists, std::string_view province_code, std::chrono::year_month_day today);

}  // namespace zq::demo
