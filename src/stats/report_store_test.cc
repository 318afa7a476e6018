// 统计报表 in the database, on both databases: the panel an office asks to file, filings and
// their revisions with who may make them, the panel's state against the due date, the quality
// loss rate computed from the latest revisions (the "city" firms of testdata/loss_rate_firms.tsv,
// whose reference report_forms_test.cc checks against R survey), and the enterprise's to-do.
#include "stats/report_store.h"

#include <chrono>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "registry/registry_test_env.h"

namespace zq::stats {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;
using registry::testing::Regulator;

auth::Caller EnterpriseUser(std::string uscc) {
  auth::Caller c;
  c.actor = "firm";
  c.role = auth::Role::kEnterprise;
  c.uscc = std::move(uscc);
  return c;
}

// The "city" firms of testdata/loss_rate_firms.tsv: internal, external and output, 万元.
constexpr double kCityFirms[10][3] = {{42.5, 18.0, 5200}, {12.0, 3.5, 860},   {150.2, 96.8, 21400},
                                      {8.4, 0, 610},      {31.0, 22.1, 3900}, {5.2, 1.9, 1250},
                                      {77.7, 40.3, 9800}, {19.5, 4.4, 2300},  {64.0, 51.5, 7600},
                                      {2.1, 0.8, 430}};

json Figures(const double f[3]) {
  // Split over items of each group: the rate sums them.
  return {{"output_value", f[2]},
          {"scrap_loss", f[0] / 2},
          {"rework_cost", f[0] / 2},
          {"claims", f[1]}};
}

class ReportStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  registry::testing::RegistryEnv env_;
  const auth::Caller admin_ = auth::Caller::System();
  const auth::Caller jinan_ = Regulator("370100");
  const auth::Caller qingdao_ = Regulator("370200");
  const auth::Caller province_ = Regulator("370000");

  std::int64_t AuditCount(store::Database& db, std::string_view action) {
    auto tx = db.Begin(store::TxMode::kReadOnly);
    const store::Value p[] = {std::string(action)};
    return (*tx)->Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", p)->rows[0].GetInt(0);
  }

  // Ten firms in 历下区 (济南), two in 市南区 (青岛), registered.
  std::vector<std::string> Register() {
    std::vector<std::string> usccs;
    for (int i = 0; i < 12; ++i) {
      const registry::MarketEntity e =
          MakeEntity(i < 10 ? "370102" : "370202", i + 1, "企业" + std::to_string(i + 1));
      EXPECT_TRUE(env_.registry->UpsertEntity(admin_, e).ok());
      usccs.push_back(e.uscc);
    }
    return usccs;
  }
};

