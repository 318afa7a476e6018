#include "inspection/internal/result_rows.h"

#include <algorithm>
#include <chrono>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "auth/masking.h"
#include "core/calendar.h"

namespace zq::inspection::internal {
namespace {

using store::Value;

Status Text(std::string_view value, std::string_view field, std::size_t max_bytes,
            bool required = true) {
  if (required && value.empty())
    return Status::InvalidArgument(fmt::format("{} is required", field), std::string(field));
  if (value.size() > max_bytes) {
    return Status::InvalidArgument(fmt::format("{} is longer than {} bytes", field, max_bytes),
                                   std::string(field));
  }
  return Status::Ok();
}

}  // namespace

Reach ReachOf(const auth::Caller& caller, std::string_view plan_region,
              std::string_view firm_region, std::string_view uscc, FirmRegion firm_reach) {
  const bool firm_write = firm_reach == FirmRegion::kWrites;
  if (caller.IsAdministrator())
    return Reach::kWrite;
  if (caller.ActsForEntity())
    return caller.ActsForEntity(uscc) ? Reach::kOwnFirm : Reach::kNone;
  // Officials: a regulator writes on the plan's region (and the firm's when `firm_write`); an
  // analyst, like a regulator elsewhere in scope, reads. Other callers see no region.
  const bool plan = caller.CanSeeRegion(plan_region);
  const bool firm = caller.CanSeeRegion(firm_region);
  if (caller.CanWrite() && (plan || (firm_write && firm)))
    return Reach::kWrite;
  return plan || firm ? Reach::kRead : Reach::kNone;
}

const std::string_view kBatchSelect =
    "SELECT b.id, b.task_id, b.plan_id, b.uscc, b.region_code, b.status, b.sampled_on, b.place, "
    "b.batch_number, b.quantity, b.reserve_quantity, b.category_code, b.product_name, "
    "b.specification, b.brand, b.samplers, b.institution, b.report_number, b.tested_on, "
    "b.initial_verdict, b.notified_on, b.final_verdict, b.final_on, b.publication_due, "
    "b.published_on, b.recorded_by, b.updated_at, p.plan_code, p.region_code, p.name, "
    "p.authority, COALESCE(e.name, ''), b.retest_institution, b.retest_report_number, "
    "b.retest_tested_on, b.retest_deadline_resumed "
    "FROM inspection_batches b JOIN inspection_plans p ON p.id = b.plan_id "
    "LEFT JOIN registry_entity_facts e ON e.uscc = b.uscc ";

Result<BatchRow> BatchFromRow(const store::Row& r, const auth::PersonalDataCipher& cipher,
                              bool full_personal_data) {
  BatchRow out;
  Batch& b = out.batch;
  b.id = r.GetInt(0);
  b.task_id = r.GetInt(1);
  b.plan_id = r.GetInt(2);
  b.uscc = r.GetText(3);
  b.region_code = r.GetText(4);
  b.status = r.GetText(5);
  SamplingRecord& s = b.sampling;
  s.sampled_on = r.GetText(6);
  s.place = r.GetText(7);
  s.batch_number = r.GetText(8);
  s.quantity = r.GetInt(9);
  s.reserve_quantity = r.GetInt(10);
  s.category_code = r.GetText(11);
  s.product_name = r.GetText(12);
  s.specification = r.GetText(13);
  s.brand = r.GetText(14);
  ZQ_ASSIGN_OR_RETURN(std::string samplers, cipher.Open(r.GetText(15)));
  const nlohmann::json names = nlohmann::json::parse(samplers, nullptr, false);
  if (names.is_array()) {
    for (const auto& n : names) {
      if (n.is_string()) {
        const std::string name = n.get<std::string>();
        s.samplers.push_back(full_personal_data ? name : auth::MaskPersonName(name));
      }
    }
  }
  b.results.institution = r.GetText(16);
  b.results.report_number = r.GetText(17);
  b.results.tested_on = r.GetText(18);
  b.initial_verdict = r.GetText(19);
  b.notified_on = r.GetText(20);
  b.final_verdict = r.GetText(21);
  b.final_on = r.GetText(22);
  b.publication_due = r.GetText(23);
  b.published_on = r.GetText(24);
  b.recorded_by = r.GetText(25);
  b.updated_at = r.GetText(26);
  b.plan_code = r.GetText(27);
  out.plan_region = r.GetText(28);
  out.plan_name = r.GetText(29);
  out.authority = r.GetText(30);
  b.firm_name = r.GetText(31);
  b.retest.institution = r.GetText(32);
  b.retest.report_number = r.GetText(33);
  b.retest.tested_on = r.GetText(34);
  b.retest_deadline = r.GetText(35);  // '' unless a rejected objection paused the window
  return out;
}

Status LoadDetails(store::Transaction& tx, Batch& batch) {
  const std::vector<Value> key = {batch.id};
  ZQ_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT stage, name, key_item, method, limit_text, measured, unit, verdict "
      "FROM inspection_test_items WHERE batch_id = ? ORDER BY stage, item_number",
      key, [&](const store::Row& r) {
        TestItem item{r.GetText(1),
                      r.GetInt(2) != 0,
                      r.GetText(3),
                      r.GetText(4),
                      r.GetText(5),
                      r.GetText(6),
                      r.GetText(7) == "fail" ? Verdict::kFail : Verdict::kPass};
        (r.GetText(0) == "retest" ? batch.retest : batch.results).items.push_back(std::move(item));
        return true;
      }));
  return tx.QueryEach(
      "SELECT id, kind, requested_on, reason, status, decided_on, decision "
      "FROM inspection_appeals WHERE batch_id = ? ORDER BY id",
      key, [&](const store::Row& r) {
        Appeal a;
        a.id = r.GetInt(0);
        a.kind = r.GetText(1) == "retest" ? AppealKind::kRetest : AppealKind::kObjection;
        a.requested_on = r.GetText(2);
        a.reason = r.GetText(3);
        a.status = r.GetText(4);
        a.decided_on = r.GetText(5);
        a.decision = r.GetText(6);
        batch.appeals.push_back(std::move(a));
        return true;
      });
}

