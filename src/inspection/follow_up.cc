// 后处理 of failing firms (2015 质检总局公告第57号; 产品质量法 Art. 17): stop selling the failed
// specification, rectify within 30 days of the final verdict, one extension of up to 30 days
// requested at least 5 days before the due date, re-inspection (复查), and the escalation ladder
// public notice → suspension → licence revoked when not rectified in time or failing again.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "inspection/internal/result_service_impl.h"
#include "store/domain_events.h"

namespace zq::inspection {
namespace {

using internal::Reach;
using store::Value;

constexpr int kTopLevel = 3;

}  // namespace

Result<FollowUp> ResultService::LoadFollowUp(store::Transaction& tx, const auth::Caller& caller,
                                             std::int64_t follow_up_id, Need need) {
  const std::vector<Value> key = {follow_up_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("{} WHERE f.id = ?", internal::FollowUpSelect()), key));
  if (rs.rows.empty())
    return Status::NotFound("no such follow-up", "follow_up_id");
  FollowUp f = internal::FollowUpFromRow(rs.rows[0], TodayText(clock_));
  const Reach reach = internal::ReachOf(caller, rs.rows[0].GetText(internal::kFollowUpPlanRegion),
                                        f.region_code, f.uscc, internal::FirmRegion::kWrites);
  const bool allowed = need == Need::kRead ? reach != Reach::kNone
                       : need == Need::kFirmOrWriter
                           ? (reach == Reach::kWrite || reach == Reach::kOwnFirm)
                           : reach == Reach::kWrite;
  if (!allowed)
    return Status::NotFound("no such follow-up in your jurisdiction", "follow_up_id");
  return f;
}

Result<std::vector<FollowUp>> ResultService::ListFollowUps(const auth::Caller& caller,
                                                           FollowUpSelection selection) {
  const std::string today = TodayText(clock_);
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  if (selection == FollowUpSelection::kOverdueOnly) {
    where += " AND f.status = 'open' AND f.due_on < ?";
    params.emplace_back(today);
  }
  if (caller.ActsForEntity()) {
    where += " AND f.uscc = ?";
    params.emplace_back(caller.uscc);
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::vector<FollowUp> out;
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      fmt::format("{} {} ORDER BY f.due_on, f.id LIMIT 5000", internal::FollowUpSelect(), where),
      params, [&](const store::Row& row) {
        FollowUp f = internal::FollowUpFromRow(row, today);
        if (internal::ReachOf(caller, row.GetText(internal::kFollowUpPlanRegion), f.region_code,
                              f.uscc, internal::FirmRegion::kWrites) != Reach::kNone)
          out.push_back(std::move(f));
        return true;
      }));
  return out;
}

Result<FollowUp> ResultService::GetFollowUp(const auth::Caller& caller, std::int64_t follow_up_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return LoadFollowUp(*tx, caller, follow_up_id, Need::kRead);
}

Result<FollowUp> ResultService::RequestExtension(const auth::Caller& caller,
                                                 std::int64_t follow_up_id, int days) {
  if (days < 1 || days > rules_.max_extension_days) {
    return Status::InvalidArgument(
        fmt::format("an extension is 1 to {} days", rules_.max_extension_days), "days");
  }
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(FollowUp f, LoadFollowUp(tx, caller, follow_up_id, Need::kFirmOrWriter));
    if (f.status != "open")
      return Status::FailedPrecondition("the follow-up is closed", "status");
    if (f.extended_days > 0)
      return Status::FailedPrecondition("the one extension was already granted", "extended_days");
    const std::string latest = internal::AddDays(f.due_on, -rules_.extension_notice_days);
    if (internal::DateAfter(TodayText(clock_), latest)) {
      return Status::FailedPrecondition(
          fmt::format("an extension must be requested by {} ({} days before the due date {})",
                      latest, rules_.extension_notice_days, f.due_on),
          "deadline");
    }
    const std::vector<Value> update = {internal::AddDays(f.due_on, days), std::int64_t{days},
                                       auth::FormatTimestamp(clock_.Now()), follow_up_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_follow_ups SET due_on = ?, "
                                  "extended_days = ?, updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return audit_.Append(tx, caller, "inspection.follow_up.extend",
                         fmt::format("follow-up:{}", follow_up_id),
                         nlohmann::json{{"days", days}}.dump());
  }));
  return GetFollowUp(caller, follow_up_id);
}

