#include "inspection/result_service.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/page.h"
#include "inspection/internal/result_service_impl.h"
#include "store/database.h"

// Sampling, first results, the notice, and reading batches and tasks. Appeals and the final
// verdict: appeals.cc, final_verdict.cc; follow-up: follow_up.cc; publication: publication.cc.
namespace zq::inspection {
namespace {

using internal::Reach;
using store::Value;

std::vector<std::string> SplitTeam(const std::string& team) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < team.size()) {
    const std::size_t comma = team.find(',', start);
    const std::size_t end = comma == std::string::npos ? team.size() : comma;
    out.push_back(team.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool OnTeam(const std::string& team, std::string_view inspector_id) {
  if (inspector_id.empty())
    return false;
  const std::vector<std::string> members = SplitTeam(team);
  return std::find(members.begin(), members.end(), inspector_id) != members.end();
}

}  // namespace

std::string ResultService::InspectorIdOf(const auth::Caller& caller) {
  if (!caller.ActsForAuthority())
    return {};
  Result<registry::Inspector> me = registry_.InspectorOfCaller(caller);
  return me.ok() ? me->inspector_id : std::string();
}

Window ResultService::WindowFor(AppealKind kind, std::string_view category) const {
  const auto& overrides =
      kind == AppealKind::kObjection ? rules_.objection_by_category : rules_.retest_by_category;
  Window window = kind == AppealKind::kObjection ? rules_.objection : rules_.retest;
  std::size_t longest = 0;
  for (const auto& [prefix, w] : overrides) {
    if (category.starts_with(prefix) && prefix.size() >= longest) {
      longest = prefix.size();
      window = w;
    }
  }
  return window;
}

void ResultService::FillDeadlines(Batch& batch) const {
  if (!batch.notified_on.empty() && batch.initial_verdict == "fail") {
    const std::string_view category = batch.sampling.category_code;
    Result<std::string> objection =
        internal::WindowEnd(batch.notified_on, WindowFor(AppealKind::kObjection, category));
    Result<std::string> retest =
        internal::WindowEnd(batch.notified_on, WindowFor(AppealKind::kRetest, category));
    batch.objection_deadline = objection.ok() ? *objection : std::string();
    if (batch.retest_deadline.empty())  // else moved on by a rejected objection (stored)
      batch.retest_deadline = retest.ok() ? *retest : std::string();
  }
  batch.publication_overdue = batch.status == "final" && batch.published_on.empty() &&
                              internal::DateAfter(TodayText(clock_), batch.publication_due);
}

Result<ResultService::Scoped> ResultService::LoadScoped(store::Transaction& tx,
                                                        const auth::Caller& caller,
                                                        std::int64_t batch_id, Need need) {
  const std::vector<Value> key = {batch_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query(fmt::format("{} WHERE b.id = ?", internal::BatchSelect()), key));
  if (rs.rows.empty())
    return Status::NotFound("no such batch", "batch_id");
  Scoped s;
  ZQ_ASSIGN_OR_RETURN(s.row,
                      internal::BatchFromRow(rs.rows[0], cipher_, caller.CanSeePersonalData()));
  s.reach = internal::ReachOf(caller, s.row.plan_region, s.row.batch.region_code, s.row.batch.uscc);
  const bool allowed = need == Need::kRead ? s.reach != Reach::kNone
                       : need == Need::kFirmOrWriter
                           ? (s.reach == Reach::kWrite || s.reach == Reach::kOwnFirm)
                           : s.reach == Reach::kWrite;
  if (!allowed)
    return Status::NotFound("no such batch in your jurisdiction", "batch_id");
  ZQ_RETURN_IF_ERROR(internal::LoadDetails(tx, s.row.batch));
  FillDeadlines(s.row.batch);
  return s;
}

Result<Batch> ResultService::Reload(const auth::Caller& caller, std::int64_t batch_id) {
  return GetBatch(caller, batch_id);
}

Result<Batch> ResultService::GetBatch(const auth::Caller& caller, std::int64_t batch_id) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(*tx, caller, batch_id, Need::kRead));
  return std::move(s.row.batch);
}

Result<std::vector<Batch>> ResultService::ListBatches(const auth::Caller& caller,
                                                      const BatchFilter& filter) {
  ZQ_RETURN_IF_ERROR(CheckPage(filter.page, filter.page_size));
  std::string where = "WHERE 1 = 1";
  std::vector<Value> params;
  if (caller.ActsForEntity()) {
    where += " AND b.uscc = ?";
    params.emplace_back(caller.uscc);
  }
  if (filter.plan_id) {
    where += " AND b.plan_id = ?";
    params.emplace_back(*filter.plan_id);
  }
  if (!filter.status.empty()) {
    where += " AND b.status = ?";
    params.emplace_back(filter.status);
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::vector<Batch> out;
  const std::size_t skip = static_cast<std::size_t>(filter.page - 1) * filter.page_size;
  std::size_t seen = 0;
  Status mapped = Status::Ok();
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      fmt::format("{} {} ORDER BY b.id DESC", internal::BatchSelect(), where), params,
      [&](const store::Row& row) {
        Result<internal::BatchRow> r =
            internal::BatchFromRow(row, cipher_, caller.CanSeePersonalData());
        if (!r.ok()) {
          mapped = r.status();
          return false;
        }
        if (internal::ReachOf(caller, r->plan_region, r->batch.region_code, r->batch.uscc) ==
            Reach::kNone)
          return true;
        if (seen++ >= skip) {
          FillDeadlines(r->batch);
          out.push_back(std::move(r->batch));
        }
        return out.size() < static_cast<std::size_t>(filter.page_size);
      }));
  ZQ_RETURN_IF_ERROR(mapped);
  return out;
}

