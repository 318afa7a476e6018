// Credit rescoring at scale (issue 6): the full rescore of every entity (credit/rescore.h) and the
// incremental update of one entity after a new event, against baselines measured in the same run
// on the same database: the same scoring written as SQL (one GROUP BY) for the full rescore, the
// event insert alone for the incremental update, and a look-up per firm for RiskClasses. The SQL
// is built from the same rule set (points × severity factor × decay step × risk weight, display
// periods, the 60-month cap, list vetoes with ties broken by id) and its classes are compared
// with the engine's, so the baseline is the same computation.
//   zq_bench_credit DB_PATH [--scale small|city|province] [--incremental N] [--generate-only]
//                   [--skip-full]   (the incremental and RiskClasses measures only)
// small: 20k entities / 70k events; city (or million): 1M / 3.5M; province: 14M / 50M (SQLite
// file). The floor beside them: the rows the engine reads selected into nothing (BareScan).
// Events are generated up to 2026-11-24 and scored as of 2027-01-04 under the rule set in force
// then (zq-credit-2026.2, which scales points by severity).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <memory>
#include <random>

#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/resource.h>

#include "auth/audit_log.h"
#include "auth/key_ring.h"
#include "core/calendar.h"
#include "credit/credit_service.h"
#include "credit/event_catalogue.h"
#include "credit/internal/scoring_sql.h"
#include "credit/rescore.h"
#include "credit/rule_set.h"

namespace {

using namespace zq;  // NOLINT(google-build-using-namespace): a benchmark program
using Steady = std::chrono::steady_clock;

// CPU seconds of this process (all threads): on a shared machine wall time says little alone.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(u.ru_utime) + s(u.ru_stime);
}

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

// Appends the generated events straight through SQLite (bench file only: no journal on disk, no
// fsync, one big cache), in USCC order with increasing source ids so that every index grows at
// its end. Severity: the catalogue default, overridden (0-5) for one event in eight.
Status Generate(const std::string& path, std::int64_t entities, std::int32_t today) {
  sqlite3* raw = nullptr;
  if (sqlite3_open(path.c_str(), &raw) != SQLITE_OK)
    return Status::Unavailable(fmt::format("cannot open {}", path));
  const std::unique_ptr<sqlite3, int (*)(sqlite3*)> db(raw, sqlite3_close);
  const auto exec = [&](const char* sql) -> Status {
    if (sqlite3_exec(raw, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
      return Status::Internal(fmt::format("{}: {}", sql, sqlite3_errmsg(raw)));
    return Status::Ok();
  };
  ZQ_RETURN_IF_ERROR(exec("PRAGMA journal_mode = MEMORY"));
  ZQ_RETURN_IF_ERROR(exec("PRAGMA synchronous = OFF"));
  ZQ_RETURN_IF_ERROR(exec("PRAGMA cache_size = -2000000"));
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(raw,
                         "INSERT INTO credit_events (source, source_id, event_type, uscc, "
                         "region_code, occurred_on, display_until, severity, evidence_ref, "
                         "summary, recorded_by, recorded_at) VALUES ('bench', ?, ?, ?, ?, ?, ?, "
                         "?, 'bench', '', 'bench', '2026-11-24T00:00:00Z')",
                         -1, &stmt, nullptr) != SQLITE_OK) {
    return Status::Internal(sqlite3_errmsg(raw));
  }
  const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> insert(stmt, sqlite3_finalize);
  std::mt19937_64 rng(20261124);
  std::vector<int> cumulative;
  int total = 0;
  for (const Mix& m : kMix) cumulative.push_back(total += m.weight);
  constexpr int kDays = 4 * 365;
  // Dates and display ends by (type, age in days), computed once.
  const credit::EventCatalogue& catalogue = credit::EventCatalogue::Builtin();
  std::vector<std::string> day_text(kDays);
  for (int d = 0; d < kDays; ++d) day_text[static_cast<std::size_t>(d)] = DayText(today - d);
  std::vector<std::vector<std::string>> until(std::size(kMix));
  std::vector<int> default_severity(std::size(kMix));
  for (std::size_t t = 0; t < std::size(kMix); ++t) {
    for (int d = 0; d < kDays; ++d) {
      const credit::EventType type =
          *catalogue.Find(kMix[t].type, day_text[static_cast<std::size_t>(d)]);
      default_severity[t] = type.default_severity;
      until[t].push_back(type.display_months == 0
                             ? std::string()
                             : DayText(AddMonths(today - d, type.display_months)));
    }
  }
  ZQ_RETURN_IF_ERROR(exec("BEGIN"));
  std::int64_t serial = 0;
  char source_id[24];
  char uscc[24];
  char region[8];
  for (int prefix = 0; prefix < 97; ++prefix) {
    fmt::format_to_n(region, sizeof region, "370{:03d}", prefix);
    for (std::int64_t i = prefix; i < entities; i += 97) {
      fmt::format_to_n(uscc, sizeof uscc, "91370{:03d}MA{:08d}", prefix, i);
      const int n = static_cast<int>(rng() % 8);  // 0-7 events: 3.5 on average
      for (int k = 0; k < n; ++k) {
        const int pick = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
        std::size_t t = 0;
        while (cumulative[t] <= pick) ++t;
        const auto age = static_cast<std::size_t>(rng() % kDays);
        const std::uint64_t r = rng() % 48;
        const int severity = r < 6 ? static_cast<int>(r) : default_severity[t];
        const auto end = fmt::format_to_n(source_id, sizeof source_id, "{:010d}", ++serial);
        sqlite3_reset(stmt);
        sqlite3_bind_text(stmt, 1, source_id, static_cast<int>(end.size), SQLITE_STATIC);
        sqlite3_bind_text(stmt, 2, kMix[t].type, -1, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 3, uscc, 18, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 4, region, 6, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 5, day_text[age].data(), 10, SQLITE_STATIC);
        sqlite3_bind_text(stmt, 6, until[t][age].data(), static_cast<int>(until[t][age].size()),
                          SQLITE_STATIC);
        sqlite3_bind_int(stmt, 7, severity);
        if (sqlite3_step(stmt) != SQLITE_DONE)
          return Status::Internal(sqlite3_errmsg(raw));
        if (serial % 2'000'000 == 0) {
          ZQ_RETURN_IF_ERROR(exec("COMMIT"));
          ZQ_RETURN_IF_ERROR(exec("BEGIN"));
        }
      }
    }
  }
  ZQ_RETURN_IF_ERROR(exec("COMMIT"));
  return exec("PRAGMA journal_mode = WAL");
}

// The floor: the rows the engine reads (every event, every grade row, the needed columns, in key
// order) selected into nothing on one connection: each value is touched, nothing is kept.
Result<std::int64_t> BareScan(store::Database& db) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  std::int64_t touched = 0;
  const auto touch = [&](const store::RowView& r) {
    for (std::size_t i = 0; i < r.size(); ++i)
      touched += static_cast<std::int64_t>(r.Text(i).size());
    return true;
  };
  ZQ_RETURN_IF_ERROR(tx->Scan(
      "SELECT uscc, id, event_type, occurred_on, display_until, region_code, ends_event_id, "
      "severity FROM credit_events ORDER BY uscc, id",
      {}, touch));
  ZQ_RETURN_IF_ERROR(
      tx->Scan("SELECT uscc, risk_class, grade, abnormal_listed, serious_listed, rule_version FROM "
               "credit_grades ORDER BY uscc, id",
               {}, touch));
  return touched;
}

