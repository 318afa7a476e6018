#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/testing/ids.h"
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

  Result<EntityStats> province = r.StatsFor(admin_, TestRegion("370000"), 10);
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

  Result<EntityStats> jinan = r.StatsFor(Regulator("370100"), std::nullopt, 1);
  ASSERT_TRUE(jinan.ok());
  EXPECT_EQ(jinan->total, 2) << "no region: every province, within the caller's scope";
  EXPECT_EQ(CountOf(jinan->by_region, "370000"), 2);
  Result<EntityStats> city = r.StatsFor(Regulator("370100"), TestRegion("370100"), 1);
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
  EXPECT_EQ(r.StatsFor(Regulator("370102"), TestRegion("370100"), 10).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(r.StatsFor(Regulator("370102"), TestRegion("370202"), 10).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(r.StatsFor(admin_, TestRegion("379999"), 10).status().code(), StatusCode::kNotFound);
  Result<EntityStats> own = r.StatsFor(Regulator("370102"), TestRegion("370102"), 10);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->total, 0);
  EXPECT_TRUE(own->by_region.empty());
}

// The reference order of the latest records: newest update first, ties by USCC.
std::vector<std::string> NewestFirst(std::vector<std::pair<std::string, std::string>> updates,
                                     std::size_t n) {
  std::sort(updates.begin(), updates.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < updates.size() && i < n; ++i) out.push_back(updates[i].second);
  return out;
}

std::vector<std::string> UsccsOf(const std::vector<MarketEntity>& entities) {
  std::vector<std::string> out;
  for (const MarketEntity& e : entities) out.push_back(e.uscc);
  return out;
}

TEST_P(EntityStatsTest, LatestAreTheNewestAcrossCountiesWithTiesByUscc) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  // Updates interleave the counties, two entities share each second, and one entity is updated
  // again later, so that neither county order nor insertion order gives the answer.
  const std::vector<std::string> counties = {"370102", "370103", "370104", "370202"};
  std::map<std::string, std::string> updated_at;  // uscc -> time of its last update
  std::map<std::string, MarketEntity> entities;
  for (int i = 0; i < 24; ++i) {
    if (i % 2 == 0)
      env_.clock.Advance(std::chrono::seconds(1));
    MarketEntity e = MakeEntity(counties[static_cast<std::size_t>(i * 7) % counties.size()],
                                100 - i, fmt::format("企业{}", i));
    ASSERT_TRUE(r.UpsertEntity(admin_, e).ok());
    updated_at[e.uscc] = auth::FormatTimestamp(env_.clock.Now());
    entities[e.uscc] = e;
  }
  env_.clock.Advance(std::chrono::seconds(1));
  MarketEntity again = entities.begin()->second;
  again.address = "更新后的住所";
  ASSERT_TRUE(r.UpsertEntity(admin_, again).ok());
  updated_at[again.uscc] = auth::FormatTimestamp(env_.clock.Now());

  std::vector<std::pair<std::string, std::string>> all, jinan;
  for (const auto& [uscc, at] : updated_at) {
    all.emplace_back(at, uscc);
    if (entities[uscc].region_code.starts_with("3701"))
      jinan.emplace_back(at, uscc);
  }
  Result<EntityStats> province = r.StatsFor(admin_, TestRegion("370000"), 10);
  ASSERT_TRUE(province.ok()) << province.status().message();
  EXPECT_EQ(UsccsOf(province->latest), NewestFirst(all, 10));
  Result<EntityStats> everything = r.StatsFor(admin_, std::nullopt, 50);
  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(UsccsOf(everything->latest), NewestFirst(all, 50));
  Result<EntityStats> city = r.StatsFor(Regulator("370100"), std::nullopt, 7);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(UsccsOf(city->latest), NewestFirst(jinan, 7)) << "only the caller's scope";
  Result<EntityStats> none = r.StatsFor(admin_, TestRegion("370000"), 0);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->latest.empty());
}

TEST_P(EntityStatsTest, LatestMergesMoreCountiesThanOneQueryHolds) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  Registry& r = *env_.registry;
  // More than 200 counties (the counties per query in entity_stats.cc), one entity each; the
  // newest ones are in the last counties, so a merge that dropped a later query would fail.
  std::vector<std::string> counties;
  Result<std::vector<Region>> provinces = r.RegionChildren("");
  ASSERT_TRUE(provinces.ok());
  for (const Region& p : *provinces) {
    Result<std::vector<Region>> cities = r.RegionChildren(p.code);
    ASSERT_TRUE(cities.ok());
    for (const Region& c : *cities) {
      Result<std::vector<Region>> leaves = r.RegionChildren(c.code);
      ASSERT_TRUE(leaves.ok());
      for (const Region& l : *leaves) counties.push_back(l.code);
    }
    if (counties.size() > 230)
      break;
  }
  ASSERT_GT(counties.size(), 230u);
  counties.resize(230);
  std::vector<std::pair<std::string, std::string>> all;
  for (std::size_t i = 0; i < counties.size(); ++i) {
    env_.clock.Advance(std::chrono::seconds(1));
    MarketEntity e = MakeEntity(counties[i], static_cast<int>(i), fmt::format("企业{}", i));
    ASSERT_TRUE(r.UpsertEntity(admin_, e).ok()) << counties[i];
    all.emplace_back(auth::FormatTimestamp(env_.clock.Now()), e.uscc);
  }
  Result<EntityStats> stats = r.StatsFor(admin_, std::nullopt, 10);
  ASSERT_TRUE(stats.ok()) << stats.status().message();
  EXPECT_EQ(stats->total, 230);
  EXPECT_EQ(UsccsOf(stats->latest), NewestFirst(all, 10));
}

INSTANTIATE_TEST_SUITE_P(Backends, EntityStatsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::registry