Status InsertItems(store::Transaction& tx, std::int64_t batch_id, std::string_view stage,
                   const std::vector<TestItem>& items) {
  static const std::vector<std::string> kColumns = {"batch_id", "stage",  "item_number", "name",
                                                    "key_item", "method", "limit_text",  "measured",
                                                    "unit",     "verdict"};
  std::vector<std::vector<Value>> rows;
  rows.reserve(items.size());
  std::int64_t number = 0;
  for (const TestItem& i : items) {
    rows.push_back({batch_id, std::string(stage), ++number, i.name,
                    std::int64_t{i.key_item ? 1 : 0}, i.method, i.limit, i.measured, i.unit,
                    std::string(VerdictName(i.verdict))});
  }
  return tx.BulkInsert("inspection_test_items", kColumns, rows);
}

Status ValidateSampling(const SamplingRecord& s) {
  ZQ_RETURN_IF_ERROR(ParseDate(s.sampled_on, "sampled_on").status());
  ZQ_RETURN_IF_ERROR(Text(s.place, "place", 400));
  ZQ_RETURN_IF_ERROR(Text(s.batch_number, "batch_number", 100));
  if (s.quantity < 1 || s.quantity > 100000)
    return Status::InvalidArgument("quantity must be 1 to 100000 units", "quantity");
  if (s.reserve_quantity < 0 || s.reserve_quantity > 100000) {
    return Status::InvalidArgument("reserve_quantity must be 0 to 100000 units",
                                   "reserve_quantity");
  }
  ZQ_RETURN_IF_ERROR(Text(s.category_code, "category_code", 40));
  ZQ_RETURN_IF_ERROR(Text(s.product_name, "product_name", 400));
  ZQ_RETURN_IF_ERROR(Text(s.specification, "specification", 200));
  ZQ_RETURN_IF_ERROR(Text(s.brand, "brand", 200, /*required=*/false));
  std::set<std::string> distinct;
  for (const std::string& name : s.samplers) {
    ZQ_RETURN_IF_ERROR(Text(name, "samplers", 100));
    distinct.insert(name);
  }
  if (distinct.size() < 2 || distinct.size() != s.samplers.size()) {
    return Status::InvalidArgument("at least two different samplers (抽样人员不少于2名)",
                                   "samplers");
  }
  return Status::Ok();
}

