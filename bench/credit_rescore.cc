// Credit rescoring at scale (issue 6): the full rescore of every entity (credit/rescore.h) and the
// incremental update of one entity after a new event, against the baseline of the same scoring
// written as SQL (GROUP BY) in the same database, in the same run. The SQL is built from the same
// rule set (points × risk weight × decay step, display periods, the 60-month cap, list vetoes)
// and its classes are compared with the engine's, so the baseline is the same computation.
//   zq_bench_credit DB_PATH [--scale small|million|province] [--incremental N]
// small: 20k entities / 70k events; million: 1M / 3.5M; province: 14M / 50M (SQLite file).
#include <chrono>
#include <cstring>
#include <iostream>
#include <random>

#include <fmt/format.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "credit/credit_service.h"
#include "credit/event_catalogue.h"
#include "credit/rescore.h"

namespace {

using namespace zq;  // NOLINT(google-build-using-namespace): a benchmark program
using Steady = std::chrono::steady_clock;

double Seconds(Steady::time_point t0) {
  return std::chrono::duration<double>(Steady::now() - t0).count();
}

// Event kinds with their share of all events (a province's yearly mix, rounded).
struct Mix {
  const char* type;
  int weight;
};

constexpr Mix kMix[] = {{"tax.grade_b", 300},        {"tax.grade_a", 60},
                        {"tax.grade_m", 40},         {"tax.grade_c", 20},
                        {"tax.grade_d", 6},          {"spot_check.passed", 120},
                        {"spot_check.failed", 15},   {"penalty.minor", 40},
                        {"penalty.ordinary", 50},    {"penalty.heavy", 5},
                        {"complaint.upheld", 80},    {"certification.granted", 90},
                        {"award.brand", 5},          {"recall.voluntary", 3},
                        {"list.abnormal.added", 60}, {"list.abnormal.removed", 30},
                        {"list.serious.added", 2},   {"court.judgement", 10}};

Status Generate(store::Database& db, std::int64_t entities, std::int32_t today) {
  const std::vector<std::string> columns = {
      "source",        "source_id", "event_type",   "uscc",    "region_code", "occurred_on",
      "display_until", "severity",  "evidence_ref", "summary", "recorded_by", "recorded_at"};
  std::mt19937_64 rng(20261124);
  std::vector<int> cumulative;
  int total = 0;
  for (const Mix& m : kMix) cumulative.push_back(total += m.weight);
  const credit::EventCatalogue& catalogue = credit::EventCatalogue::Builtin();
  std::vector<std::vector<store::Value>> rows;
  std::int64_t serial = 0;
  for (std::int64_t i = 0; i < entities; ++i) {
    const std::string uscc = fmt::format("91370{:03d}MA{:08d}", i % 97, i);
    const std::string region = fmt::format("370{:03d}", i % 97);
    const int n = static_cast<int>(rng() % 8);  // 0-7 events: 3.5 on average
    for (int k = 0; k < n; ++k) {
      const int pick = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
      std::size_t t = 0;
      while (cumulative[t] <= pick) ++t;
      const std::int32_t day = today - static_cast<std::int32_t>(rng() % (4 * 365));
      const std::string occurred = credit::DayText(day);
      const int months = catalogue.Find(kMix[t].type, occurred)->display_months;
      rows.push_back({std::string("bench"), fmt::format("{}", ++serial), std::string(kMix[t].type),
                      uscc, region, occurred,
                      months == 0 ? std::string() : credit::DayText(credit::AddMonths(day, months)),
                      std::int64_t{1}, std::string("bench"), std::string(), std::string("bench"),
                      std::string("2026-11-24T00:00:00Z")});
    }
    if (rows.size() >= 200000 || i + 1 == entities) {
      ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
        return tx.BulkInsert("credit_events", columns, rows);
      }));
      rows.clear();
    }
  }
  return Status::Ok();
}

