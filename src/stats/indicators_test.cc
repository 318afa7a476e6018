// The indicator catalogue and values on both databases, and the spot-check pass rate by region
// computed from a pass-rate cube.
#include "stats/indicators.h"

#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/key_ring.h"
#include "store/testing/test_database.h"

namespace zq::stats {
namespace {

using inspection::BatchOutcome;
using inspection::BatchVerdict;

class IndicatorStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'i'));
  FakeClock audit_clock_{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};
  auth::AuditLog audit_{keys_.audit_chain(), audit_clock_};
};

auth::Caller As(auth::Role role, std::string region = "") {
  auth::Caller c;
  c.actor = "tester";
  c.role = role;
  c.region_code = std::move(region);
  return c;
}

const FakeClock kClock{std::chrono::sys_days{std::chrono::year{2026} / 12 / 6}};

// Jinan (370100) 3 of 4 passed, its county 370102 2 of 2; Qingdao (370200) 1 of 2; one in 2025.
inspection::PassRateCube Cube() {
  std::vector<BatchVerdict> v;
  auto add = [&](std::string region, std::string month, BatchOutcome outcome) {
    v.push_back({.verdict_id = std::to_string(v.size()),
                 .product_category = "0101",
                 .region_code = std::move(region),
                 .industry_code = "C3811",
                 .period = std::move(month),
                 .outcome = outcome});
  };
  add("370102", "2026-03", BatchOutcome::kPass);
  add("370102", "2026-04", BatchOutcome::kPass);
  add("370103", "2026-05", BatchOutcome::kPass);
  add("370103", "2026-06", BatchOutcome::kFail);
  add("370202", "2026-03", BatchOutcome::kPass);
  add("370202", "2026-03", BatchOutcome::kFail);
  add("370202", "2025-03", BatchOutcome::kFail);
  return inspection::PassRateCube::Build(v).value();
}

TEST_P(IndicatorStoreTest, CatalogueVersionsAndPublication) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  IndicatorStore store(test_db->db(), audit_, kClock);
  ASSERT_TRUE(store.EnsureCatalogue().ok());
  ASSERT_TRUE(store.EnsureCatalogue().ok());  // idempotent
  const auto all = store.Catalogue(As(auth::Role::kAnalyst, "370000"), std::nullopt).value();
  EXPECT_EQ(all.size(), BuiltInIndicators().size());
  const auto published = store.Catalogue(As(auth::Role::kPublic), std::nullopt).value();
  EXPECT_EQ(published.size(), 2u);  // the two pass rates
  IndicatorDefinition v2 = BuiltInIndicators()[0];
  v2.version = 2;
  v2.valid_from = "2027-01-01";
  EXPECT_EQ(store.AddVersion(v2).code(), StatusCode::kOk);
  EXPECT_EQ(store.AddVersion(v2).field(), "version");
  const auto now = store.Catalogue(As(auth::Role::kPublic), "2026-06-30").value();
  ASSERT_EQ(now.size(), 2u);
  EXPECT_EQ(now[1].code, "spot_check_pass_rate");
  EXPECT_EQ(now[1].version, 1);
  EXPECT_EQ(store.Catalogue(As(auth::Role::kPublic), "2027-02-01").value()[1].version, 2);
  EXPECT_EQ(now[1].name_zh, "监督抽查合格率");
  IndicatorDefinition bad = v2;
  bad.direction = 0;
  EXPECT_EQ(store.AddVersion(bad).field(), "direction");
}