TEST_P(ReportStoreTest, FirmsFileAndReviseAndTheRateIsTheirsAsRSurveyComputesIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  IndicatorStore indicators(t->db(), env_.audit, env_.clock);
  ASSERT_TRUE(indicators.EnsureCatalogue().ok());
  ReportStore reports(t->db(), env_.audit, env_.clock, *env_.registry, indicators);
  const std::vector<std::string> usccs = Register();
  const std::vector<std::string> jinan_firms(usccs.begin(), usccs.begin() + 10);

  // 济南 asks its ten firms; it cannot ask 青岛's, and nothing of a refused list is stored.
  std::vector<std::string> mixed = jinan_firms;
  mixed.push_back(usccs[10]);
  const auto refused = reports.Enrol(jinan_, "enterprise_quality", "2026", mixed);
  EXPECT_EQ(refused.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(refused.status().field(), "usccs[10]");
  EXPECT_EQ(reports.Enrol(jinan_, "enterprise_quality", "2026", std::vector<std::string>{"bad"})
                .status()
                .field(),
            "usccs[0]");
  EXPECT_EQ(reports.Enrol(jinan_, "enterprise_quality", "26", jinan_firms).status().field(),
            "period");
  EXPECT_EQ(reports.Enrol(EnterpriseUser(usccs[0]), "enterprise_quality", "2026", jinan_firms)
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(reports.Enrol(jinan_, "enterprise_quality", "2026", jinan_firms).value(), 10);
  EXPECT_EQ(reports.Enrol(jinan_, "enterprise_quality", "2026", jinan_firms).value(), 0);
  EXPECT_EQ(
      reports.Enrol(qingdao_, "enterprise_quality", "2026", std::vector<std::string>{usccs[10]})
          .value(),
      1);

  // On 24 November 2026 nothing is filed: every firm is due by 31 March 2027.
  PanelStatus panel = reports.Panel(jinan_, "enterprise_quality", "2026", std::nullopt).value();
  EXPECT_EQ(panel.due_on, "2027-03-31");
  EXPECT_EQ(panel.members.size(), 10u);
  EXPECT_EQ(panel.due, 10);
  EXPECT_EQ(reports.DueFor(EnterpriseUser(usccs[0])).value()->count, 1);
  EXPECT_EQ(reports.DueFor(EnterpriseUser(usccs[0])).value()->next_due, "2027-03-31");
  EXPECT_FALSE(reports.DueFor(jinan_).value().has_value());

  // Nine firms file for themselves, the tenth's figures are entered by its city (代填); the
  // first firm files wrong figures first and corrects them with a reason.
  const ReportFiling wrong =
      reports
          .File(EnterpriseUser(usccs[0]), "enterprise_quality", "2026", usccs[0],
                json{{"output_value", 520}, {"scrap_loss", 300}}, "")
          .value();
  EXPECT_EQ(wrong.revision, 1);
  ASSERT_EQ(wrong.warnings.size(), 1u);  // 57.7 % of the output
  const auto no_reason = reports.File(EnterpriseUser(usccs[0]), "enterprise_quality", "2026",
                                      usccs[0], Figures(kCityFirms[0]), "");
  EXPECT_EQ(no_reason.status().field(), "reason");
  const ReportFiling corrected = reports
                                     .File(EnterpriseUser(usccs[0]), "enterprise_quality", "2026",
                                           usccs[0], Figures(kCityFirms[0]), "产值单位填成了十万元")
                                     .value();
  EXPECT_EQ(corrected.revision, 2);
  EXPECT_TRUE(corrected.warnings.empty());
  EXPECT_FALSE(corrected.by_office);
  // Another firm cannot file for the first; 青岛 cannot file for 济南's; bad figures are named.
  EXPECT_EQ(reports
                .File(EnterpriseUser(usccs[1]), "enterprise_quality", "2026", usccs[0],
                      Figures(kCityFirms[0]), "x")
                .status()
                .field(),
            "uscc");
  EXPECT_EQ(
      reports.File(qingdao_, "enterprise_quality", "2026", usccs[1], Figures(kCityFirms[1]), "")
          .status()
          .code(),
      StatusCode::kNotFound);
  EXPECT_EQ(reports
                .File(EnterpriseUser(usccs[1]), "enterprise_quality", "2026", usccs[1],
                      json{{"output_value", -1}}, "")
                .status()
                .field(),
            "values.output_value");
  for (int i = 1; i < 9; ++i) {
    ASSERT_TRUE(reports
                    .File(EnterpriseUser(usccs[i]), "enterprise_quality", "2026", usccs[i],
                          Figures(kCityFirms[i]), "")
                    .ok());
  }
  // The tenth after the due date, entered by the city.
  env_.clock.Set(std::chrono::sys_days{std::chrono::year{2027} / 4 / 2});
  panel = reports.Panel(province_, "enterprise_quality", "2026", std::nullopt).value();
  EXPECT_EQ(panel.members.size(), 11u);  // 青岛's firm too
  EXPECT_EQ(panel.filed, 9);
  EXPECT_EQ(panel.overdue, 2);
  EXPECT_EQ(reports.DueFor(EnterpriseUser(usccs[9])).value()->overdue, 1);
  const ReportFiling late =
      reports.File(jinan_, "enterprise_quality", "2026", usccs[9], Figures(kCityFirms[9]), "")
          .value();
  EXPECT_TRUE(late.late);
  EXPECT_TRUE(late.by_office);
  panel = reports.Panel(jinan_, "enterprise_quality", "2026", std::nullopt).value();
  EXPECT_EQ(panel.filed, 9);
  EXPECT_EQ(panel.filed_late, 1);
  EXPECT_EQ(panel.overdue, 0);
  EXPECT_EQ(panel.members[0].revisions, 2);  // the corrected one stays filed on time
  EXPECT_EQ(panel.members[0].state, "filed");
  // 青岛 does not see 济南's panel.
  EXPECT_EQ(
      reports.Panel(qingdao_, "enterprise_quality", "2026", ids::ParseRegionCode("370100").value())
          .status()
          .code(),
      StatusCode::kNotFound);

  // Every revision is kept, newest first; the firm reads its own, 青岛 none.
  const auto revisions =
      reports.Revisions(EnterpriseUser(usccs[0]), "enterprise_quality", "2026", usccs[0]).value();
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].reason, "产值单位填成了十万元");
  EXPECT_EQ(revisions[1].figures.at("output_value"), 520);
  EXPECT_EQ(reports.Revisions(qingdao_, "enterprise_quality", "2026", usccs[0]).status().code(),
            StatusCode::kNotFound);

  // The province's rate and 济南's from the latest revisions: R survey's svyratio on the same
  // ten firms (loss_rate_reference.tsv, case "city"): 0.0122193064667291, SE 0.000586155669203642.
  const auto values = reports.ComputeQualityLossRates(province_, "2026", std::nullopt).value();
  ASSERT_EQ(values.size(), 2u);  // 山东 and 济南; 青岛 filed nothing
  for (const IndicatorValue& v : values) {
    SCOPED_TRACE(v.region_code);
    EXPECT_TRUE(v.region_code == "370000" || v.region_code == "370100");
    EXPECT_NEAR(v.value, 0.0122193064667291, 1e-12);
    EXPECT_NEAR(*v.lower, 0.011070462465756, 1e-12);
    EXPECT_NEAR(*v.upper, 0.0133681504677023, 1e-12);
    EXPECT_EQ(v.interval_method, "ratio_linearised");
    const json inputs = json::parse(v.inputs);
    EXPECT_EQ(inputs["firms_filed"], 10);
    EXPECT_EQ(inputs["firms_asked"], v.region_code == "370000" ? 11 : 10);
    EXPECT_NEAR(inputs["standard_error"].get<double>(), 0.000586155669203642, 1e-12);
    EXPECT_NEAR(inputs["internal"]["rate"].get<double>(), 0.00773383317713215, 1e-12);
  }
  const auto stored =
      indicators.Values(province_, "quality_loss_rate", std::nullopt, "2026").value();
  EXPECT_EQ(stored.size(), 2u);
  EXPECT_EQ(reports.ComputeQualityLossRates(jinan_, "2026Q1", std::nullopt).status().field(),
            "period");
  EXPECT_EQ(
      reports.ComputeQualityLossRates(qingdao_, "2026", ids::ParseRegionCode("370100").value())
          .status()
          .code(),
      StatusCode::kNotFound);

  EXPECT_EQ(AuditCount(t->db(), "stats.report_panel.enrol"), 3);
  EXPECT_EQ(AuditCount(t->db(), "stats.report.file"), 11);
  EXPECT_EQ(AuditCount(t->db(), "stats.indicator_values.compute"), 1);
}