// The risk-class computation of credit::Assess written as one GROUP BY query.
std::string ScoringSql(const credit::RuleSet& rules, const std::string& as_of) {
  std::string points = "CASE event_type";
  for (const credit::EventType& t : credit::EventCatalogue::Builtin().entries()) {
    const credit::EventRule* r = rules.Find(t.code);
    const auto w = rules.risk_axis().weights.find(r->dimension);
    const double weight = w == rules.risk_axis().weights.end() ? 0 : w->second;
    points += fmt::format(" WHEN '{}' THEN {}", t.code, r->points * weight);
  }
  points += " ELSE 0 END";
  const std::string age = fmt::format(
      "(CAST(substr('{0}', 1, 4) AS INTEGER) - CAST(substr(occurred_on, 1, 4) AS INTEGER) - "
      "(substr('{0}', 6, 5) < substr(occurred_on, 6, 5)))",
      as_of);
  std::string decay = "CASE";
  for (const credit::DecayStep& s : rules.decay()) {
    if (s.max_age_years > 0)
      decay += fmt::format(" WHEN {} < {} THEN {}", age, s.max_age_years, s.factor);
    else
      decay += fmt::format(" ELSE {} END", s.factor);
  }
  const std::string cap =
      credit::DayText(credit::AddMonths(*credit::DayNumber(as_of), -rules.negative_cap_months()));
  const credit::Axis& a = rules.risk_axis();
  return fmt::format(
      "CREATE TEMP TABLE sql_classes AS SELECT uscc, CASE "
      "WHEN serious THEN 'D' WHEN score >= {3} AND NOT abnormal THEN 'A' "
      "WHEN score >= {4} AND NOT abnormal THEN 'B' WHEN score >= {5} THEN 'C' ELSE 'D' END "
      "AS risk_class FROM (SELECT uscc, {6} + SUM(CASE WHEN occurred_on <= '{0}' AND "
      "(display_until = '' OR display_until > '{0}') AND NOT (({1}) < 0 AND occurred_on < '{7}') "
      "THEN ({1}) * ({2}) ELSE 0 END) AS score, "
      "COALESCE(MAX(CASE WHEN event_type = 'list.serious.added' AND occurred_on <= '{0}' THEN "
      "occurred_on END), '') > COALESCE(MAX(CASE WHEN event_type = 'list.serious.removed' AND "
      "occurred_on <= '{0}' THEN occurred_on END), '0') AS serious, "
      "COALESCE(MAX(CASE WHEN event_type = 'list.abnormal.added' AND occurred_on <= '{0}' THEN "
      "occurred_on END), '') > COALESCE(MAX(CASE WHEN event_type = 'list.abnormal.removed' AND "
      "occurred_on <= '{0}' THEN occurred_on END), '0') AS abnormal "
      "FROM credit_events GROUP BY uscc) s",
      as_of, points, decay, a.minimums[0], a.minimums[1], a.minimums[2], a.base, cap);
}

