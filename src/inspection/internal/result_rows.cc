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

const store::Columns<BatchRow>& BatchColumns() {
  using R = BatchRow;
  using B = Batch;
  using S = SamplingRecord;
  using T = TestResults;
  constexpr auto b = &R::batch;
  constexpr auto s = &B::sampling;
  constexpr auto t = &B::results;
  constexpr auto rt = &B::retest;
  static const store::Columns<R> kColumns(
      "b.id", b, &B::id, "b.task_id", b, &B::task_id, "b.plan_id", b, &B::plan_id, "b.uscc", b,
      &B::uscc, "b.region_code", b, &B::region_code, "b.status", b, &B::status, "b.sampled_on", b,
      s, &S::sampled_on, "b.place", b, s, &S::place, "b.batch_number", b, s, &S::batch_number,
      "b.quantity", b, s, &S::quantity, "b.reserve_quantity", b, s, &S::reserve_quantity,
      "b.category_code", b, s, &S::category_code, "b.product_name", b, s, &S::product_name,
      "b.specification", b, s, &S::specification, "b.brand", b, s, &S::brand, "b.samplers",
      &R::sealed_samplers, "b.institution", b, t, &T::institution, "b.report_number", b, t,
      &T::report_number, "b.tested_on", b, t, &T::tested_on, "b.initial_verdict", b,
      &B::initial_verdict, "b.notified_on", b, &B::notified_on, "b.final_verdict", b,
      &B::final_verdict, "b.final_on", b, &B::final_on, "b.publication_due", b, &B::publication_due,
      "b.published_on", b, &B::published_on, "b.recorded_by", b, &B::recorded_by, "b.updated_at", b,
      &B::updated_at, "p.plan_code", b, &B::plan_code, "p.region_code", &R::plan_region, "p.name",
      &R::plan_name, "p.authority", &R::authority, "COALESCE(e.name, '')", b, &B::firm_name,
      "b.retest_institution", b, rt, &T::institution, "b.retest_report_number", b, rt,
      &T::report_number, "b.retest_tested_on", b, rt, &T::tested_on,
      // '' unless a rejected objection paused the window
      "b.retest_deadline_resumed", b, &B::retest_deadline);
  return kColumns;
}

const std::string& BatchSelect() {
  static const std::string kSelect =
      "SELECT " + BatchColumns().List() +
      " FROM inspection_batches b JOIN inspection_plans p ON p.id = b.plan_id "
      "LEFT JOIN registry_entity_facts e ON e.uscc = b.uscc ";
  return kSelect;
}

Result<BatchRow> BatchFromRow(const store::Row& r, const auth::PersonalDataCipher& cipher,
                              bool full_personal_data) {
  BatchRow out = BatchColumns().FromRow(r);
  ZQ_ASSIGN_OR_RETURN(std::string samplers, cipher.Open(out.sealed_samplers));
  const nlohmann::json names = nlohmann::json::parse(samplers, nullptr, false);
  if (names.is_array()) {
    for (const auto& n : names) {
      if (n.is_string()) {
        const std::string name = n.get<std::string>();
        out.batch.sampling.samplers.push_back(full_personal_data ? name
                                                                 : auth::MaskPersonName(name));
      }
    }
  }
  return out;
}

namespace {

// A test item with the stage it belongs to ("initial" or "retest").
struct StagedItem {
  std::string stage;
  TestItem item;
};

const store::Columns<StagedItem>& StagedItemColumns() {
  using T = TestItem;
  constexpr auto i = &StagedItem::item;
  const auto verdict = [](const std::string& v) {
    return v == "fail" ? Verdict::kFail : Verdict::kPass;
  };
  static const store::Columns<StagedItem> kColumns(
      "stage", &StagedItem::stage, "name", i, &T::name, "key_item", i, &T::key_item, "method", i,
      &T::method, "limit_text", i, &T::limit, "measured", i, &T::measured, "unit", i, &T::unit,
      "verdict", i, &T::verdict, verdict);
  return kColumns;
}

const store::Columns<Appeal>& AppealColumns() {
  using A = Appeal;
  const auto kind = [](const std::string& k) {
    return k == "retest" ? AppealKind::kRetest : AppealKind::kObjection;
  };
  static const store::Columns<A> kColumns(
      "id", &A::id, "kind", &A::kind, kind, "requested_on", &A::requested_on, "reason", &A::reason,
      "status", &A::status, "decided_on", &A::decided_on, "decision", &A::decision);
  return kColumns;
}

}  // namespace

Status LoadDetails(store::Transaction& tx, Batch& batch) {
  const std::vector<Value> key = {batch.id};
  ZQ_ASSIGN_OR_RETURN(
      std::vector<StagedItem> items,
      StagedItemColumns().QueryAll(
          tx, "inspection_test_items WHERE batch_id = ? ORDER BY stage, item_number", key));
  for (StagedItem& i : items)
    (i.stage == "retest" ? batch.retest : batch.results).items.push_back(std::move(i.item));
  ZQ_ASSIGN_OR_RETURN(
      std::vector<Appeal> appeals,
      AppealColumns().QueryAll(tx, "inspection_appeals WHERE batch_id = ? ORDER BY id", key));
  for (Appeal& a : appeals) batch.appeals.push_back(std::move(a));
  return Status::Ok();
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

const store::Columns<FollowUp>& FollowUpColumns() {
  using F = FollowUp;
  static const store::Columns<F> kColumns(
      "f.id", &F::id, "f.batch_id", &F::batch_id, "f.uscc", &F::uscc, "f.region_code",
      &F::region_code, "f.status", &F::status, "f.opened_on", &F::opened_on, "f.due_on", &F::due_on,
      "f.extended_days", &F::extended_days, "f.rectification_reported_on",
      &F::rectification_reported_on, "f.reinspected_on", &F::reinspected_on,
      "f.reinspection_verdict", &F::reinspection_verdict, "f.level", &F::level, "f.closed_on",
      &F::closed_on, "b.product_name", &F::product_name, "b.specification", &F::specification,
      "COALESCE(e.name, '')", &F::firm_name);
  return kColumns;
}

const std::string& FollowUpSelect() {
  ZQ_CHECK(FollowUpColumns().size() == kFollowUpPlanRegion);  // p.region_code follows them
  static const std::string kSelect =
      "SELECT " + FollowUpColumns().List() +
      ", p.region_code FROM inspection_follow_ups f JOIN inspection_batches b ON b.id = f.batch_id "
      "JOIN inspection_plans p ON p.id = b.plan_id LEFT JOIN registry_entity_facts e ON e.uscc "
      "= f.uscc ";
  return kSelect;
}

FollowUp FollowUpFromRow(const store::Row& r, std::string_view today) {
  FollowUp f = FollowUpColumns().FromRow(r);
  f.overdue = f.status == "open" && DateAfter(today, f.due_on);
  return f;
}

}  // namespace zq::inspection::internal