TEST_P(ReportStoreTest, AnOfficeFilesItsFirmsFiguresFromASheet) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  IndicatorStore indicators(t->db(), env_.audit, env_.clock);
  ReportStore reports(t->db(), env_.audit, env_.clock, *env_.registry, indicators);
  const std::vector<std::string> usccs = Register();
  ASSERT_TRUE(
      reports
          .Enrol(jinan_, "enterprise_quality", "2026", std::vector<std::string>{usccs[0], usccs[1]})
          .ok());
  // Chinese headers and codes mixed; line 1 is the header.
  std::istringstream sheet(
      fmt::format("统一社会信用代码,工业总产值（现行价）,报废损失费,claims,更正原因\n"
                  "{0},1000,10,5,\n"          // 2: filed
                  "{1},abc,1,,\n"             // 3: not a number
                  "{2},800,,,\n"              // 4: not asked to file
                  "{0},1000,12,5,\n"          // 5: a revision without its reason
                  "{0},1000,12,5,漏报返修\n"  // 6: the revision
                  ",100,,,\n",                // 7: no USCC
                  usccs[0], usccs[1], usccs[2]));
  const registry::ImportReport report =
      reports.FileTable(jinan_, "enterprise_quality", "2026", sheet).value();
  EXPECT_EQ(report.rows_read, 6u);
  EXPECT_EQ(report.inserted, 1u);
  EXPECT_EQ(report.updated, 1u);
  EXPECT_EQ(report.rejected, 4u);
  ASSERT_EQ(report.errors.size(), 4u);
  EXPECT_EQ(report.errors[0].line, 3u);
  EXPECT_EQ(report.errors[0].field, "values.output_value");
  EXPECT_EQ(report.errors[1].line, 4u);
  EXPECT_EQ(report.errors[1].field, "uscc");
  EXPECT_EQ(report.errors[2].line, 5u);
  EXPECT_EQ(report.errors[2].field, "reason");
  EXPECT_EQ(report.errors[3].line, 7u);
  EXPECT_EQ(report.errors[3].field, "uscc");
  const auto revisions = reports.Revisions(jinan_, "enterprise_quality", "2026", usccs[0]).value();
  ASSERT_EQ(revisions.size(), 2u);
  EXPECT_EQ(revisions[0].figures.at("scrap_loss"), 12);
  EXPECT_EQ(revisions[0].reason, "漏报返修");
  EXPECT_TRUE(revisions[0].by_office);

  // A file the form cannot read is refused whole; an analyst files nothing.
  std::istringstream unknown("uscc,bribes\n" + usccs[1] + ",1\n");
  EXPECT_EQ(reports.FileTable(jinan_, "enterprise_quality", "2026", unknown).status().field(),
            "header");
  std::istringstream no_uscc("工业总产值（现行价）\n5\n");
  EXPECT_EQ(reports.FileTable(jinan_, "enterprise_quality", "2026", no_uscc).status().field(),
            "header");
  auth::Caller analyst = jinan_;
  analyst.role = auth::Role::kAnalyst;
  std::istringstream again("uscc,output_value\n" + usccs[1] + ",5\n");
  EXPECT_EQ(reports.FileTable(analyst, "enterprise_quality", "2026", again).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(t->db(), "stats.report.file"), 2);
}