int Fail(const Status& s) {
  std::cerr << s.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: zq_bench_credit DB_PATH [--scale small|million|province] "
                 "[--incremental N]\n";
    return 2;
  }
  std::int64_t entities = 20000;
  int incremental = 1000;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--scale") == 0) {
      const std::string s = argv[i + 1];
      entities = s == "province" ? 14'000'000 : s == "million" ? 1'000'000 : 20'000;
    } else if (std::strcmp(argv[i], "--incremental") == 0) {
      incremental = std::atoi(argv[i + 1]);
    }
  }
  auto opened = store::Database::Open(argv[1]);
  if (!opened.ok())
    return Fail(opened.status());
  store::Database& db = **opened;
  if (Status s = db.Migrate(); !s.ok())
    return Fail(s);
  const std::int32_t today = *credit::DayNumber("2026-11-24");
  const std::string as_of = credit::DayText(today);
  const credit::RuleSet& rules = credit::RuleSet::Builtin().back();
  std::int64_t events = 0;
  {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    events = (*tx->Query("SELECT COUNT(*) FROM credit_events")).rows.at(0).GetInt(0);
  }
  if (events == 0) {
    const auto t0 = Steady::now();
    if (Status s = Generate(db, entities, today); !s.ok())
      return Fail(s);
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    events = (*tx->Query("SELECT COUNT(*) FROM credit_events")).rows.at(0).GetInt(0);
    fmt::print("generated {} events for {} entities in {:.1f} s\n", events, entities, Seconds(t0));
  }

  // Full rescore: first run (every entity gets its first grade row), then a re-run as of the
  // same day (nothing changes: read and score only).
  auto t0 = Steady::now();
  auto first = credit::RescoreAllEntities(db, rules, today, "bench");
  if (!first.ok())
    return Fail(first.status());
  const double first_s = Seconds(t0);
  t0 = Steady::now();
  auto again = credit::RescoreAllEntities(db, rules, today, "bench");
  if (!again.ok())
    return Fail(again.status());
  const double again_s = Seconds(t0);

  // Baseline: the same scoring as SQL, into a temporary table.
  t0 = Steady::now();
  Status sql = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE IF EXISTS sql_classes").status());
    return tx.Execute(ScoringSql(rules, as_of)).status();
  });
  if (!sql.ok())
    return Fail(sql);
  const double sql_s = Seconds(t0);
  std::int64_t mismatches = 0;
  {
    auto tx = std::move(db.Begin(store::TxMode::kReadWrite)).value();
    mismatches =
        (*tx->Query("SELECT COUNT(*) FROM sql_classes s JOIN credit_grades g ON g.uscc = s.uscc "
                    "AND g.id = (SELECT MAX(id) FROM credit_grades WHERE uscc = s.uscc) "
                    "WHERE g.risk_class <> s.risk_class"))
            .rows.at(0)
            .GetInt(0);
  }
  fmt::print("full rescore, {} entities / {} events (SQLite, 1 thread):\n", first->entities,
             first->events);
  fmt::print("  engine, first run (writes {} grade rows): {:.2f} s\n", first->changed, first_s);
  fmt::print("  engine, re-run (writes {} rows):          {:.2f} s\n", again->changed, again_s);
  fmt::print(
      "  baseline SQL GROUP BY (classes only):     {:.2f} s   ratio engine re-run / SQL "
      "{:.2f}; class mismatches engine vs SQL: {}\n",
      sql_s, again_s / sql_s, mismatches);

  // Incremental: one new event for one entity and its rescore, each in its own transaction
  // (what CreditService::RecordEvent does), against the baseline of the same insert alone.
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2026} / 11 / 24});
  auto keys = *auth::KeyRing::FromMasterKey(std::string(32, 'b'));
  auth::AuditLog audit(keys.audit_chain(), clock);
  registry::Registry reg(db, audit, keys.personal_data(), clock);
  credit::CreditService service(db, reg, audit, clock);
  if (Status s = service.LoadRuleSets(); !s.ok())
    return Fail(s);
  const auto insert = [&](store::Transaction& tx, int i, const std::string& uscc) {
    const std::vector<store::Value> row = {std::string("bench-inc"),
                                           fmt::format("{}-{}", i, uscc),
                                           std::string("complaint.upheld"),
                                           uscc,
                                           std::string("370001"),
                                           as_of,
                                           std::string("2028-11-24"),
                                           std::int64_t{1},
                                           std::string("x"),
                                           std::string(),
                                           std::string("bench"),
                                           std::string("t")};
    return tx
        .Execute(
            "INSERT INTO credit_events (source, source_id, event_type, uscc, region_code, "
            "occurred_on, display_until, severity, evidence_ref, summary, recorded_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row)
        .status();
  };
  std::mt19937_64 rng(7);
  double with_rescore = 0;
  double insert_only = 0;
  for (int pass = 0; pass < 2; ++pass) {
    t0 = Steady::now();
    for (int i = 0; i < incremental; ++i) {
      const std::int64_t n =
          static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(entities));
      const std::string uscc = fmt::format("91370{:03d}MA{:08d}", n % 97, n);
      Status s = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
        ZQ_RETURN_IF_ERROR(insert(tx, pass * incremental + i, uscc));
        if (pass == 1)
          return service.RescoreInTx(tx, uscc, "370001").status();
        return Status::Ok();
      });
      if (!s.ok())
        return Fail(s);
    }
    (pass == 0 ? insert_only : with_rescore) = Seconds(t0) * 1000.0 / incremental;
  }
  fmt::print(
      "incremental, {} single-event updates: insert + rescore {:.3f} ms/entity; baseline "
      "insert alone {:.3f} ms; rescore share {:.3f} ms\n",
      incremental, with_rescore, insert_only, with_rescore - insert_only);
  return 0;
}
