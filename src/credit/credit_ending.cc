// CreditService: ending events (record.withdrawn, record.repaired) end another event's effect
// without editing it (docs/credit-rules.md, "Ending events").
#include <fmt/format.h>

#include "core/calendar.h"
#include "credit/credit_service.h"
#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"

namespace zq::credit {

using store::Value;

Result<CreditEvent> CreditService::EventInScope(store::Transaction& tx, const auth::Caller& caller,
                                                std::int64_t event_id) const {
  ZQ_ASSIGN_OR_RETURN(CreditEvent e, internal::EventById(tx, event_id));
  const bool may = caller.CanWriteIn(e.region_code) ||
                   (caller.IsDepartmentClient() && caller.HasPermission("credit.events") &&
                    e.source == caller.actor);
  if (!may)
    return Status::NotFound("no such credit event", "event_id");
  return e;
}

Status CreditService::CheckEndable(store::Transaction& tx, const CreditEvent& e) const {
  const std::vector<Value> key = {e.ends_event_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet target,
      tx.Query("SELECT uscc, event_type, occurred_on FROM credit_events WHERE id = ?", key));
  if (target.rows.empty() || target.rows[0].GetText(0) != e.uscc)
    return Status::NotFound("no such credit event of this entity", "ends_event_id");
  if (IsEndingType(target.rows[0].GetText(1))) {
    return Status::FailedPrecondition("an ending event is not ended in turn; record a new event",
                                      "ends_event_id");
  }
  if (target.rows[0].GetText(2) > e.occurred_on) {
    return Status::InvalidArgument(
        "an event is not ended before it occurred (" + target.rows[0].GetText(2) + ")",
        "occurred_on");
  }
  ZQ_ASSIGN_OR_RETURN(store::ResultSet ended,
                      tx.Query("SELECT id FROM credit_events WHERE ends_event_id = ?", key));
  if (!ended.rows.empty()) {
    return Status::FailedPrecondition(
        fmt::format("already ended by credit event {}", ended.rows[0].GetInt(0)), "ends_event_id");
  }
  return Status::Ok();
}

Result<RecordOutcome> CreditService::EndEvent(store::Transaction& tx, const auth::Caller& caller,
                                              std::int64_t event_id, std::string_view ending_type,
                                              std::string source, std::string source_id,
                                              std::string evidence_ref, std::string summary,
                                              std::string occurred_on) {
  if (!IsEndingType(ending_type)) {
    return Status::InvalidArgument("ending_type is record.withdrawn or record.repaired",
                                   "ending_type");
  }
  ZQ_ASSIGN_OR_RETURN(const CreditEvent target, EventInScope(tx, caller, event_id));
  CreditEvent e;
  e.source = std::move(source);
  e.source_id = std::move(source_id);
  e.event_type = std::string(ending_type);
  e.uscc = target.uscc;
  e.occurred_on = occurred_on.empty() ? DayText(TodayNumber(clock_)) : std::move(occurred_on);
  e.evidence_ref = std::move(evidence_ref);
  e.summary = std::move(summary);
  e.ends_event_id = event_id;
  ZQ_RETURN_IF_ERROR(PrepareEventInTx(tx, caller, e));
  // Field names of the target as the caller gave them.
  const auto as_event_id = [](const Status& s) {
    return s.field() == "ends_event_id" ? Status(s.code(), s.message(), "event_id") : s;
  };
  Result<std::vector<RecordOutcome>> stored = StoreEvents(tx, caller, std::span(&e, 1));
  if (!stored.ok())
    return as_event_id(stored.status());
  return std::move(stored->at(0));
}

}  // namespace zq::credit
