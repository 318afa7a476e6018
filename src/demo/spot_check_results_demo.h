#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "auth/audit_log.h"
#include "auth/crypto.h"
#include "core/result.h"
#include "registry/registry.h"
#include "store/database.h"

namespace zq::demo {

struct ResultsDemoSummary {
  std::int64_t plans = 0;
  std::int64_t batches = 0;
  std::int64_t failed = 0;  // final verdicts 不合格
  std::int64_t appeals = 0;
  std::int64_t follow_ups = 0;
  std::int64_t published = 0;
};

// A year of spot checks before `today`: four quarterly rounds of three provincial plans (wires
// and cables with switches and sockets, toys and prams, household appliances and lamps), each
// drawn, sampled and tested, with failure rates that differ by category (toys and cables worse,
// appliances better; ≈10 % overall as in national campaigns) and by city, some objections and
// re-tests, follow-ups in every state (closed, extended, escalated, overdue), most results
// published and a few overdue. Every step goes through inspection::ResultService on a demo clock
// set to the step's date, so deadlines, events and the audit trail are the real ones; steps
// after `today` are left undone. Deterministic for a seed except the draws' CSPRNG seeds.
// Idempotent by plan code.
Result<ResultsDemoSummary> GenerateSpotCheckResults(
    store::Database& db, registry::Registry& registry, const auth::AuditLog& audit,
    const auth::PersonalDataCipher& cipher, std::string_view province_code,
    std::chrono::year_month_day today, std::uint64_t seed);

}  // namespace zq::demo
