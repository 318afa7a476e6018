#pragma once
// Test fixture of the results workflow (test-only): 30 cable makers in 历下区 (370102) and 4 in
// 市南区 (370202), 8 Jinan inspectors, a Jinan plan for cables and food drawn on 2026-09-01,
// and a ResultService with a PassRateStore over them.
#include <chrono>

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/testing/status_is.h"
#include "inspection/internal/spot_check_testing.h"
#include "inspection/pass_rate_store.h"
#include "inspection/result_service.h"
#include "inspection/spot_check_service.h"
#include "registry/registry_test_env.h"
#include "store/domain_events.h"

namespace zq::inspection::testing {

using ::zq::status_matchers::StatusIs;

class ResultEnv : public ::testing::TestWithParam<store::Backend> {
 protected:
  // Sets the clock to 10:00 China time on `date`.
  void At(std::string_view date) {
    env_.clock.Set(std::chrono::sys_days(ParseDate(date).value()) + std::chrono::hours(2));
  }

  void Start(store::Database& db, ResultRules rules = {}) {
    db_ = &db;
    ASSERT_TRUE(env_.Start(db).ok());
    registry::Registry& r = *env_.registry;
    ASSERT_TRUE(AddCategories(r, {{kCables, "电线电缆"}, {kFood, "食品"}}).ok());
    std::vector<registry::MarketEntity> firms;
    std::vector<registry::Product> products;
    for (int i = 0; i < 34; ++i) {
      firms.push_back(registry::testing::MakeEntity(i < 30 ? "370102" : "370202", i,
                                                    "质强结果测试企业" + std::to_string(i)));
      products.push_back({"ZQ-R" + std::to_string(i), "电缆", "", kCables, firms.back().uscc});
    }
    ASSERT_TRUE(r.AppendEntities(system_, firms).ok());
    ASSERT_TRUE(r.AppendProducts(system_, products).ok());
    std::vector<registry::Inspector> pool;
    for (int i = 0; i < 8; ++i) {
      pool.push_back({"370100" + std::to_string(10000 + i),
                      "检查员" + std::to_string(i),
                      "济南市市场监督管理局",
                      "370100",
                      {"product_quality"},
                      true,
                      ""});
    }
    ASSERT_TRUE(r.AppendInspectors(system_, pool).ok());
    checks_ = std::make_unique<SpotCheckService>(db, r, env_.audit, env_.keys.personal_data(),
                                                 env_.clock);
    At("2026-09-01");
    std::int64_t plan_id = 0;
    ASSERT_NO_FATAL_FAILURE(Draw(JinanPlan("JN-2026-R1", "2026年济南市电线电缆和食品监督抽查",
                                           "2026-09-01", {kCables, kFood}, 3000),  // 30 %
                                 plan_id));
    ASSERT_TRUE(cube_.Load(db).ok());
    results_ = std::make_unique<ResultService>(db, r, env_.audit, env_.keys.personal_data(),
                                               env_.clock, std::move(rules), &cube_);
    Result<std::vector<TaskSummary>> tasks = results_->ListTasks(system_, {});
    ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
    tasks_ = std::move(tasks).value();
    ASSERT_GE(tasks_.size(), 8u);
  }

  // Creates plan `p` and draws it (commits to a seed, runs the draw) as the system.
  void Draw(const SpotCheckPlan& p, std::int64_t& plan_id) {
    Result<SpotCheckPlan> plan = checks_->CreatePlan(system_, p);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    plan_id = plan->id;
    Result<DrawSummary> committed = checks_->CommitDraw(system_, plan->id);
    ASSERT_TRUE(committed.ok()) << committed.status().ToString();
    ASSERT_TRUE(checks_->RunDraw(system_, committed->id).ok());
  }

  static SamplingRecord Sample(std::string_view category = kCables, std::int64_t reserve = 1) {
    SamplingRecord s;
    s.sampled_on = "2026-09-02";
    s.place = "成品仓库";
    s.batch_number = "20260815";
    s.quantity = 2;
    s.reserve_quantity = reserve;
    s.category_code = std::string(category);
    s.product_name = "聚氯乙烯绝缘电缆";
    s.specification = "BV 2.5mm²";
    s.brand = "质强";
    s.samplers = {"王小明", "李华"};
    return s;
  }

  static TestResults Results(std::string_view tested_on, bool fail_key, bool fail_general = false) {
    TestResults r;
    r.institution = "山东省产品质量检验研究院";
    r.report_number = "SDQI-2026-0001";
    r.tested_on = std::string(tested_on);
    r.items = {{"导体电阻", true, "GB/T 3048.4-2007", "≤7.41", fail_key ? "7.86" : "7.20", "Ω/km",
                fail_key ? Verdict::kFail : Verdict::kPass},
               {"标志", false, "GB/T 6995.3-2008", "清晰耐擦", fail_general ? "模糊" : "清晰", "",
                fail_general ? Verdict::kFail : Verdict::kPass}};
    return r;
  }

  // Samples task `i` (on 2026-09-02) and records its results (tested on `tested_on`).
  Batch Tested(std::size_t i, std::string_view tested_on, bool fail, std::int64_t reserve = 1,
               std::string_view category = kCables) {
    Result<Batch> b =
        results_->RecordSample(system_, tasks_.at(i).task_id, Sample(category, reserve));
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    Result<Batch> t = results_->RecordResults(system_, b->id, Results(tested_on, fail));
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    return *t;
  }

  std::vector<store::DomainEvent> Events() {
    auto tx = std::move(db_->Begin(store::TxMode::kReadOnly)).value();
    return std::move(store::ReadDomainEvents(*tx, 0, 1000, "inspection.")).value();
  }

  registry::testing::RegistryEnv env_;
  const auth::Caller system_ = auth::Caller::System();
  store::Database* db_ = nullptr;
  std::unique_ptr<SpotCheckService> checks_;
  PassRateStore cube_;
  std::unique_ptr<ResultService> results_;
  std::vector<TaskSummary> tasks_;
};

}  // namespace zq::inspection::testing
