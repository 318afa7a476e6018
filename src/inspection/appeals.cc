// 异议 (objection on sampling or procedure) and 复检 (re-test on the reserve sample): each may be
// requested once, within its window from the firm's receipt of the notice (产品质量法 Art. 15:
// 15 days; configurable per kind and category, e.g. food 7 working days).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "inspection/internal/result_service_impl.h"

namespace zq::inspection {
namespace {

using store::Value;

const Appeal* Pending(const Batch& b) {
  for (const Appeal& a : b.appeals) {
    if (a.status == "pending")
      return &a;
  }
  return nullptr;
}

}  // namespace

Result<Batch> ResultService::RequestAppeal(const auth::Caller& caller, std::int64_t batch_id,
                                           AppealKind kind, std::string_view reason) {
  if (reason.empty() || reason.size() > 2000)
    return Status::InvalidArgument("reason is required (at most 2000 bytes)", "reason");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kFirmOrWriter));
    const Batch& b = s.row.batch;
    if (b.status == "tested")
      return Status::FailedPrecondition("the notice has not been received yet", "received_on");
    if (b.status != "notified") {
      const bool pending = Pending(b) != nullptr;
      return Status::FailedPrecondition(
          pending ? "another appeal is pending" : "only a notified failing result can be appealed",
          "status");
    }
    for (const Appeal& a : b.appeals) {
      if (a.kind == kind)
        return Status::AlreadyExists("this kind of appeal was already requested", "kind");
    }
    if (kind == AppealKind::kRetest && b.sampling.reserve_quantity < 1) {
      return Status::FailedPrecondition("no reserve sample was kept for a re-test",
                                        "reserve_quantity");
    }
    const std::string today = TodayText(clock_);
    const std::string& deadline =
        kind == AppealKind::kObjection ? b.objection_deadline : b.retest_deadline;
    if (internal::DateAfter(today, deadline)) {
      return Status::FailedPrecondition(
          fmt::format("the window closed on {} (notice received {})", deadline, b.notified_on),
          "deadline");
    }
    const std::vector<Value> row = {batch_id, std::string(AppealKindName(kind)), today,
                                    std::string(reason)};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO inspection_appeals (batch_id, kind, requested_on, "
                                  "reason, status) VALUES (?, ?, ?, ?, 'pending')",
                                  row)
                           .status());
    const std::vector<Value> update = {auth::FormatTimestamp(clock_.Now()), batch_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET status = 'appealed', "
                                  "updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return audit_.Append(tx, caller, "inspection.appeal.request", fmt::format("batch:{}", batch_id),
                         nlohmann::json{{"kind", AppealKindName(kind)}}.dump());
  }));
  return Reload(caller, batch_id);
}

Result<Batch> ResultService::DecideObjection(const auth::Caller& caller, std::int64_t batch_id,
                                             ObjectionDecision decision) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    const Appeal* pending = Pending(s.row.batch);
    if (pending == nullptr || pending->kind != AppealKind::kObjection)
      return Status::FailedPrecondition("no objection is pending", "kind");
    const bool upheld = decision == ObjectionDecision::kUpheld;
    if (!upheld && rules_.pause_retest_during_objection && !s.row.batch.retest_deadline.empty()) {
      const Window window = WindowFor(AppealKind::kRetest, s.row.batch.sampling.category_code);
      ZQ_ASSIGN_OR_RETURN(
          const std::string resumed,
          internal::ResumedWindowEnd(s.row.batch.retest_deadline, pending->requested_on,
                                     TodayText(clock_), window.count));
      const std::vector<Value> moved = {resumed, batch_id};
      ZQ_RETURN_IF_ERROR(
          tx.Execute("UPDATE inspection_batches SET retest_deadline_resumed = ? WHERE id = ?",
                     moved)
              .status());
    }
    const std::vector<Value> appeal = {
        TodayText(clock_), std::string(upheld ? "upheld" : "rejected"), caller.actor, pending->id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_appeals SET status = 'decided', "
                                  "decided_on = ?, decision = ?, decided_by = ? WHERE id = ?",
                                  appeal)
                           .status());
    // Upheld: the sampling was irregular, so the result is annulled (no verdict, no event).
    const std::vector<Value> update = {std::string(upheld ? "annulled" : "notified"),
                                       auth::FormatTimestamp(clock_.Now()), batch_id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE inspection_batches SET status = ?, updated_at = ? WHERE id = ?", update)
            .status());
    return audit_.Append(tx, caller, "inspection.objection.decide",
                         fmt::format("batch:{}", batch_id),
                         nlohmann::json{{"decision", upheld ? "upheld" : "rejected"}}.dump());
  }));
  return Reload(caller, batch_id);
}

Result<Batch> ResultService::RecordRetest(const auth::Caller& caller, std::int64_t batch_id,
                                          TestResults results) {
  ZQ_RETURN_IF_ERROR(internal::ValidateResults(results, TodayText(clock_)));
  const Verdict verdict = BatchVerdictOf(results.items);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    const Appeal* pending = Pending(s.row.batch);
    if (pending == nullptr || pending->kind != AppealKind::kRetest)
      return Status::FailedPrecondition("no re-test is pending", "kind");
    if (results.tested_on < pending->requested_on)
      return Status::InvalidArgument("tested_on is before the re-test request", "tested_on");
    ZQ_RETURN_IF_ERROR(internal::InsertItems(tx, batch_id, "retest", results.items));
    const std::vector<Value> appeal = {TodayText(clock_), std::string(VerdictName(verdict)),
                                       caller.actor, pending->id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_appeals SET status = 'decided', "
                                  "decided_on = ?, decision = ?, decided_by = ? WHERE id = ?",
                                  appeal)
                           .status());
    const std::vector<Value> update = {results.institution, results.report_number,
                                       results.tested_on, batch_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET retest_institution = ?, "
                                  "retest_report_number = ?, retest_tested_on = ? WHERE id = ?",
                                  update)
                           .status());
    ZQ_RETURN_IF_ERROR(audit_.Append(tx, caller, "inspection.retest.record",
                                     fmt::format("batch:{}", batch_id),
                                     nlohmann::json{{"verdict", VerdictName(verdict)}}.dump()));
    s.row.batch.retest = results;
    return SetFinal(tx, caller, s, verdict, /*retested=*/true, TodayText(clock_));
  }));
  ApplyToCube(batch_id);
  return Reload(caller, batch_id);
}

}  // namespace zq::inspection
