// RepairService: objections to credit records (异议) — filing, the one extension, the decision
// (upheld: the record is withdrawn and the entity regraded in the same transaction), reads.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"
#include "credit/internal/repair_sql.h"
#include "credit/repair_service.h"

namespace zq::credit {

using store::Value;

Result<CreditEvent> RepairService::TargetEvent(store::Transaction& tx, const auth::Caller& caller,
                                               std::int64_t event_id) const {
  // The event itself, then the caller's own scope rule (an enterprise acts for its firm's events).
  ZQ_ASSIGN_OR_RETURN(CreditEvent e, internal::EventById(tx, event_id));
  if (!internal::MayActFor(caller, e.uscc, e.region_code))
    return Status::NotFound("no such credit event", "event_id");
  return e;
}

Result<Objection> RepairService::LoadObjection(store::Transaction& tx, const auth::Caller& caller,
                                               std::int64_t id) const {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("SELECT {} FROM credit_objections o JOIN credit_events "
                                           "e ON e.id = o.event_id WHERE o.id = ?",
                                           internal::ObjectionColumns().List()),
                               key));
  if (rs.rows.empty() ||
      !internal::MayReadCase(caller, rs.rows[0].GetText(1), rs.rows[0].GetText(2))) {
    return Status::NotFound("no such objection", "id");
  }
  return internal::ObjectionFromRow(rs.rows[0], DayText(TodayNumber(clock_)));
}

Result<Objection> RepairService::FileObjection(const auth::Caller& caller, NewObjection in) {
  if (in.event_id <= 0)
    return Status::InvalidArgument("event_id: the id of a stored credit event", "event_id");
  if (in.grounds.empty() || in.grounds.size() > 2000)
    return Status::InvalidArgument("grounds are required (at most 2000 bytes)", "grounds");
  if (in.evidence_ref.empty() || in.evidence_ref.size() > 400)
    return Status::InvalidArgument("evidence_ref is required (at most 400 bytes)", "evidence_ref");
  std::int64_t id = 0;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const CreditEvent e, TargetEvent(tx, caller, in.event_id));
    if (IsEndingType(e.event_type))
      return Status::FailedPrecondition("an ending event cannot be contested", "event_id");
    ZQ_ASSIGN_OR_RETURN(const std::int64_t ended, internal::EndedBy(tx, e.id));
    if (ended != 0) {
      return Status::FailedPrecondition(
          fmt::format("the record is already ended by credit event {}", ended), "event_id");
    }
    const std::vector<Value> key = {e.id};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet pending,
        tx.Query("SELECT id FROM credit_objections WHERE event_id = ? AND status = 'pending'",
                 key));
    if (!pending.rows.empty()) {
      return Status::AlreadyExists(
          fmt::format("objection {} against this record is pending", pending.rows[0].GetInt(0)),
          "event_id");
    }
    const std::int32_t today = TodayNumber(clock_);
    ZQ_ASSIGN_OR_RETURN(
        const std::int32_t due,
        AddWorkingDays(today, rules_.ObjectionFor(e.region_code).working_days, "due_on"));
    const std::vector<Value> row = {e.uscc,         e.region_code,   e.id,
                                    in.grounds,     in.evidence_ref, caller.actor,
                                    DayText(today), DayText(due),    std::string("pending")};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet inserted,
        tx.Query("INSERT INTO credit_objections (uscc, region_code, event_id, grounds, "
                 "evidence_ref, filed_by, filed_on, due_on, status) VALUES (?, ?, ?, ?, ?, ?, ?, "
                 "?, ?) RETURNING id",
                 row));
    id = inserted.rows.at(0).GetInt(0);
    const nlohmann::json detail = {{"uscc", e.uscc}, {"event_id", e.id}, {"due_on", DayText(due)}};
    return audit_.Append(tx, caller, "credit.objection.file",
                         fmt::format("credit_objection:{}", id), detail.dump());
  }));
  return GetObjection(caller, id);
}

