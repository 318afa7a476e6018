// CreditService's batch jobs: the full rescore and the bulk load of events.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "credit/credit_service.h"
#include "credit/event_catalogue.h"
#include "credit/rescore.h"

namespace zq::credit {

Result<RescoreStats> CreditService::RescoreAll(const auth::Caller& caller) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("only a platform administrator runs the full rescore");
  const std::int32_t today = TodayNumber(clock_);
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(today));
  ZQ_RETURN_IF_ERROR(
      store::InTransaction(db_, [&](store::Transaction& tx) { return StoreRuleSet(tx, *rules); }));
  ZQ_ASSIGN_OR_RETURN(const RescoreStats stats,
                      RescoreAllEntities(db_, *rules, today, auth::FormatTimestamp(clock_.Now())));
  const nlohmann::json detail = {{"entities", stats.entities},
                                 {"events", stats.events},
                                 {"changed", stats.changed},
                                 {"rule_version", stats.rule_version},
                                 {"as_of", stats.as_of}};
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) {
    return audit_.Append(tx, caller, "credit.rescore.all", "credit", detail.dump());
  }));
  return stats;
}

Result<std::int64_t> CreditService::BulkLoadEvents(const auth::Caller& caller,
                                                   std::vector<CreditEvent> events) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("only a platform administrator bulk-loads credit events");
  const std::int32_t today = TodayNumber(clock_);
  const std::string now = auth::FormatTimestamp(clock_.Now());
  std::vector<std::vector<store::Value>> rows;
  rows.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    CreditEvent& e = events[i];
    const auto at = [&](const Status& why) {
      return Status(why.code(), fmt::format("event {}: {}", i, why.message()), why.field());
    };
    Result<std::int32_t> occurred = DayNumber(e.occurred_on, "occurred_on");
    if (!occurred.ok())
      return at(occurred.status());
    if (*occurred > today)
      return at(Status::InvalidArgument("occurred_on lies in the future", "occurred_on"));
    Result<EventType> type = EventCatalogue::Builtin().Find(e.event_type, e.occurred_on);
    if (!type.ok())
      return at(type.status());
    if (e.source.empty() || e.source_id.empty() || e.uscc.size() != 18 ||
        e.region_code.size() != 6 || e.evidence_ref.empty()) {
      return at(Status::InvalidArgument(
          "source, source_id, uscc, region_code and evidence_ref are required", "event"));
    }
    e.display_until = type->display_months == 0
                          ? std::string()
                          : DayText(AddMonths(*occurred, type->display_months));
    if (e.severity < 0)
      e.severity = type->default_severity;
    rows.push_back({e.source, e.source_id, e.event_type, e.uscc, e.region_code, e.occurred_on,
                    e.display_until, std::int64_t{e.severity}, e.evidence_ref, e.summary,
                    caller.actor, now, e.ends_event_id});
  }
  static const std::vector<std::string> kColumns = {
      "source",      "source_id",     "event_type",   "uscc",         "region_code",
      "occurred_on", "display_until", "severity",     "evidence_ref", "summary",
      "recorded_by", "recorded_at",   "ends_event_id"};
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(tx.BulkInsert("credit_events", kColumns, rows));
    const nlohmann::json detail = {{"events", rows.size()}};
    return audit_.Append(tx, caller, "credit.event.bulk_load", "credit", detail.dump());
  }));
  return static_cast<std::int64_t>(rows.size());
}

}  // namespace zq::credit
