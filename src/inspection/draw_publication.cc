// 一公开 of the draws (docs/random-draw.md §6.1): the public list, the record as each caller may
// see it (the summary before the plan's inspections end, the full record after it; officials in
// scope at any time, audited), and the eligibility check against the registry.
#include <cstdio>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "inspection/internal/spot_check_rows.h"
#include "inspection/spot_check_service.h"

namespace zq::inspection {
namespace {

using store::Value;

std::string DayAfter(const std::string& date) {
  Result<std::chrono::year_month_day> day = ParseDate(date, "period_end");
  if (!day.ok())
    return date;
  return fmt::format("{:%F}", std::chrono::sys_days(*day) + std::chrono::days(1));
}

}  // namespace

Status internal::FillCeremony(store::Transaction& tx, std::int64_t draw_id, DrawRecord& record) {
  const std::vector<Value> key = {draw_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query("SELECT d.committed_at, d.commit_audit_seq, d.run_not_before, d.drawn_at, "
               "d.run_audit_seq, p.min_commit_interval_minutes FROM inspection_draws d "
               "JOIN inspection_plans p ON p.id = d.plan_id WHERE d.id = ?",
               key));
  if (rs.rows.empty())
    return Status::NotFound("no such draw", "draw_id");
  const store::Row& r = rs.rows[0];
  DrawCeremony& c = record.ceremony;
  c.committed_at = r.GetText(0);
  c.commit_audit_seq = r.GetInt(1);
  c.run_not_before = r.GetText(2);
  c.drawn_at = r.GetText(3);
  c.run_audit_seq = r.GetInt(4);
  // Draws committed before the notice existed ran at once.
  c.min_interval_minutes = c.run_not_before.empty() ? 0 : r.GetInt(5);
  return Status::Ok();
}

Result<SpotCheckPlan> SpotCheckService::PlanOfDraw(store::Transaction& tx, std::int64_t draw_id) {
  const std::vector<Value> key = {draw_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT plan_id FROM inspection_draws WHERE id = ?", key));
  if (rs.rows.empty())
    return Status::NotFound("no such draw", "draw_id");
  return LoadPlan(tx, rs.rows[0].GetInt(0));
}

Result<PageOf<PublicDraw>> SpotCheckService::PublicDraws(const Page& page,
                                                         std::string_view plan_code) {
  ZQ_RETURN_IF_ERROR(CheckPage(page));
  std::string where;
  std::vector<Value> params;
  if (!plan_code.empty()) {
    where = "WHERE p.plan_code = ?";
    params.emplace_back(std::string(plan_code));
  }
  const std::string today = fmt::format("{:%F}", std::chrono::sys_days(clock_.TodayInChina()));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  PageOf<PublicDraw> out;
  out.page = page.page;
  out.page_size = page.page_size;
  ZQ_ASSIGN_OR_RETURN(store::ResultSet count,
                      tx->Query(fmt::format("SELECT COUNT(*) FROM inspection_draws d JOIN "
                                            "inspection_plans p ON p.id = d.plan_id {}",
                                            where),
                                params));
  out.total = count.rows.empty() ? 0 : count.rows[0].GetInt(0);
  params.emplace_back(std::int64_t{page.page_size});
  params.emplace_back(std::int64_t{page.page - 1} * page.page_size);
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT d.id, d.plan_id, p.plan_code, p.name, p.authority, "
                            "p.region_code, p.period_end, d.status, d.committed_at, "
                            "d.run_not_before, d.drawn_at, d.tasks FROM inspection_draws d "
                            "JOIN inspection_plans p ON p.id = d.plan_id {} "
                            "ORDER BY d.id DESC LIMIT ? OFFSET ?",
                            where),
                params));
  for (const store::Row& r : rs.rows) {
    PublicDraw d;
    d.id = r.GetInt(0);
    d.plan_id = r.GetInt(1);
    d.plan_code = r.GetText(2);
    d.plan_name = r.GetText(3);
    d.authority = r.GetText(4);
    d.region_code = r.GetText(5);
    d.period_end = r.GetText(6);
    d.status = r.GetText(7);
    d.committed_at = r.GetText(8);
    d.run_not_before = r.GetText(9);
    d.drawn_at = r.GetText(10);
    d.tasks = r.GetInt(11);
    d.full_record_public = today > d.period_end;
    out.items.push_back(std::move(d));
  }
  return out;
}

Result<DrawView> SpotCheckService::ViewRecord(const auth::Caller& caller, std::int64_t draw_id) {
  SpotCheckPlan plan;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(plan, PlanOfDraw(*tx, draw_id));
  }
  DrawView view;
  ZQ_ASSIGN_OR_RETURN(view.record, PublishedRecord(draw_id));
  view.full_record_from = DayAfter(plan.period_end);
  const std::string today = fmt::format("{:%F}", std::chrono::sys_days(clock_.TodayInChina()));
  if (today >= view.full_record_from) {
    view.full = true;
    return view;
  }
  if (!internal::MayRead(caller, plan.region_code))
    return view;
  // An official in scope before the inspections end: the full record, and an audit entry.
  view.full = true;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) {
    return audit_.Append(
        tx, caller, "inspection.draw.read_full", fmt::format("draw:{}", draw_id),
        nlohmann::json{{"plan", plan.plan_code}, {"public_from", view.full_record_from}}.dump());
  }));
  return view;
}

Result<DrawVerification> SpotCheckService::VerifyEligibility(std::int64_t draw_id) {
  ZQ_ASSIGN_OR_RETURN(DrawRecord record, PublishedRecord(draw_id));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(const SpotCheckPlan plan, PlanOfDraw(*tx, draw_id));
  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Manufacturer> makers,
                      registry_.ManufacturersIn(auth::Caller::System(), plan.region_code,
                                                plan.parameters.product_categories));
  std::vector<FrameEntry> scope;
  scope.reserve(makers.size());
  for (registry::Manufacturer& m : makers) {
    scope.push_back(
        {std::move(m.uscc), std::move(m.region_code), RiskClass::kB, std::move(m.category_codes)});
  }
  DrawVerification out = inspection::VerifyEligibility(record, scope);
  // Each exclusion for an earlier task must name a stored task of that firm: of this plan
  // (already drawn) or of the same authority on or before the draw date (recently checked).
  for (const Exclusion& e : record.excluded) {
    if (e.reason == ExclusionReason::kOutOfScope)
      continue;
    std::int64_t draw = 0;
    std::int64_t task = 0;
    bool ok = std::sscanf(e.evidence.c_str(), "draw:%ld#%ld", &draw, &task) == 2;
    if (ok) {
      const std::vector<Value> key = {draw, task};
      ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                          tx->Query("SELECT t.uscc, t.plan_id, p.authority, t.drawn_on "
                                    "FROM inspection_tasks t JOIN inspection_plans p "
                                    "ON p.id = t.plan_id WHERE t.draw_id = ? AND t.task_number = ?",
                                    key));
      ok = !rs.rows.empty() && rs.rows[0].GetText(0) == e.uscc &&
           rs.rows[0].GetText(3) <= record.parameters.draw_date &&
           (e.reason == ExclusionReason::kAlreadyDrawnInPlan
                ? rs.rows[0].GetInt(1) == plan.id
                : rs.rows[0].GetText(2) == plan.authority);
    }
    if (!ok) {
      out.mismatches.push_back(
          {DrawMismatch::Kind::kExclusionEvidence, 0, e.uscc + " " + e.evidence, ""});
    }
  }
  return out;
}

}  // namespace zq::inspection
