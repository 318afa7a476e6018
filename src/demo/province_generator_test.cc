#include "demo/province_generator.h"

#include <map>

#include <gtest/gtest.h>

#include "core/ids/uscc.h"
#include "registry/registry_test_env.h"

namespace zq::demo {
namespace {

class ProvinceGeneratorTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  registry::testing::RegistryEnv env_;
};

std::vector<registry::MarketEntity> FirstEntities(registry::Registry& r, int n) {
  registry::Page page{1, n};
  return r.SearchEntities(auth::Caller::System(), {}, page)->items;
}

TEST_P(ProvinceGeneratorTest, SameSeedSameProvinceOtherSeedAnother) {
  ZQ_OPEN_TEST_DB_OR_SKIP(a, GetParam());
  ZQ_OPEN_TEST_DB_OR_SKIP(b, GetParam());
  ZQ_OPEN_TEST_DB_OR_SKIP(c, GetParam());
  registry::testing::RegistryEnv env_b, env_c;
  ASSERT_TRUE(env_.Start(a->db()).ok());
  ASSERT_TRUE(env_b.Start(b->db()).ok());
  ASSERT_TRUE(env_c.Start(c->db()).ok());
  DemoOptions o;
  o.entity_count = 1500;
  ASSERT_TRUE(GenerateProvince(a->db(), *env_.registry, o).ok());
  ASSERT_TRUE(GenerateProvince(b->db(), *env_b.registry, o).ok());
  o.seed = 7;
  ASSERT_TRUE(GenerateProvince(c->db(), *env_c.registry, o).ok());
  auto ea = FirstEntities(*env_.registry, 50);
  auto eb = FirstEntities(*env_b.registry, 50);
  auto ec = FirstEntities(*env_c.registry, 50);
  ASSERT_EQ(ea.size(), 50u);
  for (std::size_t i = 0; i < ea.size(); ++i) {
    EXPECT_EQ(ea[i].uscc, eb[i].uscc);
    EXPECT_EQ(ea[i].name, eb[i].name);
  }
  int same = 0;
  for (std::size_t i = 0; i < ea.size(); ++i) same += ea[i].uscc == ec[i].uscc;
  EXPECT_LT(same, 5);
}

TEST_P(ProvinceGeneratorTest, EveryUsccIsValidAndNamesItsCountyInShandong) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  DemoOptions o;
  o.entity_count = 3000;
  Result<DemoSummary> s = GenerateProvince(t->db(), *env_.registry, o);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->entities, 3000);
  EXPECT_GT(s->individual_businesses, s->enterprises);
  EXPECT_GT(s->products, 0);
  EXPECT_EQ(s->inspectors, 136 * 20);
  EXPECT_EQ(s->catalogue_entries, 40);
  std::set<std::string> counties;
  const std::vector<registry::Region> shandong = *env_.registry->CountiesUnder("370000");
  for (const auto& r : shandong) counties.insert(r.code);
  std::map<std::string, int> per_city;
  ASSERT_TRUE(env_.registry
                  ->ForEachEntity(
                      auth::Caller::System(), {},
                      [&](const registry::MarketEntity& e) {
                        Result<ids::Uscc> u = ids::ParseUscc(e.uscc);
                        EXPECT_TRUE(u.ok()) << e.uscc;
                        EXPECT_EQ(u->region_code, e.region_code);
                        EXPECT_TRUE(counties.contains(e.region_code)) << e.region_code;
                        ++per_city[e.region_code.substr(0, 4)];
                        return true;
                      },
                      "test")
                  .ok());
  EXPECT_EQ(per_city.size(), 16u);
  // 临沂 (1,102 万人) and 青岛 (1,007) outweigh 东营 (219) several times over.
  EXPECT_GT(per_city["3713"], 2 * per_city["3705"]);
  EXPECT_GT(per_city["3702"], 2 * per_city["3705"]);
}

TEST_P(ProvinceGeneratorTest, SecondRunReusesTheDemoAndAnotherDemoIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  DemoOptions o;
  o.entity_count = 500;
  ASSERT_TRUE(GenerateProvince(t->db(), *env_.registry, o).ok());
  Result<DemoSummary> again = GenerateProvince(t->db(), *env_.registry, o);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->reused);
  EXPECT_EQ(again->entities, 500);
  o.seed = 99;
  EXPECT_EQ(GenerateProvince(t->db(), *env_.registry, o).status().code(),
            StatusCode::kFailedPrecondition);
}

TEST_P(ProvinceGeneratorTest, AnotherProvinceWorksAndACityIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  DemoOptions o;
  o.entity_count = 300;
  o.province_code = "370100";
  EXPECT_EQ(GenerateProvince(t->db(), *env_.registry, o).status().field(), "province");
  o.province_code = "330000";  // 浙江
  ASSERT_TRUE(GenerateProvince(t->db(), *env_.registry, o).ok());
  registry::EntityFilter zj;
  zj.region_code = "330000";
  EXPECT_EQ(*env_.registry->CountEntities(auth::Caller::System(), zj), 300);
}

INSTANTIATE_TEST_SUITE_P(Backends, ProvinceGeneratorTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::demo
