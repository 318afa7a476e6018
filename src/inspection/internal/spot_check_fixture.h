#pragma once
// Tests only: the spot-check service over a small registry (spot_check_service_test.cc,
// draw_ceremony_test.cc).
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "inspection/internal/spot_check_testing.h"
#include "inspection/spot_check_service.h"
#include "registry/registry_test_env.h"
#include "store/testing/test_database.h"

namespace zq::inspection::testing {

class SpotCheckFixture : public ::testing::TestWithParam<store::Backend> {
 protected:
  // 30 cable makers and 5 toy makers in 历下区 (370102), 4 cable makers in 市南区 (370202), and
  // 8 inspectors in Jinan (one of them qualified for toys only).
  void Start(store::Database& db) {
    ASSERT_TRUE(env_.Start(db).ok());
    registry::Registry& r = *env_.registry;
    ASSERT_TRUE(testing::AddCategories(r, {{kCables, "电线电缆"}, {kToys, "玩具"}}).ok());
    std::vector<registry::MarketEntity> firms;
    std::vector<registry::Product> products;
    for (int i = 0; i < 39; ++i) {
      const char* county = i < 35 ? "370102" : "370202";
      firms.push_back(
          registry::testing::MakeEntity(county, i, "质强抽查测试企业" + std::to_string(i)));
      products.push_back({"ZQ-P" + std::to_string(i), "产品" + std::to_string(i), "",
                          i >= 30 && i < 35 ? kToys : kCables, firms.back().uscc});
    }
    ASSERT_TRUE(r.AppendEntities(admin_, firms).ok());
    ASSERT_TRUE(r.AppendProducts(admin_, products).ok());
    std::vector<registry::Inspector> pool;
    for (int i = 0; i < 8; ++i) {
      registry::Inspector in;
      in.inspector_id = "370100" + std::to_string(10000 + i);
      in.name = "检查员" + std::to_string(i);
      in.unit = i < 4 ? "济南市市场监督管理局" : "历下区市场监督管理局";
      in.region_code = i < 4 ? "370100" : "370102";
      in.qualifications = {i == 7 ? std::string(kToys) : std::string("product_quality")};
      pool.push_back(in);
    }
    ASSERT_TRUE(r.AppendInspectors(admin_, pool).ok());
    service_ = std::make_unique<SpotCheckService>(db, r, env_.audit, env_.keys.personal_data(),
                                                  env_.clock);
  }

  static SpotCheckPlan CablePlan(std::string code = "SD-2026-001") {
    return testing::JinanPlan(std::move(code), "2026年电线电缆产品质量监督抽查", "2026-11-01",
                              {kCables}, 2000);  // 20 %
  }

  registry::testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
  std::unique_ptr<SpotCheckService> service_;
};

}  // namespace zq::inspection::testing