int Fail(const Status& s) {
  std::cerr << s.ToString() << "\n";
  return 1;
}

std::string Uscc(std::int64_t n) { return fmt::format("91370{:03d}MA{:08d}", n % 97, n); }

// Median and 99th percentile in milliseconds.
std::pair<double, double> Percentiles(std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) {
    return ms[std::min(ms.size() - 1,
                       static_cast<std::size_t>(q * static_cast<double>(ms.size())))];
  };
  return {at(0.5), at(0.99)};
}

Result<credit::RescoreStats> TimedRescore(store::Database& db, const credit::RuleSet& rules,
                                          std::int32_t as_of, int threads, double* seconds,
                                          double* cpu) {
  credit::RescoreOptions options;
  options.threads = threads;
  const double cpu0 = CpuSeconds();
  const auto t0 = Steady::now();
  Result<credit::RescoreStats> stats =
      credit::RescoreAllEntities(db, rules, as_of, "bench", options);
  *seconds = Seconds(t0);
  *cpu = CpuSeconds() - cpu0;
  return stats;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is measured
  if (argc < 2) {
    std::cerr << "usage: zq_bench_credit DB_PATH [--scale small|city|province] "
                 "[--incremental N] [--generate-only] [--skip-full]\n";
    return 2;
  }
  std::int64_t entities = 20000;
  int incremental = 1000;
  bool generate_only = false;
  bool skip_full = false;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--generate-only") == 0) {
      generate_only = true;
      continue;
    }
    if (std::strcmp(argv[i], "--skip-full") == 0) {
      skip_full = true;
      continue;
    }
    if (i + 1 == argc)
      break;
    if (std::strcmp(argv[i], "--scale") == 0) {
      const std::string s = argv[i + 1];
      entities = s == "province" ? 14'000'000 : s == "million" || s == "city" ? 1'000'000 : 20'000;
    } else if (std::strcmp(argv[i], "--incremental") == 0) {
      incremental = std::max(1, std::atoi(argv[i + 1]));
    }
    ++i;
  }
  const std::int32_t generated_until = *DayNumber("2026-11-24");
  const std::int32_t today = *DayNumber("2027-01-04");
  const std::string as_of = DayText(today);
  const auto open = [&]() -> Result<std::unique_ptr<store::Database>> {
    ZQ_ASSIGN_OR_RETURN(auto db, store::Database::Open(argv[1]));
    ZQ_RETURN_IF_ERROR(db->Migrate());
    return db;
  };
  // Any event at all (a COUNT(*) would read a 12 GB province file once more).
  const auto count = [](store::Database& db) {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    return (*tx->Query("SELECT COUNT(*) FROM (SELECT 1 FROM credit_events LIMIT 1) s"))
        .rows.at(0)
        .GetInt(0);
  };
  auto opened = open();
  if (!opened.ok())
    return Fail(opened.status());
  if (count(**opened) == 0) {
    opened->reset();  // the generator writes through its own connection
    const auto t0 = Steady::now();
    if (Status s = Generate(argv[1], entities, generated_until); !s.ok())
      return Fail(s);
    opened = open();
    if (!opened.ok())
      return Fail(opened.status());
    fmt::print("generated the events of {} entities in {:.1f} s\n", entities, Seconds(t0));
  }
  if (generate_only)
    return 0;
  store::Database& db = **opened;
  FakeClock clock(std::chrono::sys_days{std::chrono::year{2027} / 1 / 4});
  auto keys = *auth::KeyRing::FromMasterKey(std::string(32, 'b'));
  auth::AuditLog audit(keys.audit_chain(), clock);
  registry::Registry reg(db, audit, keys.personal_data(), clock);
  credit::CreditService service(db, reg, audit, clock);
  if (Status s = service.LoadRuleSets(); !s.ok())
    return Fail(s);
  const credit::RuleSet& rules = **service.RuleSetOn(today);

  auto t0 = Steady::now();
  if (!skip_full) {
    // Full rescore on 2 threads: the first run (every entity without a grade row gets one), then
    // the monthly re-run (nothing changed: read and score only), then the same re-run on 1 thread.
    double first_s = 0, again_s = 0, single_s = 0, first_cpu = 0, again_cpu = 0, single_cpu = 0;
    auto first = TimedRescore(db, rules, today, 2, &first_s, &first_cpu);
    if (!first.ok())
      return Fail(first.status());
    fmt::print("full rescore, {} entities / {} events, rules {} as of {} (SQLite):\n",
               first->entities, first->events, rules.version(), as_of);
    fmt::print("  engine 2 threads, first run (writes {} grade rows): {:.2f} s ({:.2f} CPU s)\n",
               first->changed, first_s, first_cpu);
    auto again = TimedRescore(db, rules, today, 2, &again_s, &again_cpu);
    if (!again.ok())
      return Fail(again.status());
    fmt::print("  engine 2 threads, monthly re-run (writes {} rows):  {:.2f} s ({:.2f} CPU s)\n",
               again->changed, again_s, again_cpu);
    auto single = TimedRescore(db, rules, today, 1, &single_s, &single_cpu);
    if (!single.ok())
      return Fail(single.status());
    fmt::print(
        "  engine 1 thread,  monthly re-run (writes {} rows):  {:.2f} s ({:.2f} CPU s)   "
        "(2 threads: {:.2f}x)\n",
        single->changed, single_s, single_cpu, single_s / again_s);

    // Baseline: the same scoring as SQL, into a temporary table.
    const double sql_cpu0 = CpuSeconds();
    t0 = Steady::now();
    Status sql = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
      ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE IF EXISTS sql_classes").status());
      return tx
          .Execute("CREATE TEMP TABLE sql_classes AS " +
                   credit::internal::RiskClassesSql(rules, as_of, db.backend()))
          .status();
    });
    if (!sql.ok())
      return Fail(sql);
    const double sql_s = Seconds(t0);
    const double sql_cpu = CpuSeconds() - sql_cpu0;
    std::int64_t mismatches = 0;
    {
      auto tx = std::move(db.Begin(store::TxMode::kReadWrite)).value();
      const std::string compare =
          "FROM sql_classes s JOIN credit_grades g ON g.uscc = s.uscc AND g.id = (SELECT MAX(id) "
          "FROM credit_grades WHERE uscc = s.uscc) WHERE g.risk_class <> s.risk_class";
      mismatches = (*tx->Query("SELECT COUNT(*) " + compare)).rows.at(0).GetInt(0);
      const store::ResultSet worst = *tx->Query(
          "SELECT s.uscc, s.risk_class, g.risk_class, g.risk_score " + compare + " LIMIT 5");
      for (const store::Row& r : worst.rows) {
        fmt::print("  mismatch {}: SQL {} engine {} (engine score {:.17g})\n", r.GetText(0),
                   r.GetText(1), r.GetText(2), r.GetDouble(3));
      }
    }
    const double scan_cpu0 = CpuSeconds();
    t0 = Steady::now();
    const Result<std::int64_t> scanned = BareScan(db);
    if (!scanned.ok())
      return Fail(scanned.status());
    const double scan_s = Seconds(t0);
    const double scan_cpu = CpuSeconds() - scan_cpu0;
    fmt::print(
        "  baseline SQL GROUP BY (classes only, 1 thread):    {:.2f} s ({:.2f} CPU s); "
        "class mismatches engine vs SQL: {}\n"
        "  floor: bare scan of the rows the engine reads (1 thread): {:.2f} s ({:.2f} CPU s)\n"
        "  SQL / engine (>= 3 wanted): first run {:.2f}, re-run {:.2f};  engine / bare scan "
        "(<= 2 wanted): first run {:.2f}, re-run {:.2f}\n",
        sql_s, sql_cpu, mismatches, scan_s, scan_cpu, sql_s / first_s, sql_s / again_s,
        first_s / scan_s, again_s / scan_s);
  }

  // Incremental: one new event for one entity and its rescore in one transaction (what
  // CreditService::RecordEvent does), each timed; baseline: the same insert alone.
  // Source ids unique to this run, so that the bench runs again on the same database.
  const std::int64_t run = std::chrono::system_clock::now().time_since_epoch().count();
  const auto insert = [&](store::Transaction& tx, int i, const std::string& uscc) {
    const std::vector<store::Value> row = {std::string("bench-inc"),
                                           fmt::format("{}-{}-{}", run, i, uscc),
                                           std::string("complaint.upheld"),
                                           uscc,
                                           std::string("370001"),
                                           DayText(generated_until),
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
  std::vector<double> ms[2];
  for (int pass = 0; pass < 2; ++pass) {
    for (int i = 0; i < incremental; ++i) {
      const std::string uscc =
          Uscc(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(entities)));
      t0 = Steady::now();
      Status s = store::InTransaction(db, [&](store::Transaction& tx) -> Status {
        ZQ_RETURN_IF_ERROR(insert(tx, pass * incremental + i, uscc));
        if (pass == 1)
          return service.RescoreInTx(tx, uscc, "370001").status();
        return Status::Ok();
      });
      if (!s.ok())
        return Fail(s);
      ms[pass].push_back(Seconds(t0) * 1000.0);
    }
  }
  const auto [insert_p50, insert_p99] = Percentiles(ms[0]);
  const auto [update_p50, update_p99] = Percentiles(ms[1]);
  fmt::print(
      "incremental, {} single-event updates (insert + rescore, one transaction each): median "
      "{:.3f} ms, p99 {:.3f} ms; baseline insert alone: median {:.3f} ms, p99 {:.3f} ms; ratio "
      "{:.2f} (median)\n",
      incremental, update_p50, update_p99, insert_p50, insert_p99, update_p50 / insert_p50);

  // RiskClasses for a spot-check draw's frame, against one look-up per firm (how it was done).
  std::vector<std::string> frame;
  const std::int64_t frame_size = std::min<std::int64_t>(entities, 100000);
  for (std::int64_t i = 0; i < frame_size; ++i)
    frame.push_back(Uscc(static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(entities))));
  auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
  t0 = Steady::now();
  std::map<std::string, std::string> per_firm;
  for (const std::string& uscc : frame) {
    const std::vector<store::Value> key = {uscc};
    store::ResultSet rs = *tx->Query(
        "SELECT risk_class FROM credit_grades WHERE uscc = ? ORDER BY id DESC LIMIT 1", key);
    per_firm[uscc] = rs.rows.empty() ? "B" : rs.rows[0].GetText(0);
  }
  const double per_firm_s = Seconds(t0);
  t0 = Steady::now();
  auto classes = service.RiskClasses(*tx, frame);
  const double set_s = Seconds(t0);
  if (!classes.ok())
    return Fail(classes.status());
  std::int64_t differ = 0;
  for (const auto& [uscc, c] : *classes) differ += per_firm[uscc] != credit::RiskClassName(c);
  fmt::print(
      "RiskClasses for {} USCCs ({} distinct): set-based {:.3f} s; baseline one look-up per firm "
      "{:.3f} s; ratio {:.2f}; classes differing: {}\n",
      frame.size(), classes->size(), set_s, per_firm_s, set_s / per_firm_s, differ);
  return 0;
}