TEST_P(IndicatorStoreTest, SpotCheckPassRatesByRegionWithIntervals) {
  ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());
  IndicatorStore store(test_db->db(), audit_, kClock);
  ASSERT_TRUE(store.EnsureCatalogue().ok());
  const inspection::PassRateCube cube = Cube();
  const PassRateQuery query = [&cube](const inspection::CubeQuery& q) { return cube.Query(q); };
  const auth::Caller province = As(auth::Role::kRegulator, "370000");
  const auto values =
      store.ComputeSpotCheckPassRates(query, province, std::nullopt, "2026-01", "2026-12").value();
  ASSERT_EQ(values.size(), 3u);  // the province, then Jinan and Qingdao
  EXPECT_EQ(values[0].region_code, "370000");
  EXPECT_DOUBLE_EQ(values[0].value, 4.0 / 6);
  EXPECT_EQ(values[1].region_code, "370100");
  EXPECT_DOUBLE_EQ(values[1].value, 0.75);
  EXPECT_LT(*values[1].lower, 0.75);
  EXPECT_GT(*values[1].upper, 0.75);
  EXPECT_EQ(values[2].period, "2026-01..2026-12");
  const auto inputs = nlohmann::json::parse(values[2].inputs);
  EXPECT_EQ(inputs["tested"], 2);
  EXPECT_EQ(inputs["passed"], 1);
  // The computation is audited, once, with the values it stored.
  {
    auto tx = test_db->db().Begin(store::TxMode::kReadOnly);
    const auto audited = (*tx)->Query(
        "SELECT actor, object FROM audit_log WHERE action = "
        "'stats.indicator_values.compute'");
    ASSERT_TRUE(audited.ok());
    ASSERT_EQ(audited->rows.size(), 1u);
    EXPECT_EQ(audited->rows[0].GetText(1),
              "indicator:spot_check_pass_rate:370000:2026-01..2026-12");
  }

  // Stored, and read back within each caller's reach; recomputing replaces, never duplicates.
  ASSERT_TRUE(
      store.ComputeSpotCheckPassRates(query, province, std::nullopt, "2026-01", "2026-12").ok());
  const auto jinan = As(auth::Role::kAnalyst, "370100");
  const auto seen = store.Values(jinan, "spot_check_pass_rate", std::nullopt, std::nullopt).value();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].region_code, "370100");
  EXPECT_EQ(seen[0].interval_method, "wilson");
  EXPECT_NEAR(*seen[0].lower, *values[1].lower, 1e-15);
  const auto everything =
      store.Values(province, "spot_check_pass_rate", std::nullopt, "2026-01..2026-12").value();
  EXPECT_EQ(everything.size(), 3u);
  const auto in_qingdao = store.Values(province, "spot_check_pass_rate",
                                       ids::ParseRegionCode("370200").value(), std::nullopt);
  EXPECT_EQ(in_qingdao.value().size(), 1u);
  // The public reads a published indicator everywhere, never an unpublished one.
  EXPECT_EQ(
      store.Values(As(auth::Role::kPublic), "spot_check_pass_rate", std::nullopt, std::nullopt)
          .value()
          .size(),
      3u);
  EXPECT_EQ(store.Values(As(auth::Role::kPublic), "quality_loss_rate", std::nullopt, std::nullopt)
                .status()
                .code(),
            StatusCode::kNotFound);

  // A city regulator computes its counties; the province lies outside its jurisdiction.
  const auto city = As(auth::Role::kRegulator, "370100");
  const auto counties =
      store.ComputeSpotCheckPassRates(query, city, std::nullopt, "2026-01", "2026-12").value();
  ASSERT_EQ(counties.size(), 3u);  // 370100, 370102, 370103
  EXPECT_DOUBLE_EQ(counties[1].value, 1.0);
  EXPECT_DOUBLE_EQ(*counties[1].upper, 1.0);
  EXPECT_EQ(store
                .ComputeSpotCheckPassRates(query, city, ids::ParseRegionCode("370000").value(),
                                           "2026-01", "2026-12")
                .status()
                .field(),
            "region");
  EXPECT_EQ(store.ComputeSpotCheckPassRates(query, jinan, std::nullopt, "2026-01", "2026-12")
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(store.ComputeSpotCheckPassRates(query, city, std::nullopt, "2026-13x", "2026-12")
                .status()
                .field(),
            "from");
}

INSTANTIATE_TEST_SUITE_P(Backends, IndicatorStoreTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::stats
