// Credit events from CSV files and from the spot-check module's domain events.
#include <sstream>

#include <gtest/gtest.h>

#include "credit/event_import.h"
#include "credit/inspection_events.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"
#include "store/domain_events.h"

namespace zq::credit {
namespace {

using testing::StatusIs;

class CreditInputsTest : public testing::CreditServiceTest {};

TEST_P(CreditInputsTest, CsvImportReportsEachBadRowWithItsLineAndField) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  std::stringstream csv;
  csv << "uscc,source,source_id,event_type,occurred_on,evidence_ref,severity,summary\n"
      << uscc_[0] << ",samr-3701,P-1,penalty.ordinary,2026-06-01,济市监罚〔2026〕1号,,\n"
      << uscc_[1] << ",samr-3701,P-2,penalty.unknown,2026-06-01,济市监罚〔2026〕2号,,\n"
      << uscc_[1] << ",samr-3701,P-3,penalty.minor,2026-06-01,,,\n"
      << uscc_[2] << ",samr-3701,P-1,penalty.minor,2026-06-01,x,,\n"
      << uscc_[2] << ",samr-3701,P-4,penalty.minor,2026-06-01,x,9,\n"
      << "\"" << uscc_[3] << ",samr-3701,P-5,penalty.minor,2026-06-01,x,,\n";
  Result<registry::ImportReport> r = ImportEventsCsv(*service_, *db_, admin_, csv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_read, 6u);
  EXPECT_EQ(r->inserted, 1u);
  EXPECT_EQ(r->rejected, 5u);
  ASSERT_EQ(r->errors.size(), 5u);
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(r->errors[0].field, "event_type");
  EXPECT_EQ(r->errors[1].field, "evidence_ref");
  EXPECT_EQ(r->errors[2].field, "source_id");
  EXPECT_EQ(r->errors[2].code, "ALREADY_EXISTS");
  EXPECT_EQ(r->errors[3].field, "severity");
  EXPECT_EQ(r->errors[4].line, 7u);
  EXPECT_EQ(r->errors[4].field, "csv");
  // The same good row again changes nothing.
  std::stringstream again;
  again << "source,source_id,event_type,uscc,occurred_on,evidence_ref\n"
        << "samr-3701,P-1,penalty.ordinary," << uscc_[0] << ",2026-06-01,济市监罚〔2026〕1号\n";
  r = ImportEventsCsv(*service_, *db_, admin_, again);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->unchanged, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events"), 1);
  std::stringstream bad_header("uscc,source\n");
  EXPECT_THAT(ImportEventsCsv(*service_, *db_, admin_, bad_header).status(),
              StatusIs(StatusCode::kInvalidArgument, "header"));
}

TEST_P(CreditInputsTest, SpotCheckVerdictsBecomeCreditEventsOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const auto publish = [&](std::string kind, std::string source_id, int firm, std::string payload) {
    store::DomainEvent d;
    d.source = "inspection";
    d.source_id = std::move(source_id);
    d.kind = std::move(kind);
    d.uscc = firm < 0 ? registry::testing::MakeUscc("370102", 999) : uscc_.at(firm);
    d.region_code = "370102";
    d.occurred_on = "2026-10-20";
    d.payload = std::move(payload);
    ASSERT_TRUE(store::InTransaction(*db_, [&](store::Transaction& tx) {
                  return store::AppendDomainEvent(tx, d).status();
                }).ok());
  };
  publish("inspection.batch_failed", "batch:12:final", 0,
          R"({"plan_code": "SD-2026-001", "plan_name": "电线电缆抽查", "product_name": "电缆",
              "batch_number": "20260915", "items_failed": ["导体电阻"], "severity": "key_item",
              "prior_failures_24m": 1})");
  publish("inspection.batch_passed", "batch:13:final", 1, R"({"severity": "none"})");
  publish("inspection.escalated", "follow-up:3:level:2", 0, R"({"level": 2})");
  publish("inspection.batch_failed", "batch:14:final", -1, "{}");  // firm not registered
  publish("inspection.plan_published", "plan:1", 1, "{}");         // not scored
  Result<ConsumeStats> s = ConsumeInspectionEvents(*service_, *db_);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ(s->read, 5);
  EXPECT_EQ(s->recorded, 3);
  EXPECT_EQ(s->skipped, 1);
  EXPECT_EQ(ConsumeInspectionEvents(*service_, *db_)->read, 0);  // the cursor moved on
  const Result<CreditFile> f = service_->File(admin_, uscc_[0]);
  ASSERT_EQ(f->events.size(), 2u);
  EXPECT_EQ(f->events[0].event_type, "spot_check.failed");
  EXPECT_EQ(f->events[0].severity, 4);  // key item + repeat
  EXPECT_EQ(f->events[0].source_id, "batch:12:final");
  EXPECT_NE(f->events[0].summary.find("导体电阻"), std::string::npos);
  EXPECT_EQ(f->events[1].event_type, "spot_check.escalated");
  EXPECT_EQ(f->events[1].severity, 5);
  // 80 − 10 − 20 = 50 → D: a failed batch and a suspension.
  EXPECT_EQ(f->history.at(0).risk_class, "D");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.event.skipped'"), 1);
}

TEST_P(CreditInputsTest, BulkLoadIsForAdminsAndTheFullRescoreGradesIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  std::vector<CreditEvent> events = {Event(0, "penalty.heavy", "2026-06-01", "B-1"),
                                     Event(1, "award.quality", "2026-06-01", "B-2")};
  events[0].region_code = events[1].region_code = "370102";
  EXPECT_THAT(service_->BulkLoadEvents(registry::testing::Regulator("370102"), events).status(),
              StatusIs(StatusCode::kPermissionDenied, ""));
  auto bad = events;
  bad[1].event_type = "award.nobel";
  EXPECT_THAT(service_->BulkLoadEvents(admin_, bad).status(),
              StatusIs(StatusCode::kInvalidArgument, "event_type"));
  ASSERT_EQ(*service_->BulkLoadEvents(admin_, events), 2);
  EXPECT_EQ(service_->BulkLoadEvents(admin_, events).status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_grades"), 0);  // no rescoring yet
  const Result<RescoreStats> stats = service_->RescoreAll(admin_);
  ASSERT_TRUE(stats.ok()) << stats.status().ToString();
  EXPECT_EQ(stats->changed, 2);
  EXPECT_EQ(service_->Query(admin_, uscc_[0])->risk_class, "C");  // 80 − 25 = 55
  EXPECT_EQ(service_->Public(uscc_[1])->grade, "AA");             // 80 + 10 = 90
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.rescore.all'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditInputsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit
