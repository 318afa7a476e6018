#include "inspection/spot_check_service.h"

#include <algorithm>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "inspection/internal/spot_check_rows.h"

namespace zq::inspection {
namespace {

using store::Value;

bool IsPlanCode(std::string_view s) {
  if (s.empty() || s.size() > 40)
    return false;
  for (char c : s) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok)
      return false;
  }
  return true;
}

}  // namespace

namespace internal {

const store::Columns<SpotCheckPlan>& PlanColumns() {
  using P = SpotCheckPlan;
  const auto parameters = [](const std::string& json) {
    return DrawParametersFromJson(nlohmann::json::parse(json, nullptr, false));
  };
  static const store::Columns<P> kColumns(
      "id", &P::id, "plan_code", &P::plan_code, "name", &P::name, "authority", &P::authority,
      "region_code", &P::region_code, "period_start", &P::period_start, "period_end",
      &P::period_end, "parameters", &P::parameters, parameters, "min_commit_interval_minutes",
      &P::min_commit_interval_minutes, "created_by", &P::created_by, "created_at", &P::created_at);
  return kColumns;
}

const store::Columns<DrawSummary>& DrawColumns() {
  using D = DrawSummary;
  static const store::Columns<D> kColumns(
      "id", &D::id, "plan_id", &D::plan_id, "status", &D::status, "commitment", &D::commitment,
      "frame_hash", &D::frame_hash, "pool_hash", &D::pool_hash, "parameters_hash",
      &D::parameters_hash, "frame_size", &D::frame_size, "excluded", &D::excluded, "pool_size",
      &D::pool_size, "tasks", &D::tasks, "unstaffed", &D::unstaffed, "committed_at",
      &D::committed_at, "drawn_at", &D::drawn_at, "run_not_before", &D::run_not_before);
  return kColumns;
}

std::vector<std::string> DrawQualifications(const std::vector<std::string>& registry_quals) {
  std::vector<std::string> out;
  for (const std::string& q : registry_quals) {
    out.push_back(q == "product_quality" ? std::string(kGeneralQualification) : q);
  }
  return out;
}

std::string SeedHex(std::string_view seed) {
  return auth::ToHex({reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()});
}

bool MayRead(const auth::Caller& caller, std::string_view plan_region) {
  if (caller.IsAdministrator())
    return true;
  if (!caller.HasJurisdiction())
    return false;
  if (caller.CanSeeRegion(plan_region))
    return true;
  Result<ids::RegionCode> plan = ids::ParseRegionCode(plan_region);
  Result<ids::RegionCode> scope = ids::ParseRegionCode(caller.region_code);
  return plan.ok() && scope.ok() && plan->Contains(*scope);
}

Status CheckWriter(const auth::Caller& caller, std::string_view region_code) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not run spot checks");
  if (!caller.CanWriteIn(region_code))
    return Status::NotFound("no such plan in your jurisdiction", "region_code");
  return Status::Ok();
}

SpotCheckPlan WithActions(const auth::Caller& caller, SpotCheckPlan plan) {
  plan.actions.clear();
  if (CheckWriter(caller, plan.region_code).ok())
    plan.actions.emplace_back(kDrawAction);
  return plan;
}

DrawSummary WithActions(const SpotCheckPlan& plan, DrawSummary draw) {
  draw.actions.clear();
  const bool may_draw =
      std::find(plan.actions.begin(), plan.actions.end(), kDrawAction) != plan.actions.end();
  if (may_draw && draw.status == "committed")
    draw.actions.emplace_back(kRunAction);
  return draw;
}

}  // namespace internal

using internal::CheckWriter;
using internal::MayRead;
using internal::PlanColumns;
using internal::WithActions;