Result<Objection> RepairService::LoadPendingObjection(store::Transaction& tx,
                                                      const auth::Caller& caller, std::int64_t id,
                                                      std::string_view verb) const {
  ZQ_ASSIGN_OR_RETURN(Objection o, LoadObjection(tx, caller, id));
  if (!internal::MayDecide(caller, o.region_code))
    return Status::PermissionDenied(fmt::format("only a regulator in scope {} an objection", verb));
  if (o.status != "pending")
    return Status::FailedPrecondition("the objection is already decided", "status");
  return o;
}

Result<Objection> RepairService::ExtendObjection(const auth::Caller& caller, std::int64_t id,
                                                 std::string_view reason) {
  if (reason.empty() || reason.size() > 2000)
    return Status::InvalidArgument("a reason is required (at most 2000 bytes)", "reason");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const Objection o, LoadPendingObjection(tx, caller, id, "extends"));
    if (o.extended)
      return Status::FailedPrecondition("an objection is extended once only", "extended");
    if (o.overdue)
      return Status::FailedPrecondition("the deadline has passed: decide it now", "due_on");
    ZQ_ASSIGN_OR_RETURN(const std::int32_t filed, DayNumber(o.filed_on, "filed_on"));
    ZQ_ASSIGN_OR_RETURN(
        const std::int32_t due,
        AddWorkingDays(filed, rules_.ObjectionFor(o.region_code).extended_working_days, "due_on"));
    const std::vector<Value> row = {DayText(due), std::string(reason), id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_objections SET due_on = ?, extended = 1, "
                                  "extension_reason = ? WHERE id = ?",
                                  row)
                           .status());
    const nlohmann::json detail = {{"due_on", DayText(due)}};
    return audit_.Append(tx, caller, "credit.objection.extend",
                         fmt::format("credit_objection:{}", id), detail.dump());
  }));
  return GetObjection(caller, id);
}

Result<Objection> RepairService::DecideObjection(const auth::Caller& caller, std::int64_t id,
                                                 ObjectionDecision decision,
                                                 std::string_view reason) {
  if (reason.size() > 2000)
    return Status::InvalidArgument("reason: at most 2000 bytes", "reason");
  if (decision == ObjectionDecision::kRejected && reason.empty())
    return Status::InvalidArgument("a rejection states its reason", "reason");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(const Objection o, LoadPendingObjection(tx, caller, id, "decides"));
    std::int64_t ending = 0;
    if (decision == ObjectionDecision::kUpheld) {
      ZQ_ASSIGN_OR_RETURN(
          const RecordOutcome withdrawn,
          credit_.EndEvent(tx, caller, o.event_id, "record.withdrawn", "credit-objection",
                           fmt::format("objection-{}", id), o.evidence_ref,
                           reason.empty() ? std::string("异议成立") : std::string(reason)));
      ending = withdrawn.event.id;
    }
    const std::string status = decision == ObjectionDecision::kUpheld ? "upheld" : "rejected";
    const std::vector<Value> row = {
        status, caller.actor, DayText(TodayNumber(clock_)), std::string(reason), ending, id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE credit_objections SET status = ?, decided_by = ?, "
                                  "decided_on = ?, decision_reason = ?, ending_event_id = ? "
                                  "WHERE id = ?",
                                  row)
                           .status());
    const nlohmann::json detail = {{"decision", status}, {"ending_event_id", ending}};
    return audit_.Append(tx, caller, "credit.objection.decide",
                         fmt::format("credit_objection:{}", id), detail.dump());
  }));
  return GetObjection(caller, id);
}

Result<Objection> RepairService::GetObjection(const auth::Caller& caller, std::int64_t id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return LoadObjection(*tx, caller, id);
}

Result<std::vector<Objection>> RepairService::ListObjections(const auth::Caller& caller,
                                                             const CaseFilter& filter) {
  const std::string today = DayText(TodayNumber(clock_));
  ZQ_ASSIGN_OR_RETURN(const std::vector<store::Row> rows,
                      internal::CasePage(db_, internal::ObjectionColumns().List(),
                                         "credit_objections o", "o", filter, caller, today));
  std::vector<Objection> out;
  for (const store::Row& row : rows) out.push_back(internal::ObjectionFromRow(row, today));
  return out;
}

}  // namespace zq::credit