Status ValidateResults(const TestResults& r, std::string_view today) {
  ZQ_RETURN_IF_ERROR(Text(r.institution, "institution", 400));
  ZQ_RETURN_IF_ERROR(Text(r.report_number, "report_number", 100, /*required=*/false));
  ZQ_RETURN_IF_ERROR(ParseDate(r.tested_on, "tested_on").status());
  if (DateAfter(r.tested_on, today))
    return Status::InvalidArgument("tested_on lies in the future", "tested_on");
  if (r.items.empty() || r.items.size() > 500)
    return Status::InvalidArgument("1 to 500 test items are required", "items");
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const TestItem& item = r.items[i];
    const std::string at = fmt::format("items[{}].", i);
    ZQ_RETURN_IF_ERROR(Text(item.name, at + "name", 200));
    ZQ_RETURN_IF_ERROR(Text(item.method, at + "method", 200));
    ZQ_RETURN_IF_ERROR(Text(item.limit, at + "limit", 200));
    ZQ_RETURN_IF_ERROR(Text(item.measured, at + "measured", 200));
    ZQ_RETURN_IF_ERROR(Text(item.unit, at + "unit", 40, /*required=*/false));
  }
  return Status::Ok();
}

std::string AddDays(std::string_view date, int days) {
  const std::chrono::year_month_day d = ParseDate(date).value();
  return FormatDate(
      std::chrono::year_month_day(std::chrono::sys_days(d) + std::chrono::days(days)));
}

Result<std::string> WindowEnd(std::string_view from, const Window& window) {
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day start, ParseDate(from));
  if (window.count == DayCount::kCalendar)
    return AddDays(from, window.days);
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day end,
                      WorkingDayCalendar::China().AddWorkingDays(start, window.days));
  return FormatDate(end);
}

Result<std::string> ResumedWindowEnd(std::string_view deadline, std::string_view paused_on,
                                     std::string_view resumed_on, DayCount count) {
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day end, ParseDate(deadline));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day paused, ParseDate(paused_on));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day resumed, ParseDate(resumed_on));
  if (count == DayCount::kCalendar) {
    const int left =
        static_cast<int>((std::chrono::sys_days{end} - std::chrono::sys_days{paused}).count());
    return AddDays(resumed_on, std::max(left, 0));
  }
  const WorkingDayCalendar& calendar = WorkingDayCalendar::China();
  ZQ_ASSIGN_OR_RETURN(const int left, calendar.WorkingDaysBetween(paused, end));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day due,
                      calendar.AddWorkingDays(resumed, std::max(left, 0)));
  return FormatDate(due);
}

std::string FollowUpColumns() {
  return "SELECT f.id, f.batch_id, f.uscc, f.region_code, f.status, f.opened_on, f.due_on, "
         "f.extended_days, f.rectification_reported_on, f.reinspected_on, "
         "f.reinspection_verdict, f.level, f.closed_on, b.product_name, b.specification, "
         "COALESCE(e.name, ''), p.region_code "
         "FROM inspection_follow_ups f JOIN inspection_batches b ON b.id = f.batch_id "
         "JOIN inspection_plans p ON p.id = b.plan_id LEFT JOIN registry_entity_facts e ON e.uscc "
         "= f.uscc ";
}

FollowUp FollowUpFromRow(const store::Row& r, std::string_view today) {
  FollowUp f;
  f.id = r.GetInt(0);
  f.batch_id = r.GetInt(1);
  f.uscc = r.GetText(2);
  f.region_code = r.GetText(3);
  f.status = r.GetText(4);
  f.opened_on = r.GetText(5);
  f.due_on = r.GetText(6);
  f.extended_days = static_cast<int>(r.GetInt(7));
  f.rectification_reported_on = r.GetText(8);
  f.reinspected_on = r.GetText(9);
  f.reinspection_verdict = r.GetText(10);
  f.level = static_cast<int>(r.GetInt(11));
  f.closed_on = r.GetText(12);
  f.product_name = r.GetText(13);
  f.specification = r.GetText(14);
  f.firm_name = r.GetText(15);
  f.overdue = f.status == "open" && DateAfter(today, f.due_on);
  return f;
}

}  // namespace zq::inspection::internal