Result<SpotCheckPlan> SpotCheckService::CreatePlan(const auth::Caller& caller, SpotCheckPlan plan) {
  if (!IsPlanCode(plan.plan_code)) {
    return Status::InvalidArgument("plan_code: 1–40 letters, digits, '-', '_' or '.'", "plan_code");
  }
  if (plan.name.empty() || plan.name.size() > 400)
    return Status::InvalidArgument("name is required (at most 400 bytes)", "name");
  if (plan.authority.empty() || plan.authority.size() > 200)
    return Status::InvalidArgument("authority is required (at most 200 bytes)", "authority");
  ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(plan.region_code).status());
  ZQ_RETURN_IF_ERROR(registry_.GetRegion(plan.region_code).status());
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day start,
                      ParseDate(plan.period_start, "period_start"));
  ZQ_ASSIGN_OR_RETURN(const std::chrono::year_month_day end,
                      ParseDate(plan.period_end, "period_end"));
  if (end < start)
    return Status::InvalidArgument("period_end must not be before the start", "period_end");
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not run spot checks");
  if (!caller.CanSeeRegion(plan.region_code))
    return Status::PermissionDenied("the plan's region lies outside your jurisdiction",
                                    "region_code");
  for (const std::string& category : plan.parameters.product_categories) {
    if (!registry_.GetCatalogueEntry(category).ok()) {
      return Status::InvalidArgument("not in the key supervised product catalogue: " + category,
                                     "product_categories");
    }
  }
  plan.parameters.plan_id = plan.plan_code;
  plan.parameters.authority = plan.authority;
  plan.parameters.draw_date = plan.period_start;
  // The draw's own validation of the parameters (team size ≥ 2, quotas, …).
  if (Status valid = CanonicalParameters(plan.parameters).status(); !valid.ok()) {
    return Status::InvalidArgument(valid.message(), "parameters." + valid.field());
  }
  if (plan.min_commit_interval_minutes < 0 || plan.min_commit_interval_minutes > 525600) {
    return Status::InvalidArgument("min_commit_interval_minutes: 0 to 525600 (a year)",
                                   "min_commit_interval_minutes");
  }
  plan.created_by = caller.actor;
  plan.created_at = auth::FormatTimestamp(clock_.Now());
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> row = {plan.plan_code,
                                    plan.name,
                                    plan.authority,
                                    plan.region_code,
                                    plan.period_start,
                                    plan.period_end,
                                    DrawParametersToJson(plan.parameters).dump(),
                                    plan.min_commit_interval_minutes,
                                    plan.created_by,
                                    plan.created_at};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO inspection_plans (plan_code, name, authority, "
                                  "region_code, period_start, period_end, parameters, "
                                  "min_commit_interval_minutes, created_by, created_at) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  row)
                           .status());
    const std::vector<Value> key = {plan.plan_code};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet id,
                        tx.Query("SELECT id FROM inspection_plans WHERE plan_code = ?", key));
    plan.id = id.rows.at(0).GetInt(0);
    return audit_.Append(tx, caller, "inspection.plan.create", "plan:" + plan.plan_code);
  }));
  return WithActions(caller, std::move(plan));
}

Result<SpotCheckPlan> SpotCheckService::LoadPlan(store::Transaction& tx, std::int64_t plan_id) {
  const std::vector<Value> key = {plan_id};
  return PlanColumns().QueryOneOr(tx, "inspection_plans WHERE id = ?", key,
                                  Status::NotFound("no such plan", "plan_id"));
}

Result<SpotCheckPlan> SpotCheckService::GetPlan(const auth::Caller& caller, std::int64_t plan_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(SpotCheckPlan plan, LoadPlan(*tx, plan_id));
  if (!MayRead(caller, plan.region_code))
    return Status::NotFound("no such plan", "plan_id");
  return WithActions(caller, std::move(plan));
}

Result<std::vector<SpotCheckPlan>> SpotCheckService::ListPlans(const auth::Caller& caller) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::vector<SpotCheckPlan> out;
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      fmt::format("SELECT {} FROM inspection_plans ORDER BY id DESC", PlanColumns().List()), {},
      [&](const store::Row& row) {
        Result<SpotCheckPlan> plan = PlanColumns().Read(row);
        if (plan.ok() && MayRead(caller, plan->region_code)) {
          out.push_back(WithActions(caller, std::move(plan).value()));
        }
        return true;
      }));
  return out;
}

