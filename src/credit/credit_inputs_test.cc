// Credit events from CSV and XLSX files and from the spot-check module's domain events (through
// the event dispatcher, as `zq serve` runs it).
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/testing/ids.h"
#include "credit/event_import.h"
#include "credit/inspection_events.h"
#include "credit/internal/credit_test_fixture.h"
#include "credit/internal/status_is.h"
#include "events/dispatcher.h"
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
  Result<registry::ImportReport> r = ImportEvents(*service_, *db_, admin_, csv);
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
  r = ImportEvents(*service_, *db_, admin_, again);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->unchanged, 1u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events"), 1);
  std::stringstream bad_header("uscc,source\n");
  EXPECT_THAT(ImportEvents(*service_, *db_, admin_, bad_header).status(),
              StatusIs(StatusCode::kInvalidArgument, "header"));
}

// The console's template in Chinese: Chinese headers, a department named in Chinese (税务局).
TEST_P(CreditInputsTest, ChineseHeadersAndAChineseSourceAreRead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  std::stringstream csv;
  csv << "来源部门,来源编号,事件类型,统一社会信用代码,发生日期,依据文号,严重程度,摘要\n"
      << "税务局,T-1,penalty.ordinary," << uscc_[0] << ",2026-06-01,鲁税罚〔2026〕1号,,\n"
      << "国家税务总局 山东省税务局,T-2,penalty.ordinary," << uscc_[1]
      << ",2026-06-01,鲁税罚〔2026〕2号,,\n"
      << "税务局\"引号\",T-3,penalty.ordinary," << uscc_[1] << ",2026-06-01,x,,\n";
  Result<registry::ImportReport> r = ImportEvents(*service_, *db_, admin_, csv);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->inserted, 1u);
  ASSERT_EQ(r->errors.size(), 2u);
  EXPECT_EQ(r->errors[0].field, "source");  // a space inside the name
  EXPECT_EQ(r->errors[0].line, 3u);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events WHERE source = '税务局'"), 1);
  std::stringstream twice("来源部门,source,来源编号\n");
  EXPECT_THAT(ImportEvents(*service_, *db_, admin_, twice).status(),
              StatusIs(StatusCode::kInvalidArgument, "header"));
}

TEST_P(CreditInputsTest, XlsxImportReadsDateCellsAndReportsBadRowsByTheirSheetRow) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Start(t->db());
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("credit-events-" + std::to_string(::getpid()) + ".xlsx"))
                               .string();
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(wb, "信用事件");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  const char* header[] = {"source",      "source_id",    "event_type", "uscc",
                          "occurred_on", "evidence_ref", "severity"};
  for (lxw_col_t c = 0; c < 7; ++c) worksheet_write_string(sheet, 0, c, header[c], nullptr);
  const auto row = [&](lxw_row_t r, const char* id, const char* type, const std::string& uscc) {
    worksheet_write_string(sheet, r, 0, "samr-3701", nullptr);
    worksheet_write_string(sheet, r, 1, id, nullptr);
    worksheet_write_string(sheet, r, 2, type, nullptr);
    worksheet_write_string(sheet, r, 3, uscc.c_str(), nullptr);
    worksheet_write_string(sheet, r, 5, "济市监罚〔2026〕7号", nullptr);
  };
  lxw_datetime june = {2026, 6, 1, 0, 0, 0};
  row(1, "X-1", "penalty.ordinary", uscc_[0]);
  worksheet_write_datetime(sheet, 1, 4, &june, date);  // a date cell, as a clerk types it
  worksheet_write_number(sheet, 1, 6, 3, nullptr);     // severity as a number cell
  row(2, "X-2", "penalty.unknown", uscc_[1]);
  worksheet_write_string(sheet, 2, 4, "2026-06-02", nullptr);
  // Row 4 is blank and is skipped; row 5 has its date as text.
  row(4, "X-3", "penalty.minor", uscc_[2]);
  worksheet_write_string(sheet, 4, 4, "2026-06-03", nullptr);
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);

  const auto import = [&]() {
    std::ifstream in(path, std::ios::binary);
    return ImportEvents(*service_, *db_, admin_, in);
  };
  Result<registry::ImportReport> r = import();
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows_read, 3u);
  EXPECT_EQ(r->inserted, 2u);
  ASSERT_EQ(r->errors.size(), 1u);
  EXPECT_EQ(r->errors[0].line, 3u);  // the sheet's row number, as the clerk sees it
  EXPECT_EQ(r->errors[0].field, "event_type");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events WHERE source_id = 'X-1' AND "
                  "occurred_on = '2026-06-01' AND severity = 3"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events WHERE source_id = 'X-3' AND "
                  "occurred_on = '2026-06-03'"),
            1);
  r = import();  // the same workbook again changes nothing
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->inserted, 0u);
  EXPECT_EQ(r->unchanged, 2u);
  std::remove(path.c_str());
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
  events::EventDispatcher dispatcher(*db_, {InspectionEventConsumer(*service_)});
  Result<std::vector<events::ConsumerStats>> s = dispatcher.RunUntilIdle();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_EQ(s->at(0).consumer, "credit.inspection");
  EXPECT_EQ(s->at(0).delivered, 5);  // the unusable and the unscored kinds count as handled
  EXPECT_EQ(s->at(0).dead_lettered, 0);
  EXPECT_EQ(s->at(0).lag, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM credit_events WHERE source = 'inspection'"), 3);
  EXPECT_EQ(dispatcher.RunUntilIdle()->at(0).delivered, 0);  // the cursor moved on
  const Result<CreditFile> f = service_->File(admin_, TestUscc(uscc_[0]));
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
  EXPECT_EQ(service_->Query(admin_, TestUscc(uscc_[0]))->risk_class, "C");  // 80 − 25 = 55
  EXPECT_EQ(service_->Public(TestUscc(uscc_[1]))->grade, "AA");             // 80 + 10 = 90
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'credit.rescore.all'"), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, CreditInputsTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::credit
