// The draw ceremony on the store (SpotCheckService::CommitDraw, RunDraw, ListDraws): the
// commitment with the parties' commitments and the run no earlier than the plan's notice allows
// (docs/random-draw.md §1).
#include <algorithm>
#include <map>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "inspection/internal/spot_check_rows.h"
#include "inspection/spot_check_service.h"

namespace zq::inspection {
namespace {

using store::Value;

// The party name of the bureau's own share of the seed, generated and sealed by the platform.
constexpr std::string_view kBureauParty = "bureau";

// The sequence number of the newest audit entry `action` on `object`: the entry just appended
// (read after the commit: on PostgreSQL the entry is written together with COMMIT). Through the
// audit log's own search, newest first; a later draw's "draw:1…" shares the prefix, so the exact
// object is picked from the page.
Result<std::int64_t> AuditSeqOf(store::Database& db, const auth::AuditLog& audit,
                                std::string_view action, const std::string& object) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      const std::vector<auth::AuditEntry> entries,
      audit.Search(*tx, auth::Caller::System(),
                   {.action_prefix = std::string(action), .object_prefix = object, .limit = 100}));
  for (const auth::AuditEntry& e : entries) {
    if (e.action == action && e.object == object)
      return e.seq;
  }
  return std::int64_t{0};
}

Status RecordAuditSeq(store::Database& db, const auth::AuditLog& audit, std::int64_t draw_id,
                      std::string_view action, const char* column) {
  const std::string object = fmt::format("draw:{}", draw_id);
  ZQ_ASSIGN_OR_RETURN(const std::int64_t seq, AuditSeqOf(db, audit, action, object));
  return store::InTransaction(db, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> p = {seq, draw_id};
    return tx.Execute(fmt::format("UPDATE inspection_draws SET {} = ? WHERE id = ?", column), p)
        .status();
  });
}

std::string UnstaffedName(const DrawTask& t) {
  if (!t.unstaffed)
    return "";
  return *t.unstaffed == UnstaffedReason::kTooFewQualified ? "too_few_qualified" : "cap_reached";
}

}  // namespace

using internal::CheckWriter;
using internal::DrawColumns;
using internal::WithActions;

Result<DrawSummary> SpotCheckService::CommitDraw(const auth::Caller& caller, std::int64_t plan_id,
                                                 std::vector<SeedContribution> witnesses,
                                                 std::string beacon_source) {
  ZQ_ASSIGN_OR_RETURN(SpotCheckPlan plan, GetPlan(caller, plan_id));
  ZQ_RETURN_IF_ERROR(CheckWriter(caller, plan.region_code));
  for (const SeedContribution& w : witnesses) {
    if (w.party == kBureauParty)
      return Status::InvalidArgument("the party \"bureau\" is the platform's own",
                                     "contributions.party");
  }
  const std::string today = fmt::format("{:%F}", std::chrono::sys_days(clock_.TodayInChina()));
  plan.parameters.draw_date = today;

  ZQ_ASSIGN_OR_RETURN(
      std::vector<registry::Manufacturer> makers,
      registry_.ManufacturersIn(caller, plan.region_code, plan.parameters.product_categories));
  std::map<std::string, credit::RiskClass> classes;
  if (credit_ != nullptr) {
    std::vector<std::string> usccs;
    usccs.reserve(makers.size());
    for (const registry::Manufacturer& m : makers) usccs.push_back(m.uscc);
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(classes, credit_->RiskClasses(*tx, usccs));
  }
  std::vector<FrameEntry> frame;
  frame.reserve(makers.size());
  for (registry::Manufacturer& m : makers) {
    const auto graded = classes.find(m.uscc);
    // A firm the credit module has not graded is class B.
    const RiskClass risk_class = graded == classes.end() ? RiskClass::kB : graded->second;
    frame.push_back(
        {std::move(m.uscc), std::move(m.region_code), risk_class, std::move(m.category_codes)});
  }
  ZQ_ASSIGN_OR_RETURN(std::vector<registry::Inspector> officers,
                      registry_.InspectorPool(caller, plan.region_code));
  std::vector<Inspector> pool;
  pool.reserve(officers.size());
  for (const registry::Inspector& o : officers) {
    pool.push_back({o.inspector_id,
                    o.unit,
                    o.region_code,
                    internal::DrawQualifications(o.qualifications),
                    {}});
  }
  ExclusionInputs exclusions;
  {
    ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
    ZQ_ASSIGN_OR_RETURN(exclusions, LoadExclusions(*tx, plan, today));
  }
  ZQ_ASSIGN_OR_RETURN(EligibleFrame eligible,
                      BuildEligibleFrame(std::move(frame), plan.parameters, exclusions));
  // The bureau's share: a fresh secret, sealed until the run.
  const std::string secret = internal::SeedHex(NewSeed());
  ZQ_ASSIGN_OR_RETURN(const std::string secret_bytes, auth::FromHex(secret));
  witnesses.push_back({std::string(kBureauParty), auth::ToHex(auth::Sm3(secret_bytes)), ""});
  ZQ_ASSIGN_OR_RETURN(DrawRecord record,
                      inspection::CommitDraw(std::move(eligible), std::move(pool), plan.parameters,
                                             std::move(witnesses), beacon_source));
  const auto committed_at = clock_.Now();
  const std::string now = auth::FormatTimestamp(committed_at);
  const std::string run_not_before =
      auth::FormatTimestamp(committed_at + std::chrono::minutes(plan.min_commit_interval_minutes));
  DrawSummary summary;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> row = {plan.id,
                                    std::string("committed"),
                                    record.commitment,
                                    record.frame_hash,
                                    record.pool_hash,
                                    record.parameters_hash,
                                    cipher_.Seal(secret),
                                    DrawRecordToJson(record).dump(),
                                    static_cast<std::int64_t>(record.frame.size()),
                                    static_cast<std::int64_t>(record.excluded.size()),
                                    static_cast<std::int64_t>(record.pool.size()),
                                    now,
                                    run_not_before};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO inspection_draws (plan_id, status, commitment, "
                                  "frame_hash, pool_hash, parameters_hash, sealed_seed, record, "
                                  "frame_size, excluded, pool_size, committed_at, run_not_before) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  row)
                           .status());
    const std::vector<Value> key = {record.commitment};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query(fmt::format("SELECT {} FROM inspection_draws WHERE commitment = ?",
                                             DrawColumns().List()),
                                 key));
    summary = DrawColumns().FromRow(rs.rows.at(0));
    return audit_.Append(tx, caller, "inspection.draw.commit", fmt::format("draw:{}", summary.id),
                         nlohmann::json{{"plan", plan.plan_code},
                                        {"commitment", record.commitment},
                                        {"frame_hash", record.frame_hash},
                                        {"scope_hash", record.scope_hash},
                                        {"beacon_source", record.beacon_source},
                                        {"run_not_before", run_not_before}}
                             .dump());
  }));
  ZQ_RETURN_IF_ERROR(
      RecordAuditSeq(db_, audit_, summary.id, "inspection.draw.commit", "commit_audit_seq"));
  return WithActions(plan, std::move(summary));
}

