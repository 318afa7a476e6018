// The pass-rate cube (issues 5 and 22): a full recompute over the stored final verdicts
// (inspection::PassRateStore::Load: read every verdict joined with its firm on 2 threads into
// columns, build the cube, one roll-up by category) against, in the same run on the same SQLite
// database: the SQL GROUP BY of every cube cell a user would write (the baseline), the same by
// category alone, and the floor, a bare scan of the same rows (the needed columns, the firm's
// facts joined, selected into nothing on one connection; also the batches' columns alone). Also the
// steady state: a roll-up of the loaded cube, what the API answers from once verdicts are folded in
// incrementally. Wall and CPU seconds (all threads), best of 3 runs each.
//   zq_bench_inspection_cube [--scale small|city] [DB_PATH]
// small: 100,000 verdicts of 5,000 firms; city: 1,000,000 of 50,000.
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <sys/resource.h>

#include "inspection/pass_rate.h"
#include "inspection/pass_rate_store.h"
#include "store/database.h"

namespace {

using zq::store::Value;

int kVerdicts = 1'000'000;
int kFirms = 50'000;
constexpr int kCategories = 40;
constexpr int kCounties = 150;
constexpr const char* kSizes[] = {"large", "medium", "small", "micro"};

std::string County(int i) {
  return std::to_string(3701 + (i % 16)) + "0" + std::to_string(1 + (i / 16) % 9);
}

std::string Uscc(int i) {
  const std::string digits = std::to_string(i);
  return "91370102" + std::string(9 - digits.size(), '0') + digits + "X";
}

zq::Status Fill(zq::store::Database& db) {
  auto tx = std::move(db.Begin()).value();
  std::vector<std::vector<Value>> firms;
  for (int i = 0; i < kFirms; ++i) {
    const std::string county = County(i % kCounties);
    firms.push_back({Uscc(i), "企业" + std::to_string(i), county, county.substr(0, 2) + "0000",
                     std::to_string(1300 + i % 97), std::string("enterprise"),
                     std::string("active"), std::string(kSizes[i % 4]),
                     std::string("2026-01-01T00:00:00Z")});
  }
  const std::vector<std::string> firm_columns = {"uscc",          "name",          "region_code",
                                                 "province_code", "industry_code", "entity_type",
                                                 "status",        "size",          "updated_at"};
  ZQ_RETURN_IF_ERROR(tx->BulkInsert("entities", firm_columns, firms));
  const std::vector<std::string> columns = {
      "task_id",       "plan_id",      "uscc",          "region_code", "status",
      "sampled_on",    "place",        "batch_number",  "quantity",    "reserve_quantity",
      "category_code", "product_name", "specification", "brand",       "samplers",
      "recorded_by",   "updated_at",   "final_verdict", "final_on"};
  std::vector<std::vector<Value>> rows;
  rows.reserve(100'000);
  std::uint64_t x = 20261124;
  for (int i = 0; i < kVerdicts; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;  // LCG: deterministic outcomes
    const int firm = static_cast<int>((x >> 20) % kFirms);
    const bool pass = (x >> 40) % 1000 >= 97;  // ≈9.7 % fail
    const std::string day =
        "2026-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(1 + i % 12) + "-15";
    rows.push_back({std::int64_t{i + 1}, std::int64_t{1 + i % 50}, Uscc(firm),
                    County(firm % kCounties), std::string("final"), day, std::string("仓库"),
                    std::string("B") + std::to_string(i), std::int64_t{2}, std::int64_t{1},
                    "CP-" + std::to_string(i % kCategories), std::string("产品"),
                    std::string("规格"), std::string(""), std::string(""), std::string("bench"),
                    std::string("2026-01-01T00:00:00Z"), std::string(pass ? "pass" : "fail"), day});
    if (rows.size() == 100'000) {
      ZQ_RETURN_IF_ERROR(tx->BulkInsert("inspection_batches", columns, rows));
      rows.clear();
    }
  }
  ZQ_RETURN_IF_ERROR(tx->BulkInsert("inspection_batches", columns, rows));
  return tx->Commit();
}

zq::inspection::CubeQuery ByCategory() {
  zq::inspection::CubeQuery q;
  q.group_by = {zq::inspection::CubeDimension::kProductCategory};
  return q;
}

// Wall and CPU (all threads) seconds of the best of 3 runs of `work`.
struct Timing {
  double wall = 1e9;
  double cpu = 1e9;
};

double CpuNow() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return s(u.ru_utime) + s(u.ru_stime);
}

Timing Best(const std::function<void()>& work) {
  Timing best;
  for (int run = 0; run < 3; ++run) {
    const double cpu0 = CpuNow();
    const auto t0 = std::chrono::steady_clock::now();
    work();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    best.wall = std::min(best.wall, wall);
    best.cpu = std::min(best.cpu, CpuNow() - cpu0);
  }
  return best;
}

void Print(const char* what, const Timing& t) {
  fmt::print("  {:<58} {:7.3f} s wall {:7.3f} s CPU\n", what, t.wall, t.cpu);
}

void Check(bool ok, const char* what) {
  if (!ok) {
    fmt::print(stderr, "{} failed\n", what);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  std::string path =
      (std::filesystem::path(std::getenv("ZQ_BENCH_DIR") != nullptr ? std::getenv("ZQ_BENCH_DIR")
                                                                    : "/tmp") /
       "zq_bench_cube.db")
          .string();
  std::string scale = "city";
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--scale") == 0 && i + 1 < argc)
      scale = argv[++i];
    else
      path = argv[i];
  }
  if (scale == "small") {
    kVerdicts = 100'000;
    kFirms = 5'000;
  }
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  auto db = std::move(zq::store::Database::Open(path)).value();
  Check(db->Migrate().ok() && Fill(*db).ok(), "generating the verdicts");
  fmt::print("pass-rate cube, {} scale: {} stored verdicts of {} firms (SQLite), best of 3:\n",
             scale, kVerdicts, kFirms);

  const Timing engine = Best([&] {
    zq::inspection::PassRateStore store;
    Check(store.Load(*db).ok(), "load");
    auto rows = store.Query(ByCategory());
    Check(rows.ok(), "query");
  });
  Print("engine: full recompute (2 threads) + roll-up by category", engine);

  std::size_t sql_cells = 0;
  const Timing all_cells = Best([&] {
    auto tx = std::move(db->Begin(zq::store::TxMode::kReadOnly)).value();
    auto rs =
        std::move(tx->Query("SELECT b.category_code, b.region_code, COALESCE(e.industry_code, ''), "
                            "COALESCE(e.size, ''), substr(b.final_on, 1, 7), COUNT(*), SUM(CASE "
                            "WHEN b.final_verdict = 'pass' THEN 1 ELSE 0 END) FROM "
                            "inspection_batches b LEFT JOIN registry_entity_facts e ON e.uscc = "
                            "b.uscc WHERE b.status = 'final' GROUP BY 1, 2, 3, 4, 5"))
            .value();
    sql_cells = rs.rows.size();
  });
  Print("baseline: SQL GROUP BY of every cell (1 thread)", all_cells);

  const Timing by_category = Best([&] {
    auto tx = std::move(db->Begin(zq::store::TxMode::kReadOnly)).value();
    auto rs = std::move(tx->Query("SELECT category_code, COUNT(*), SUM(CASE WHEN final_verdict = "
                                  "'pass' THEN 1 ELSE 0 END) FROM inspection_batches WHERE "
                                  "status = 'final' GROUP BY category_code"))
                  .value();
    for (const auto& row : rs.rows)
      Check(zq::inspection::EstimatePassRate(row.GetInt(2), row.GetInt(1)).ok(), "rate");
  });
  Print("SQL GROUP BY category alone (no join, 1 thread)", by_category);

  // Bare scans: every value touched, nothing kept.
  const auto bare = [&](const char* sql) {
    return Best([&] {
      auto tx = std::move(db->Begin(zq::store::TxMode::kReadOnly)).value();
      std::size_t touched = 0;
      Check(tx->Scan(sql, {},
                     [&](const zq::store::RowView& r) {
                       for (std::size_t i = 0; i < r.size(); ++i) touched += r.Text(i).size();
                       return true;
                     })
                .ok(),
            "scan");
    });
  };
  const Timing scan = bare(
      "SELECT b.id, b.category_code, b.region_code, e.industry_code, e.size, b.final_on, "
      "b.final_verdict FROM inspection_batches b LEFT JOIN registry_entity_facts e ON e.uscc = "
      "b.uscc WHERE b.status = 'final'");
  Print("floor: bare scan, the needed columns with the join (1 thread)", scan);
  const Timing batches = bare(
      "SELECT id, uscc, category_code, region_code, final_on, final_verdict FROM "
      "inspection_batches WHERE status = 'final'");
  Print("(the batches' columns alone, no firm facts: 1 thread)", batches);

  zq::inspection::PassRateStore loaded;
  Check(loaded.Load(*db).ok(), "load");
  const std::size_t cells = loaded.Snapshot().size();
  const Timing query = Best([&] { Check(loaded.Query(ByCategory()).ok(), "query"); });
  Print("steady state: roll-up by category of the loaded cube", query);
  fmt::print(
      "  cells: engine {}, SQL {};  SQL / engine (>= 3 wanted): {:.2f} wall, {:.2f} CPU;  "
      "engine / bare scan (<= 2 wanted): {:.2f} wall, {:.2f} CPU\n",
      cells, sql_cells, all_cells.wall / engine.wall, all_cells.cpu / engine.cpu,
      engine.wall / scan.wall, engine.cpu / scan.cpu);
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return cells == sql_cells ? 0 : 1;
}