Result<std::vector<TaskSummary>> ResultService::ListTasks(const auth::Caller& caller,
                                                          const TaskFilter& filter) {
  std::string where = "WHERE t.unstaffed_reason = ''";
  std::vector<Value> params;
  std::string inspector_id = filter.inspector_id;
  std::string me;  // the caller's own inspector: only looked up for 我的任务
  if (filter.mine) {
    ZQ_ASSIGN_OR_RETURN(const registry::Inspector linked, registry_.InspectorOfCaller(caller));
    me = inspector_id = linked.inspector_id;
  }
  if (filter.plan_id) {
    where += " AND t.plan_id = ?";
    params.emplace_back(*filter.plan_id);
  }
  if (!inspector_id.empty()) {
    store::SqlCondition holds = store::CommaListHolds("t.inspectors", inspector_id);
    where += " AND " + holds.sql;
    params.emplace_back(std::move(holds.param));
  }
  if (filter.open_only) {
    where += " AND COALESCE(b.status, 'drawn') NOT IN ('final', 'annulled')";
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::vector<TaskSummary> out;
  ZQ_RETURN_IF_ERROR(tx->QueryEach(
      fmt::format(
          "SELECT t.id, t.plan_id, p.plan_code, p.name, t.uscc, COALESCE(e.name, ''), "
          "t.region_code, t.drawn_on, t.inspectors, COALESCE(b.id, 0), "
          "COALESCE(b.status, 'drawn'), p.region_code "
          "FROM inspection_tasks t JOIN inspection_plans p ON p.id = t.plan_id "
          "LEFT JOIN inspection_batches b ON b.task_id = t.id "
          "LEFT JOIN registry_entity_facts e ON e.uscc = t.uscc {} ORDER BY t.id LIMIT 2000",
          where),
      params, [&](const store::Row& r) {
        const Reach reach = internal::ReachOf(caller, r.GetText(11), r.GetText(6), r.GetText(4));
        const bool on_team = OnTeam(r.GetText(8), me);
        if (reach != Reach::kRead && reach != Reach::kWrite && !on_team)
          return true;
        out.push_back({r.GetInt(0), r.GetInt(1), r.GetText(2), r.GetText(3), r.GetText(4),
                       r.GetText(5), r.GetText(6), r.GetText(7), SplitTeam(r.GetText(8)),
                       r.GetInt(9), r.GetText(10),
                       r.GetInt(9) == 0 && (reach == Reach::kWrite || on_team)});
        return true;
      }));
  return out;
}

Result<Batch> ResultService::RecordSample(const auth::Caller& caller, std::int64_t task_id,
                                          SamplingRecord record) {
  ZQ_RETURN_IF_ERROR(internal::ValidateSampling(record));
  if (internal::DateAfter(record.sampled_on, TodayText(clock_)))
    return Status::InvalidArgument("sampled_on lies in the future", "sampled_on");
  std::int64_t batch_id = 0;
  const std::string me = InspectorIdOf(caller);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> key = {task_id};
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet rs,
        tx.Query("SELECT t.plan_id, t.uscc, t.region_code, t.drawn_on, t.unstaffed_reason, "
                 "p.region_code, p.parameters, t.inspectors FROM inspection_tasks t "
                 "JOIN inspection_plans p ON p.id = t.plan_id WHERE t.id = ?",
                 key));
    if (rs.rows.empty())
      return Status::NotFound("no such task", "task_id");
    const store::Row& t = rs.rows[0];
    // The plan's bureau (or above), or an inspector of the task's team signed in as themself.
    if (internal::ReachOf(caller, t.GetText(5), t.GetText(2), t.GetText(1)) != Reach::kWrite &&
        !OnTeam(t.GetText(7), me))
      return Status::NotFound("no such task in your jurisdiction", "task_id");
    if (!t.GetText(4).empty())
      return Status::FailedPrecondition("the task has no inspection team", "task_id");
    if (record.sampled_on < t.GetText(3))
      return Status::InvalidArgument("sampled_on is before the draw", "sampled_on");
    const nlohmann::json parameters = nlohmann::json::parse(t.GetText(6), nullptr, false);
    const std::vector<std::string> categories =
        parameters.is_object() ? parameters.value("product_categories", std::vector<std::string>{})
                               : std::vector<std::string>{};
    if (std::find(categories.begin(), categories.end(), record.category_code) == categories.end()) {
      return Status::InvalidArgument("the category is not one of the plan's", "category_code");
    }
    ZQ_ASSIGN_OR_RETURN(store::ResultSet taken,
                        tx.Query("SELECT id FROM inspection_batches WHERE task_id = ?", key));
    if (!taken.rows.empty())
      return Status::AlreadyExists("this task's sample is already recorded", "task_id");
    const std::string now = auth::FormatTimestamp(clock_.Now());
    const std::vector<Value> row = {task_id,
                                    t.GetInt(0),
                                    t.GetText(1),
                                    t.GetText(2),
                                    std::string("sampled"),
                                    record.sampled_on,
                                    record.place,
                                    record.batch_number,
                                    record.quantity,
                                    record.reserve_quantity,
                                    record.category_code,
                                    record.product_name,
                                    record.specification,
                                    record.brand,
                                    cipher_.Seal(nlohmann::json(record.samplers).dump()),
                                    caller.actor,
                                    now};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO inspection_batches (task_id, plan_id, uscc, region_code, status, "
                   "sampled_on, place, batch_number, quantity, reserve_quantity, category_code, "
                   "product_name, specification, brand, samplers, recorded_by, updated_at) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   row)
            .status());
    ZQ_ASSIGN_OR_RETURN(store::ResultSet id,
                        tx.Query("SELECT id FROM inspection_batches WHERE task_id = ?", key));
    batch_id = id.rows.at(0).GetInt(0);
    return audit_.Append(
        tx, caller, "inspection.sample.record", fmt::format("batch:{}", batch_id),
        nlohmann::json{{"task_id", task_id}, {"batch_number", record.batch_number}}.dump());
  }));
  return Reload(caller, batch_id);
}