Result<DrawSummary> SpotCheckService::RunDraw(const auth::Caller& caller, std::int64_t draw_id,
                                              DrawReveal reveal) {
  DrawSummary summary;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const std::vector<Value> key = {draw_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                        tx.Query("SELECT plan_id, status, sealed_seed, record, run_not_before "
                                 "FROM inspection_draws WHERE id = ?",
                                 key));
    if (rs.rows.empty())
      return Status::NotFound("no such draw", "draw_id");
    ZQ_ASSIGN_OR_RETURN(SpotCheckPlan plan, LoadPlan(tx, rs.rows[0].GetInt(0)));
    ZQ_RETURN_IF_ERROR(CheckWriter(caller, plan.region_code));
    if (rs.rows[0].GetText(1) != "committed")
      return Status::FailedPrecondition("this draw has already run", "draw_id");
    const std::string now = auth::FormatTimestamp(clock_.Now());
    const std::string not_before = rs.rows[0].GetText(4);
    if (now < not_before) {
      return Status::FailedPrecondition(
          "the commitment must be public until " + not_before + " before the draw may run",
          "run_not_before");
    }
    ZQ_ASSIGN_OR_RETURN(std::string secret_hex, cipher_.Open(rs.rows[0].GetText(2)));
    ZQ_ASSIGN_OR_RETURN(DrawRecord committed, DrawRecordFromJson(nlohmann::json::parse(
                                                  rs.rows[0].GetText(3), nullptr, false)));
    DrawRecord drawn;
    if (committed.contributions.empty()) {  // a draw committed before the parties' seed
      if (!reveal.beacon.empty())  // no source could be announced (docs/random-draw.md §1.3)
        return Status::InvalidArgument(
            "no beacon source was announced with the commitment: a beacon chosen at the run could "
            "steer the draw",
            "beacon");
      ZQ_ASSIGN_OR_RETURN(std::string seed, auth::FromHex(secret_hex));
      ZQ_ASSIGN_OR_RETURN(drawn, inspection::RunDraw(std::move(committed), seed, {}));
    } else {
      for (const SeedContribution& c : reveal.contributions) {
        if (c.party == kBureauParty)
          return Status::InvalidArgument("the bureau's secret is the platform's", "contributions");
      }
      reveal.contributions.push_back({std::string(kBureauParty), "", std::move(secret_hex)});
      ZQ_ASSIGN_OR_RETURN(
          drawn, inspection::RunDraw(std::move(committed), reveal.contributions, reveal.beacon));
    }
    const auto unstaffed_count =
        std::count_if(drawn.tasks.begin(), drawn.tasks.end(),
                      [](const DrawTask& t) { return t.unstaffed.has_value(); });
    const std::vector<Value> update = {DrawRecordToJson(drawn).dump(),
                                       static_cast<std::int64_t>(drawn.tasks.size()),
                                       static_cast<std::int64_t>(unstaffed_count), now, draw_id};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE inspection_draws SET status = 'drawn', sealed_seed = '', "
                                  "record = ?, tasks = ?, unstaffed = ?, drawn_at = ? WHERE id = ?",
                                  update)
                           .status());
    // The published frame is in canonical (USCC) order: look each target up rather than index
    // a million rows for ten thousand tasks.
    auto region_of = [&drawn](const std::string& uscc) -> std::string {
      auto it = std::lower_bound(
          drawn.frame.begin(), drawn.frame.end(), uscc,
          [](const FrameEntry& f, const std::string& target) { return f.uscc < target; });
      return it != drawn.frame.end() && it->uscc == uscc ? it->region_code : std::string();
    };
    std::vector<std::vector<Value>> rows;
    rows.reserve(drawn.tasks.size());
    for (const DrawTask& t : drawn.tasks) {
      std::string team;
      for (const std::string& id : t.inspectors) team += (team.empty() ? "" : ",") + id;
      rows.push_back({draw_id, plan.id, std::int64_t{t.number}, t.uscc, region_of(t.uscc),
                      std::string(1, RiskClassLetter(t.risk_class)), team, UnstaffedName(t),
                      drawn.parameters.draw_date});
    }
    static const std::vector<std::string> kTaskColumns = {
        "draw_id",    "plan_id",    "task_number",      "uscc",    "region_code",
        "risk_class", "inspectors", "unstaffed_reason", "drawn_on"};
    if (!rows.empty())
      ZQ_RETURN_IF_ERROR(tx.BulkInsert("inspection_tasks", kTaskColumns, rows));
    ZQ_ASSIGN_OR_RETURN(
        store::ResultSet after,
        tx.Query(fmt::format("SELECT {} FROM inspection_draws WHERE id = ?", DrawColumns().List()),
                 key));
    summary = DrawColumns().FromRow(after.rows.at(0));
    return audit_.Append(tx, caller, "inspection.draw.run", fmt::format("draw:{}", draw_id),
                         nlohmann::json{{"plan", plan.plan_code},
                                        {"seed", drawn.seed},
                                        {"beacon", drawn.beacon},
                                        {"tasks", rows.size()}}
                             .dump());
  }));
  ZQ_RETURN_IF_ERROR(RecordAuditSeq(db_, audit_, draw_id, "inspection.draw.run", "run_audit_seq"));
  return summary;
}

Result<std::vector<DrawSummary>> SpotCheckService::ListDraws(const auth::Caller& caller,
                                                             std::int64_t plan_id) {
  ZQ_ASSIGN_OR_RETURN(const SpotCheckPlan plan, GetPlan(caller, plan_id));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> key = {plan_id};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT {} FROM inspection_draws WHERE plan_id = ? ORDER BY id",
                            DrawColumns().List()),
                key));
  std::vector<DrawSummary> out;
  for (const store::Row& row : rs.rows)
    out.push_back(WithActions(plan, DrawColumns().FromRow(row)));
  return out;
}

}  // namespace zq::inspection
