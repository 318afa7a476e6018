#include <gtest/gtest.h>

#include "registry/registry.h"
#include "registry/registry_test_env.h"

namespace zq::registry {
namespace {

using testing::MakeEntity;
using testing::Regulator;

class EntityStatsTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
};

std::int64_t CountOf(const std::vector<EntityStats::Count>& counts, std::string_view code) {
  for (const EntityStats::Count& c : counts) {
    if (c.code == code) {
      return c.count;
    }
  }
  return -1;
}

TEST_P(EntityStatsTest, CountsRollUpToChildrenSectionsAndStatuses) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  MarketEntity a = MakeEntity("370102", 1, "济南甲公司");  // 3831: manufacturing (C)
  MarketEntity b = MakeEntity("370103", 2, "济南乙公司");
  b.industry_code = "5211";  // wholesale and retail (F)
  b.status = EntityStatus::kRevoked;
  MarketEntity c = MakeEntity("370202", 3, "青岛丙公司");
  for (const MarketEntity& e : {a, b, c}) {
    ASSERT_TRUE(r.UpsertEntity(admin_, e).ok());
  }

  Result<EntityStats> province = r.StatsFor(admin_, "370000", 10);
  ASSERT_TRUE(province.ok()) << province.status().message();
  EXPECT_EQ(province->total, 3);
  EXPECT_EQ(province->by_region.size(), 16u);
  EXPECT_EQ(CountOf(province->by_region, "370100"), 2);
  EXPECT_EQ(CountOf(province->by_region, "370200"), 1);
  EXPECT_EQ(province->by_industry.size(), 20u);
  EXPECT_EQ(CountOf(province->by_industry, "C"), 2);
  EXPECT_EQ(CountOf(province->by_industry, "F"), 1);
  EXPECT_EQ(CountOf(province->by_status, "active"), 2);
  EXPECT_EQ(CountOf(province->by_status, "revoked"), 1);
  EXPECT_EQ(province->latest.size(), 3u);

  Result<EntityStats> jinan = r.StatsFor(Regulator("370100"), "", 1);
  ASSERT_TRUE(jinan.ok());
  EXPECT_EQ(jinan->total, 2) << "no region: every province, within the caller's scope";
  EXPECT_EQ(CountOf(jinan->by_region, "370000"), 2);
  Result<EntityStats> city = r.StatsFor(Regulator("370100"), "370100", 1);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->total, 2);
  EXPECT_EQ(CountOf(city->by_region, "370102"), 1);
  EXPECT_EQ(CountOf(city->by_region, "370103"), 1);
  EXPECT_EQ(city->latest.size(), 1u);
}

TEST_P(EntityStatsTest, RegionsOutsideTheJurisdictionAreNotFound) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  ASSERT_TRUE(r.UpsertEntity(admin_, MakeEntity("370202", 3, "青岛丙公司")).ok());
  EXPECT_EQ(r.StatsFor(Regulator("370102"), "370100", 10).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.StatsFor(Regulator("370102"), "370202", 10).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.StatsFor(admin_, "999999", 10).status().code(), StatusCode::kNotFound);
  Result<EntityStats> own = r.StatsFor(Regulator("370102"), "370102", 10);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->total, 0);
  EXPECT_TRUE(own->by_region.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, EntityStatsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry
