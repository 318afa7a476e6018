#pragma once

// Tests only: a credit service over a fresh test database with four registered firms.

#include <gtest/gtest.h>

#include "credit/credit_service.h"
#include "registry/registry_test_env.h"

namespace zq::credit::testing {

using registry::testing::MakeEntity;

class CreditServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  // Three firms in 历下区 (370102) and one in 市南区 (370202).
  void Start(store::Database& db) {
    db_ = &db;
    ASSERT_TRUE(env_.Start(db).ok());
    std::vector<registry::MarketEntity> firms;
    for (int i = 0; i < 4; ++i)
      firms.push_back(
          MakeEntity(i < 3 ? "370102" : "370202", i, "信用测试企业" + std::to_string(i)));
    ASSERT_TRUE(env_.registry->AppendEntities(admin_, firms).ok());
    for (const auto& f : firms) uscc_.push_back(f.uscc);
    service_ = std::make_unique<CreditService>(db, *env_.registry, env_.audit, env_.clock);
    ASSERT_TRUE(service_->LoadRuleSets().ok());
  }

  // Sets the injected clock to midnight UTC of y-m-d.
  void SetDay(int y, unsigned m, unsigned d) {
    env_.clock.Set(std::chrono::sys_days{std::chrono::year{y} / m / d});
  }

  CreditEvent Event(int firm, std::string type, std::string occurred_on, std::string source_id) {
    CreditEvent e;
    e.source = "samr-370100";
    e.source_id = std::move(source_id);
    e.event_type = std::move(type);
    e.uscc = uscc_.at(static_cast<std::size_t>(firm));
    e.occurred_on = std::move(occurred_on);
    e.evidence_ref = "济市监处罚〔2026〕" + e.source_id + "号";
    return e;
  }

  Result<RecordOutcome> Record(int firm, std::string type, std::string occurred_on,
                               std::string source_id) {
    return service_->RecordEvent(
        admin_, Event(firm, std::move(type), std::move(occurred_on), std::move(source_id)));
  }

  std::int64_t Count(std::string_view sql) {
    auto tx = std::move(db_->Begin(store::TxMode::kReadOnly)).value();
    return (*tx->Query(sql)).rows.at(0).GetInt(0);
  }

  registry::testing::RegistryEnv env_;
  store::Database* db_ = nullptr;
  const auth::Caller admin_ = auth::Caller::System();
  std::vector<std::string> uscc_;
  std::unique_ptr<CreditService> service_;
};

}  // namespace zq::credit::testing