Result<ExclusionInputs> SpotCheckService::LoadExclusions(store::Transaction& tx,
                                                         const SpotCheckPlan& plan,
                                                         std::string_view draw_date) {
  ExclusionInputs out;
  const std::vector<Value> this_plan = {plan.id};
  ZQ_RETURN_IF_ERROR(
      tx.QueryEach("SELECT uscc, draw_id, task_number FROM inspection_tasks WHERE plan_id = ?",
                   this_plan, [&](const store::Row& row) {
                     out.already_drawn.push_back(row.GetText(0));
                     out.drawn_evidence[row.GetText(0)] =
                         fmt::format("draw:{}#{}", row.GetInt(1), row.GetInt(2));
                     return true;
                   }));
  // Earlier checks by the same authority under other plans: each counts for every category of
  // its plan. BuildEligibleFrame applies the exact window; this only bounds what is read.
  const int years_back = static_cast<int>(plan.parameters.recheck_months / 12) + 1;
  const std::string since = fmt::format(
      "{:04d}{}", std::stoi(std::string(draw_date.substr(0, 4))) - years_back, draw_date.substr(4));
  const std::vector<Value> params = {plan.authority, plan.id, since};
  std::map<std::int64_t, std::vector<std::string>> categories_of;
  ZQ_RETURN_IF_ERROR(tx.QueryEach(
      "SELECT t.uscc, t.drawn_on, p.id, p.parameters, t.draw_id, t.task_number "
      "FROM inspection_tasks t "
      "JOIN inspection_plans p ON p.id = t.plan_id "
      "WHERE p.authority = ? AND p.id <> ? AND t.drawn_on >= ?",
      params, [&](const store::Row& row) {
        const std::int64_t other = row.GetInt(2);
        auto it = categories_of.find(other);
        if (it == categories_of.end()) {
          Result<DrawParameters> p =
              DrawParametersFromJson(nlohmann::json::parse(row.GetText(3), nullptr, false));
          it = categories_of
                   .emplace(other, p.ok() ? p->product_categories : std::vector<std::string>{})
                   .first;
        }
        for (const std::string& category : it->second) {
          out.prior_checks.push_back({row.GetText(0), category, plan.authority, row.GetText(1),
                                      fmt::format("draw:{}#{}", row.GetInt(4), row.GetInt(5))});
        }
        return true;
      }));
  return out;
}

Status SpotCheckService::RekeySealedSeeds(store::Transaction& tx,
                                          const auth::PersonalDataCipher& to) const {
  std::vector<std::pair<std::int64_t, std::string>> sealed;
  ZQ_RETURN_IF_ERROR(
      tx.QueryEach("SELECT id, sealed_seed FROM inspection_draws WHERE sealed_seed <> ''", {},
                   [&](const store::Row& row) {
                     sealed.emplace_back(row.GetInt(0), row.GetText(1));
                     return true;
                   }));
  for (const auto& [id, value] : sealed) {
    ZQ_ASSIGN_OR_RETURN(std::string seed_hex, cipher_.Open(value));
    const std::vector<Value> p = {to.Seal(seed_hex), id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE inspection_draws SET sealed_seed = ? WHERE id = ?", p).status());
  }
  return Status::Ok();
}

Result<DrawRecord> SpotCheckService::PublishedRecord(std::int64_t draw_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> key = {draw_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query("SELECT record FROM inspection_draws WHERE id = ?", key));
  if (rs.rows.empty())
    return Status::NotFound("no such draw", "draw_id");
  ZQ_ASSIGN_OR_RETURN(DrawRecord record, DrawRecordFromJson(nlohmann::json::parse(
                                             rs.rows[0].GetText(0), nullptr, false)));
  ZQ_RETURN_IF_ERROR(internal::FillCeremony(*tx, draw_id, record));
  return record;
}

Result<DrawVerification> SpotCheckService::VerifyPublished(std::int64_t draw_id) {
  ZQ_ASSIGN_OR_RETURN(DrawRecord record, PublishedRecord(draw_id));
  return VerifyDraw(record);
}

}  // namespace zq::inspection