Result<Batch> ResultService::RecordResults(const auth::Caller& caller, std::int64_t batch_id,
                                           TestResults results) {
  ZQ_RETURN_IF_ERROR(internal::ValidateResults(results, TodayText(clock_)));
  const Verdict verdict = BatchVerdictOf(results.items);
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    if (s.row.batch.status != "sampled")
      return Status::FailedPrecondition("the results are already recorded", "status");
    if (results.tested_on < s.row.batch.sampling.sampled_on)
      return Status::InvalidArgument("tested_on is before sampled_on", "tested_on");
    ZQ_RETURN_IF_ERROR(internal::InsertItems(tx, batch_id, "initial", results.items));
    const std::vector<Value> update = {results.institution,
                                       results.report_number,
                                       results.tested_on,
                                       std::string(VerdictName(verdict)),
                                       auth::FormatTimestamp(clock_.Now()),
                                       batch_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET status = 'tested', "
                                  "institution = ?, report_number = ?, tested_on = ?, "
                                  "initial_verdict = ?, updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    ZQ_RETURN_IF_ERROR(audit_.Append(
        tx, caller, "inspection.results.record", fmt::format("batch:{}", batch_id),
        nlohmann::json{{"verdict", VerdictName(verdict)}, {"items", results.items.size()}}.dump()));
    if (verdict == Verdict::kFail)
      return Status::Ok();
    // A passing batch has nothing to appeal: its verdict is final on the report's date.
    s.row.batch.results = results;
    return SetFinal(tx, caller, s, Verdict::kPass, /*retested=*/false, results.tested_on);
  }));
  if (verdict == Verdict::kPass)
    ApplyToCube(batch_id);
  return Reload(caller, batch_id);
}

Result<Batch> ResultService::RecordNotice(const auth::Caller& caller, std::int64_t batch_id,
                                          std::string_view received_on) {
  ZQ_RETURN_IF_ERROR(ParseDate(received_on, "received_on").status());
  if (internal::DateAfter(received_on, TodayText(clock_)))
    return Status::InvalidArgument("received_on lies in the future", "received_on");
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(Scoped s, LoadScoped(tx, caller, batch_id, Need::kWriter));
    const Batch& b = s.row.batch;
    if (b.initial_verdict.empty())
      return Status::FailedPrecondition("no results to notify yet", "status");
    if (!b.notified_on.empty())
      return Status::FailedPrecondition("the notice is already recorded", "received_on");
    if (received_on < b.results.tested_on)
      return Status::InvalidArgument("received_on is before the report", "received_on");
    const std::string status = b.status == "tested" ? "notified" : b.status;
    const std::vector<Value> update = {std::string(received_on), status,
                                       auth::FormatTimestamp(clock_.Now()), batch_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_batches SET notified_on = ?, status = ?, "
                                  "updated_at = ? WHERE id = ?",
                                  update)
                           .status());
    return audit_.Append(tx, caller, "inspection.notice.record", fmt::format("batch:{}", batch_id),
                         nlohmann::json{{"received_on", received_on}}.dump());
  }));
  return Reload(caller, batch_id);
}

}  // namespace zq::inspection