Result<FollowUp> ResultService::ReportRectification(const auth::Caller& caller,
                                                    std::int64_t follow_up_id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(FollowUp f, LoadFollowUp(tx, caller, follow_up_id, Need::kFirmOrWriter));
    if (f.status != "open")
      return Status::FailedPrecondition("the follow-up is closed", "status");
    const std::vector<Value> update = {TodayText(clock_), auth::FormatTimestamp(clock_.Now()),
                                       follow_up_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_follow_ups SET rectification_reported_on = "
                                  "?, updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return audit_.Append(tx, caller, "inspection.follow_up.rectified",
                         fmt::format("follow-up:{}", follow_up_id));
  }));
  return GetFollowUp(caller, follow_up_id);
}

Result<FollowUp> ResultService::RecordReinspection(const auth::Caller& caller,
                                                   std::int64_t follow_up_id, Verdict verdict) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(FollowUp f, LoadFollowUp(tx, caller, follow_up_id, Need::kWriter));
    if (f.status != "open")
      return Status::FailedPrecondition("the follow-up is closed", "status");
    const std::string today = TodayText(clock_);
    const bool passed = verdict == Verdict::kPass;
    const std::vector<Value> update = {today,
                                       std::string(VerdictName(verdict)),
                                       std::string(passed ? "closed" : "open"),
                                       passed ? today : std::string(),
                                       auth::FormatTimestamp(clock_.Now()),
                                       follow_up_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_follow_ups SET reinspected_on = ?, "
                                  "reinspection_verdict = ?, status = ?, closed_on = ?, "
                                  "updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    ZQ_RETURN_IF_ERROR(audit_.Append(tx, caller, "inspection.follow_up.reinspect",
                                     fmt::format("follow-up:{}", follow_up_id),
                                     nlohmann::json{{"verdict", VerdictName(verdict)}}.dump()));
    return passed ? Status::Ok() : EscalateIn(tx, caller, f, "reinspection_failed");
  }));
  return GetFollowUp(caller, follow_up_id);
}

Result<FollowUp> ResultService::Escalate(const auth::Caller& caller, std::int64_t follow_up_id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(FollowUp f, LoadFollowUp(tx, caller, follow_up_id, Need::kWriter));
    if (f.status != "open")
      return Status::FailedPrecondition("the follow-up is closed", "status");
    if (!f.overdue) {
      return Status::FailedPrecondition(fmt::format("the firm has until {} to rectify", f.due_on),
                                        "due_on");
    }
    return EscalateIn(tx, caller, f, "not_rectified");
  }));
  return GetFollowUp(caller, follow_up_id);
}

Status ResultService::EscalateIn(store::Transaction& tx, const auth::Caller& caller,
                                 const FollowUp& f, std::string_view reason) {
  const int level = f.level + 1;
  const std::string today = TodayText(clock_);
  const bool top = level >= kTopLevel;
  // Each step below the top gives a new rectification period; the top closes the follow-up.
  const std::vector<Value> update = {std::int64_t{level},
                                     std::string(top ? "revoked" : "open"),
                                     top ? f.due_on : internal::AddDays(today, rules_.rectify_days),
                                     top ? today : std::string(),
                                     auth::FormatTimestamp(clock_.Now()),
                                     f.id};
  ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_follow_ups SET level = ?, status = ?, "
                                "due_on = ?, closed_on = ?, updated_at = ? WHERE id = ?",
                                update)
                         .status());
  const std::vector<Value> key = {f.batch_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT p.plan_code, p.region_code, b.category_code, "
                               "b.batch_number, b.final_on FROM inspection_batches b "
                               "JOIN inspection_plans p ON p.id = b.plan_id WHERE b.id = ?",
                               key));
  const store::Row& b = rs.rows.at(0);
  const nlohmann::json payload = {{"follow_up_id", f.id},
                                  {"batch_id", f.batch_id},
                                  {"plan_code", b.GetText(0)},
                                  {"authority_region", b.GetText(1)},
                                  {"product_category", b.GetText(2)},
                                  {"batch_number", b.GetText(3)},
                                  {"verdict_date", b.GetText(4)},
                                  {"level", level},
                                  {"step", EscalationStepName(level)},
                                  {"reason", reason},
                                  {"escalated_on", today},
                                  {"severity", level == 1 ? "serious" : "very_serious"}};
  store::DomainEvent event;
  event.source = "inspection";
  event.source_id = fmt::format("follow-up:{}:level:{}", f.id, level);
  event.kind = "inspection.escalated";
  event.uscc = f.uscc;
  event.region_code = f.region_code;
  event.occurred_on = today;
  event.payload = payload.dump();
  ZQ_RETURN_IF_ERROR(store::AppendDomainEvent(tx, event).status());
  return audit_.Append(tx, caller, "inspection.follow_up.escalate",
                       fmt::format("follow-up:{}", f.id),
                       nlohmann::json{{"level", level}, {"reason", reason}}.dump());
}

}  // namespace zq::inspection
