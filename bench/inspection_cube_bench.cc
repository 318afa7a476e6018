// The pass-rate cube (issue 5): a full recompute over 1,000,000 stored final verdicts
// (inspection::PassRateStore::Load: read every verdict joined with its firm, build the cube, one
// roll-up by category) against the same pass-rate query as SQL GROUP BY in the same SQLite
// database, measured in the same run. Also the steady state: a roll-up of the loaded cube, which
// is what the API answers from once verdicts are folded in incrementally.
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "inspection/pass_rate.h"
#include "inspection/pass_rate_store.h"
#include "store/database.h"

namespace {

using zq::store::Value;

constexpr int kVerdicts = 1'000'000;
constexpr int kFirms = 50'000;
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

zq::store::Database& Db() {
  static std::unique_ptr<zq::store::Database> db = [] {
    const char* dir = std::getenv("ZQ_BENCH_DIR");
    const std::filesystem::path path =
        std::filesystem::path(dir != nullptr ? dir : "/tmp") / "zq_bench_cube.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    auto opened = std::move(zq::store::Database::Open(path.string())).value();
    if (!opened->Migrate().ok() || !Fill(*opened).ok())
      std::abort();
    return opened;
  }();
  return *db;
}

zq::inspection::CubeQuery ByCategory() {
  zq::inspection::CubeQuery q;
  q.group_by = {zq::inspection::CubeDimension::kProductCategory};
  return q;
}

void BM_CubeFullRecompute(benchmark::State& state) {
  zq::store::Database& db = Db();
  for (auto _ : state) {
    zq::inspection::PassRateStore store;
    if (!store.Load(db).ok())
      state.SkipWithError("load failed");
    auto rows = store.Query(ByCategory());
    benchmark::DoNotOptimize(rows);
  }
  state.counters["verdicts"] = kVerdicts;
}

BENCHMARK(BM_CubeFullRecompute)->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline: the same roll-up (batches and passes by category, then the intervals) in SQL.
void BM_SqlGroupByCategory(benchmark::State& state) {
  zq::store::Database& db = Db();
  for (auto _ : state) {
    auto tx = std::move(db.Begin(zq::store::TxMode::kReadOnly)).value();
    auto rs = std::move(tx->Query("SELECT category_code, COUNT(*), SUM(CASE WHEN final_verdict = "
                                  "'pass' THEN 1 ELSE 0 END) FROM inspection_batches WHERE "
                                  "status = 'final' GROUP BY category_code"))
                  .value();
    for (const auto& row : rs.rows) {
      auto rate = zq::inspection::EstimatePassRate(row.GetInt(2), row.GetInt(1));
      benchmark::DoNotOptimize(rate);
    }
  }
}

BENCHMARK(BM_SqlGroupByCategory)->Unit(benchmark::kMillisecond)->Iterations(3);

// Baseline with the recompute's work: every cube cell (category × county × industry × size ×
// month, the firm's industry and size joined from the registry) grouped in SQL.
void BM_SqlGroupByAllCells(benchmark::State& state) {
  zq::store::Database& db = Db();
  for (auto _ : state) {
    auto tx = std::move(db.Begin(zq::store::TxMode::kReadOnly)).value();
    auto rs = std::move(tx->Query("SELECT b.category_code, b.region_code, e.industry_code, e.size, "
                                  "substr(b.final_on, 1, 7), COUNT(*), SUM(CASE WHEN "
                                  "b.final_verdict = 'pass' THEN 1 ELSE 0 END) FROM "
                                  "inspection_batches b LEFT JOIN entities e ON e.uscc = b.uscc "
                                  "WHERE b.status = 'final' GROUP BY 1, 2, 3, 4, 5"))
                  .value();
    benchmark::DoNotOptimize(rs);
  }
}

BENCHMARK(BM_SqlGroupByAllCells)->Unit(benchmark::kMillisecond)->Iterations(3);

// Steady state: a roll-up by category of the cube already in memory.
void BM_CubeQueryLoaded(benchmark::State& state) {
  static zq::inspection::PassRateStore store;
  static const bool loaded = store.Load(Db()).ok();
  if (!loaded)
    state.SkipWithError("load failed");
  for (auto _ : state) {
    auto rows = store.Query(ByCategory());
    benchmark::DoNotOptimize(rows);
  }
}

BENCHMARK(BM_CubeQueryLoaded)->Unit(benchmark::kMillisecond);

}  // namespace
