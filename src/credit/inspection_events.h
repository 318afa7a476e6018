#pragma once

#include <string_view>

#include "credit/credit_service.h"
#include "store/domain_events.h"

namespace zq::credit {

// The consumer's name, which is also its cursor's.
inline constexpr std::string_view kInspectionConsumer = "credit.inspection";

// Credit's consumer of the spot-check module's domain events (kinds "inspection.batch_failed",
// "inspection.batch_passed", "inspection.escalated"; contract in src/inspection/README.md), run
// by the event dispatcher (src/events/). Each becomes a credit event: spot_check.failed / .passed /
// .escalated, source "inspection", the publisher's source_id, severity from the payload (key item
// failed 3, general item 2, +1 for a repeat within 24 months; escalation level 1 → 4, levels 2-3
// → 5), the firm regraded. Everything happens in the dispatcher's transaction, so the event, its
// credit event and the cursor commit together. Idempotent by (source, source_id). An event credit
// cannot use (firm not registered, bad date) is recorded in the audit log as
// "credit.event.skipped" and counts as handled; other kinds are ignored; a database failure fails
// the handler, and the dispatcher retries it. `service` must outlive the consumer.
store::DomainEventConsumer InspectionEventConsumer(CreditService& service);

// Stores `e`, the credit event made of the domain event `d`, as the consumer `consumer`, in the
// dispatcher's transaction; an event credit cannot use is recorded as "credit.event.skipped" in
// the audit log and counts as handled (shared by the consumers of other modules' events).
Status RecordDomainEvent(CreditService& service, store::Transaction& tx, std::string_view consumer,
                         const store::DomainEvent& d, CreditEvent e);

}  // namespace zq::credit
