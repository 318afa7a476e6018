#pragma once

#include <cstddef>
#include <cstdint>

#include "core/result.h"
#include "credit/credit_service.h"

namespace zq::credit {

struct ConsumeStats {
  std::int64_t read = 0;      // domain events handled
  std::int64_t recorded = 0;  // new credit events
  std::int64_t repeated = 0;  // already recorded (idempotent)
  std::int64_t skipped = 0;   // not usable (entity not registered, bad date): logged in the audit
  std::int64_t cursor = 0;    // the consumer cursor after the run
};

// Turns the spot-check module's domain events (kinds "inspection.batch_failed",
// "inspection.batch_passed", "inspection.escalated"; contract in src/inspection/README.md) into
// credit events: spot_check.failed / .passed / .escalated, source "inspection", the publisher's
// source_id, severity from the payload (key item failed 3, general item 2, +1 for a repeat within
// 24 months; escalation level 1 → 4, levels 2-3 → 5). Reads at most `limit` events after the
// cursor "credit.inspection", stores them and advances the cursor in one transaction, so a crash
// neither loses nor repeats one. Call it until `read` is 0.
Result<ConsumeStats> ConsumeInspectionEvents(CreditService& service, store::Database& db,
                                             std::size_t limit = 1000);

}  // namespace zq::credit
