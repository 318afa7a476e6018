// The final verdict (最终结论) of a batch, its follow-up and its domain event
// (inspection/README.md, "Domain events published"), and the cube update after it.
#include <chrono>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "inspection/internal/result_service_impl.h"
#include "inspection/pass_rate_store.h"
#include "store/domain_events.h"

namespace zq::inspection {
namespace {

using store::Value;

// The same day 24 months earlier (29 February → 28 February).
std::string TwoYearsBefore(std::string_view date) {
  const std::chrono::year_month_day d = ParseDate(date).value();
  std::chrono::year_month_day back{d.year() - std::chrono::years(2), d.month(), d.day()};
  if (!back.ok())
    back = std::chrono::year_month_day_last(back.year(), back.month() / std::chrono::last);
  return FormatDate(back);
}

}  // namespace

Status ResultService::SetFinal(store::Transaction& tx, const auth::Caller& caller,
                               const Scoped& scoped, Verdict verdict, bool retested,
                               std::string_view final_on) {
  const Batch& b = scoped.row.batch;
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day day, ParseDate(final_on, "final_on"));
  ZQ_ASSIGN_OR_RETURN(
      const std::chrono::year_month_day due,
      WorkingDayCalendar::China().AddWorkingDays(day, rules_.publication_working_days));
  const std::string now = auth::FormatTimestamp(clock_.Now());
  const std::vector<Value> update = {std::string(VerdictName(verdict)), std::string(final_on),
                                     FormatDate(due), now, b.id};
  ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET status = 'final', "
                                "final_verdict = ?, final_on = ?, publication_due = ?, "
                                "updated_at = ? WHERE id = ?",
                                update)
                         .status());
  if (verdict == Verdict::kFail) {
    // 后处理: stop selling the specification and rectify within rectify_days.
    const std::vector<Value> row = {b.id,
                                    b.uscc,
                                    b.region_code,
                                    std::string(final_on),
                                    internal::AddDays(final_on, rules_.rectify_days),
                                    now};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO inspection_follow_ups (batch_id, uscc, region_code, "
                                  "status, opened_on, due_on, updated_at) "
                                  "VALUES (?, ?, ?, 'open', ?, ?, ?)",
                                  row)
                           .status());
  }
  nlohmann::json failed = nlohmann::json::array();
  nlohmann::json key_failed = nlohmann::json::array();
  for (const TestItem& item : retested ? b.retest.items : b.results.items) {
    if (item.verdict != Verdict::kFail)
      continue;
    failed.push_back(item.name);
    if (item.key_item)
      key_failed.push_back(item.name);
  }
  const std::vector<Value> prior_key = {b.uscc, b.sampling.category_code, b.id,
                                        TwoYearsBefore(final_on), std::string(final_on)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet prior,
                      tx.Query("SELECT COUNT(*) FROM inspection_batches WHERE uscc = ? AND "
                               "category_code = ? AND final_verdict = 'fail' AND id <> ? AND "
                               "final_on >= ? AND final_on <= ?",
                               prior_key));
  const std::string severity = verdict == Verdict::kPass ? "none"
                               : key_failed.empty()      ? "general_item"
                                                         : "key_item";
  const nlohmann::json payload = {
      {"batch_id", b.id},
      {"task_id", b.task_id},
      {"plan_code", b.plan_code},
      {"plan_name", scoped.row.plan_name},
      {"authority", scoped.row.authority},
      {"authority_region", scoped.row.plan_region},
      {"product_category", b.sampling.category_code},
      {"product_name", b.sampling.product_name},
      {"specification", b.sampling.specification},
      {"brand", b.sampling.brand},
      {"batch_number", b.sampling.batch_number},
      {"verdict", VerdictName(verdict)},
      {"verdict_date", final_on},
      {"tested_on", retested ? b.retest.tested_on : b.results.tested_on},
      {"institution", retested ? b.retest.institution : b.results.institution},
      {"items_failed", failed},
      {"key_items_failed", key_failed},
      {"retested", retested},
      {"severity", severity},
      {"prior_failures_24m", prior.rows.at(0).GetInt(0)}};
  store::DomainEvent event;
  event.source = "inspection";
  event.source_id = fmt::format("batch:{}:final", b.id);
  event.kind = verdict == Verdict::kFail ? "inspection.batch_failed" : "inspection.batch_passed";
  event.uscc = b.uscc;
  event.region_code = b.region_code;
  event.occurred_on = std::string(final_on);
  event.payload = payload.dump();
  ZQ_RETURN_IF_ERROR(store::AppendDomainEvent(tx, event).status());
  return audit_.Append(
      tx, caller, "inspection.verdict.final", fmt::format("batch:{}", b.id),
      nlohmann::json{{"verdict", VerdictName(verdict)}, {"retested", retested}}.dump());
}

Result<Batch> ResultService::Finalize(const auth::Caller& caller, std::int64_t batch_id) {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    const Batch& b = s.row.batch;
    if (b.status == "tested")
      return Status::FailedPrecondition("record the firm's receipt of the notice first",
                                        "received_on");
    if (b.status != "notified")
      return Status::FailedPrecondition("only a notified failing result can be made final",
                                        "status");
    const std::string today = TodayText(clock_);
    const std::string& last = std::max(b.objection_deadline, b.retest_deadline);
    if (!internal::DateAfter(today, last)) {
      return Status::FailedPrecondition(
          fmt::format("the firm may still object or ask for a re-test until {}", last), "deadline");
    }
    return SetFinal(tx, caller, s, Verdict::kFail, /*retested=*/false, today);
  }));
  ApplyToCube(batch_id);
  return Reload(caller, batch_id);
}

void ResultService::ApplyToCube(std::int64_t batch_id) {
  if (cube_ == nullptr)
    return;
  // The verdict is committed and the caller's write succeeded: a failed refresh only leaves the
  // cube one verdict behind until the next Load(), so it is not reported as the write's error.
  (void)cube_->Refresh(db_, batch_id);
}

}  // namespace zq::inspection
