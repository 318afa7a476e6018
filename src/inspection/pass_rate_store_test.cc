// The pass-rate cube recomputed from the database (PassRateStore::Load: two id ranges read in
// place on two connections, built from columns) has exactly the cells, counts and rates of the
// SQL GROUP BY a user would write over the same tables, on both backends.
#include "inspection/pass_rate_store.h"

#include <map>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

#include "store/testing/test_database.h"

namespace zq::inspection {
namespace {

class PassRateStoreTest : public ::testing::TestWithParam<store::Backend> {};

std::string Uscc(int i) {
  const std::string digits = std::to_string(i);
  return "91370102" + std::string(9 - digits.size(), '0') + digits + "X";
}

// 300 firms (one in ten not registered: industry and size "unknown"; one in seven of no known
// size), 5,000 batches, one in eight not final.
void Fill(store::Database& db) {
  static const char* kSizes[] = {"large", "medium", "small", "micro", ""};
  static const char* kCounties[] = {"370102", "370103", "370112", "370202", "370211"};
  std::mt19937_64 rng(20261206);
  std::vector<std::vector<store::Value>> firms;
  for (int i = 0; i < 300; ++i) {
    if (i % 10 == 9)
      continue;
    firms.push_back({Uscc(i), "企业" + std::to_string(i), std::string(kCounties[i % 5]),
                     std::string("370000"), std::string(i % 3 == 0 ? "C1311" : "C3971"),
                     std::string("enterprise"), std::string("active"),
                     std::string(kSizes[i % 7 < 5 ? i % 7 : 4]),
                     std::string("2026-01-01T00:00:00Z")});
  }
  std::vector<std::vector<store::Value>> rows;
  for (int i = 0; i < 5000; ++i) {
    const int firm = static_cast<int>(rng() % 300);
    const int month = 1 + static_cast<int>(rng() % 12);
    const std::string day =
        "2026-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-15";
    rows.push_back({std::int64_t{i + 1}, std::int64_t{1 + i % 5}, Uscc(firm),
                    std::string(kCounties[rng() % 5]), std::string(rng() % 8 ? "final" : "tested"),
                    day, std::string("仓库"), "B" + std::to_string(i), std::int64_t{2},
                    std::int64_t{1}, "CP-" + std::to_string(rng() % 6), std::string("产品"),
                    std::string("规格"), std::string(), std::string(), std::string("test"),
                    std::string("2026-01-01T00:00:00Z"), std::string(rng() % 10 ? "pass" : "fail"),
                    day});
  }
  ASSERT_TRUE(store::InTransaction(db, [&](store::Transaction& tx) -> Status {
                ZQ_RETURN_IF_ERROR(tx.BulkInsert(
                    "entities",
                    std::vector<std::string>{"uscc", "name", "region_code", "province_code",
                                             "industry_code", "entity_type", "status", "size",
                                             "updated_at"},
                    firms));
                return tx.BulkInsert(
                    "inspection_batches",
                    std::vector<std::string>{"task_id", "plan_id", "uscc", "region_code", "status",
                                             "sampled_on", "place", "batch_number", "quantity",
                                             "reserve_quantity", "category_code", "product_name",
                                             "specification", "brand", "samplers", "recorded_by",
                                             "updated_at", "final_verdict", "final_on"},
                    rows);
              }).ok());
}

TEST_P(PassRateStoreTest, RecomputeEqualsTheSqlGroupByCellForCell) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  store::Database& db = t->db();
  Fill(db);
  PassRateStore store;
  ASSERT_TRUE(store.Load(db).ok());

  // Every cell, grouped by SQL; the registry's missing facts read as the cube reads them.
  std::map<CubeCell, BatchCounts> sql;
  {
    auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
    const store::ResultSet rs = *tx->Query(
        "SELECT b.category_code, b.region_code, COALESCE(e.industry_code, ''), "
        "COALESCE(e.size, ''), substr(b.final_on, 1, 7), COUNT(*), SUM(CASE WHEN "
        "b.final_verdict = 'pass' THEN 1 ELSE 0 END) FROM inspection_batches b LEFT JOIN "
        "registry_entity_facts e ON e.uscc = b.uscc WHERE b.status = 'final' "
        "GROUP BY 1, 2, 3, 4, 5");
    for (const store::Row& r : rs.rows) {
      FirmSize size = FirmSize::kUnknown;
      for (FirmSize s : {FirmSize::kLarge, FirmSize::kMedium, FirmSize::kSmall, FirmSize::kMicro})
        size = FirmSizeName(s) == r.GetText(3) ? s : size;
      const CubeCell cell{r.GetText(0), r.GetText(1),
                          r.GetText(2).empty() ? "unknown" : r.GetText(2), size, r.GetText(4)};
      BatchCounts& c = sql[cell];
      c.tested += r.GetInt(5);
      c.passed += r.GetInt(6);
    }
  }
  EXPECT_GT(sql.size(), 500u);
  EXPECT_EQ(store.Snapshot(), sql);

  // A roll-up's rates and intervals are those of the SQL counts.
  CubeQuery by_category;
  by_category.group_by = {CubeDimension::kProductCategory};
  const Result<std::vector<CubeRow>> rows = store.Query(by_category);
  ASSERT_TRUE(rows.ok());
  std::map<std::string, BatchCounts> sql_categories;
  for (const auto& [cell, counts] : sql) {
    sql_categories[cell.product_category].tested += counts.tested;
    sql_categories[cell.product_category].passed += counts.passed;
  }
  ASSERT_EQ(rows->size(), sql_categories.size());
  for (const CubeRow& row : *rows) {
    const BatchCounts& c = sql_categories.at(row.key.at(0));
    const PassRate want = *EstimatePassRate(c.passed, c.tested);
    EXPECT_EQ(row.rate.tested, want.tested);
    EXPECT_EQ(row.rate.passed, want.passed);
    EXPECT_EQ(row.rate.rate, want.rate);
    EXPECT_EQ(row.rate.wilson.lower, want.wilson.lower);
    EXPECT_EQ(row.rate.clopper_pearson.upper, want.clopper_pearson.upper);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, PassRateStoreTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::inspection