// The sheet to fill in: the office's panel firms not yet filed, named, with the headers in
// Chinese; filled in and sent back, it files them. A firm gets its own row.
TEST_P(ReportStoreTest, TheTemplateListsTheFirmsStillToFileAndReadsBack) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  IndicatorStore indicators(t->db(), env_.audit, env_.clock);
  ReportStore reports(t->db(), env_.audit, env_.clock, *env_.registry, indicators);
  const std::vector<std::string> usccs = Register();
  ASSERT_TRUE(reports
                  .Enrol(jinan_, "enterprise_quality", "2026",
                         std::vector<std::string>{usccs[0], usccs[1], usccs[2]})
                  .ok());
  ASSERT_TRUE(
      reports.File(jinan_, "enterprise_quality", "2026", usccs[0], Figures(kCityFirms[0]), "")
          .ok());
  const std::string sheet = reports.Template(jinan_, "enterprise_quality", "2026").value();
  EXPECT_EQ(sheet.rfind("\xEF\xBB\xBF统一社会信用代码,企业名称,工业总产值（现行价）,", 0), 0u)
      << sheet;
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(sheet);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r')
      line.pop_back();
    std::vector<std::string> fields;
    std::istringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) fields.push_back(cell);
    rows.push_back(fields);
  }
  ASSERT_EQ(rows.size(), 3u);  // the header, then the two firms not yet filed
  EXPECT_EQ(rows[0].back(), "更正原因");
  EXPECT_EQ(rows[1][0], usccs[1]);
  EXPECT_EQ(rows[1][1], "企业2");
  EXPECT_EQ(rows[2][0], usccs[2]);

  // Filled in (the output value and the scrap loss) and sent back.
  std::string filled = rows[0][0];
  for (std::size_t i = 1; i < rows[0].size(); ++i) filled += "," + rows[0][i];
  for (std::size_t r = 1; r < rows.size(); ++r)
    filled += fmt::format("\n{},{},1000,12.5", rows[r][0], rows[r][1]);
  std::istringstream in(filled);
  const registry::ImportReport report =
      reports.FileTable(jinan_, "enterprise_quality", "2026", in).value();
  EXPECT_EQ(report.inserted, 2u);
  EXPECT_EQ(report.rejected, 0u) << (report.errors.empty() ? "" : report.errors[0].message);
  EXPECT_EQ(reports.Revisions(jinan_, "enterprise_quality", "2026", usccs[2])
                .value()[0]
                .figures.at("output_value"),
            1000);
  // Nothing is left to file: the header alone.
  EXPECT_EQ(reports.Template(jinan_, "enterprise_quality", "2026")->find(usccs[1]),
            std::string::npos);

  const std::string own =
      reports.Template(EnterpriseUser(usccs[5]), "enterprise_quality", "2026").value();
  EXPECT_NE(own.find("\r\n" + usccs[5] + ","), std::string::npos);
  EXPECT_EQ(reports.Template(jinan_, "enterprise_quality", "26").status().field(), "period");
  EXPECT_EQ(reports.Template(jinan_, "nope", "2026").status().field(), "form");
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportStoreTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::stats
