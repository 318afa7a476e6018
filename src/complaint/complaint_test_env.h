#pragma once

// The fixture of the complaint module's storage tests (both databases): a registry with a shop
// and a platform, the service on a fixed clock, a complaint form, the audit head, row counts.
#include <memory>
#include <string_view>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "complaint/complaint_service.h"
#include "registry/registry_test_env.h"
#include "store/testing/test_database.h"

namespace zq::complaint::testing {

using registry::testing::MakeEntity;

class ComplaintServiceTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  void Start(store::Database& db) {
    db_ = &db;
    ASSERT_TRUE(env_.Start(db).ok());
    shop_ = MakeEntity("370102", 1, "济南某电器商行");
    platform_ = MakeEntity("330110", 2, "杭州某网络平台有限公司");
    ASSERT_TRUE(env_.registry->UpsertEntity(auth::Caller::System(), shop_).ok());
    ASSERT_TRUE(env_.registry->UpsertEntity(auth::Caller::System(), platform_).ok());
    service_ = std::make_unique<ComplaintService>(db, *env_.registry, env_.audit,
                                                  env_.keys.personal_data(), env_.clock);
  }

  SubmissionInput Form(std::vector<std::string> kinds = {"complaint"}) {
    SubmissionInput in;
    in.kinds = std::move(kinds);
    in.name = "李四";
    in.phone = "13812345678";
    in.id_number = "11010519491231002X";
    in.address = "山东省济南市历城区某路1号";
    in.respondent_uscc = shop_.uscc;
    in.business_region = "370103";
    in.facts = "在该店买的电热水壶用了三天就漏电";
    in.request = "退货退款";
    return in;
  }

  std::int64_t AuditSeq() {
    auto tx = db_->Begin(store::TxMode::kReadOnly);
    return env_.audit.Head(**tx)->seq;
  }

  std::int64_t Count(std::string_view table) {
    auto tx = db_->Begin(store::TxMode::kReadOnly);
    return (*tx)->Query(fmt::format("SELECT COUNT(*) FROM {}", table))->rows.at(0).GetInt(0);
  }

  void At(std::string_view day) {
    env_.clock.Set(std::chrono::sys_days(*ParseDate(day)) + std::chrono::hours(2));
  }

  store::Database* db_ = nullptr;
  registry::testing::RegistryEnv env_;
  registry::MarketEntity shop_, platform_;
  std::unique_ptr<ComplaintService> service_;
  const auth::Caller public_{};
};

}  // namespace zq::complaint::testing
