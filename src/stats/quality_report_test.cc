// The annual quality status report on both databases: generated from a pass-rate cube and the
// indicator store, its product lists decided by the change's interval (checked against the
// worked example of Newcombe 1998), every number's source listed, each edition stored with its
// SM3 and rendered the same however the records change after, and who may generate and read.
#include "stats/quality_report.h"

#include <functional>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/testing/files.h"
#include "inspection/pass_rate_cube.h"
#include "registry/registry_test_env.h"

namespace zq::stats {
namespace {

using inspection::BatchOutcome;
using inspection::BatchVerdict;
using nlohmann::json;
using registry::testing::Regulator;

// Newcombe (1998), Statistics in Medicine 17:873–890, Table II, example (a): 56/70 against 48/80,
// method 10 (hybrid score): difference 0.2000, interval 0.0524 to 0.3339.
// CP-0101 in 济南 (370102): 56 of 70 passed in 2026, 48 of 80 in 2025: improved.
// CP-0202 in 青岛 (370202): 40 of 50 in 2026, 48 of 50 in 2025: worsened (interval wholly < 0).
// CP-0303 in 青岛: 9 of 10 in 2026, 8 of 10 in 2025: no significant change.
std::vector<BatchVerdict> Verdicts() {
  std::vector<BatchVerdict> v;
  auto add = [&](const char* category, const char* region, const char* month, int passed,
                 int tested) {
    for (int i = 0; i < tested; ++i) {
      v.push_back({.verdict_id = std::to_string(v.size()),
                   .product_category = category,
                   .region_code = region,
                   .industry_code = "C3831",
                   .firm_size = i % 2 ? inspection::FirmSize::kSmall : inspection::FirmSize::kLarge,
                   .period = month,
                   .outcome = i < passed ? BatchOutcome::kPass : BatchOutcome::kFail});
    }
  };
  add("CP-0101", "370102", "2026-05", 56, 70);
  add("CP-0101", "370102", "2025-05", 48, 80);
  add("CP-0202", "370202", "2026-06", 40, 50);
  add("CP-0202", "370202", "2025-06", 48, 50);
  add("CP-0303", "370202", "2026-07", 9, 10);
  add("CP-0303", "370202", "2025-07", 8, 10);
  return v;
}

std::string EvaluationTestdata(const std::string& name) {
  return testing_files::TestFileText("src/stats/testdata/evaluation/" + name);
}

// Every "source" the snapshot cites, wherever it stands.
void CollectCitations(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "source" && value.is_string())
        out.push_back(value.get<std::string>());
      else if (key != "sources")
        CollectCitations(value, out);
    }
  } else if (j.is_array()) {
    for (const json& e : j) CollectCitations(e, out);
  }
}

const json* Line(const json& lines, const std::string& key) {
  for (const json& line : lines)
    if (line["key"] == key)
      return &line;
  return nullptr;
}

// The report's collaborators on a test database, over Verdicts().
struct ReportParts {
  ReportParts(store::Database& db, registry::testing::RegistryEnv& env)
      : indicators(db, env.audit, env.clock),
        evaluations(db, env.audit, env.clock),
        reports(db, env.audit, env.clock, *env.registry, indicators, evaluations) {}

  IndicatorStore indicators;
  EvaluationStore evaluations;
  inspection::PassRateCube cube = inspection::PassRateCube::Build(Verdicts()).value();
  PassRateQuery query = [this](const inspection::CubeQuery& q) { return cube.Query(q); };
  QualityReports reports;
};

class QualityReportTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  registry::testing::RegistryEnv env_;
  const auth::Caller province_ = Regulator("370000");

  std::int64_t AuditCount(store::Database& db) {
    auto tx = db.Begin(store::TxMode::kReadOnly);
    return (*tx)
        ->Query("SELECT COUNT(*) FROM audit_log WHERE action = 'stats.quality_report.generate'")
        ->rows[0]
        .GetInt(0);
  }
};

TEST_P(QualityReportTest, ChaptersFromTheRecordsWithIntervalsAndSources) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  const auth::Caller admin = auth::Caller::System();
  for (const auto& [code, name] :
       {std::pair{"CP-0101", "电线电缆"}, {"CP-0202", "电动自行车"}, {"CP-0303", "<b>玩具</b>"}}) {
    ASSERT_TRUE(
        env_.registry
            ->UpsertCatalogueEntry(admin, {code, name, "", registry::RiskGrade::kHigh, "", "3831"})
            .ok());
  }
  IndicatorStore indicators(t->db(), env_.audit, env_.clock);
  ASSERT_TRUE(indicators.EnsureCatalogue().ok());
  // The province's quality loss rate for 2026 as 统计报表 stores it.
  ASSERT_TRUE(indicators
                  .RecordValue({.indicator_code = "quality_loss_rate",
                                .region_code = "370000",
                                .period = "2026",
                                .value = 0.0166,
                                .lower = 0.0129,
                                .upper = 0.0202,
                                .interval_method = "linearised_ratio",
                                .inputs = R"({"firms":113})",
                                .computed_at = "2026-11-20T02:00:00Z"})
                  .ok());
  auto cube = inspection::PassRateCube::Build(Verdicts()).value();
  const PassRateQuery query = [&cube](const inspection::CubeQuery& q) { return cube.Query(q); };
  EvaluationStore evaluations(t->db(), env_.audit, env_.clock);
  QualityReports reports(t->db(), env_.audit, env_.clock, *env_.registry, indicators, evaluations);

  // The 质量工作考核 of 2025–2026 (testdata/evaluation: 济南 84 B, 青岛 78 C, 淄博 103 vetoed to
  // D).
  ASSERT_TRUE(evaluations.AddRules(province_, EvaluationTestdata("rules.json")).ok());
  const json scores = json::parse(EvaluationTestdata("scores.json"));
  for (const json& city : scores["regions"]) {
    json body = {{"items", city["items"]}};
    if (city.contains("vetoes"))
      body["vetoes"] = city["vetoes"];
    ASSERT_TRUE(evaluations
                    .SubmitInputs(province_, 2025, city["code"].get<std::string>(),
                                  EvaluationStage::kVerified, body.dump())
                    .ok());
  }
  const auto made = reports.Generate(query, province_, std::nullopt, 2026);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->edition, 1);
  EXPECT_EQ(made->region_code, "370000");
  const json& s = made->snapshot;
  EXPECT_EQ(s["region"]["name"], "山东省");
  EXPECT_EQ(s["region"]["pass_rate"]["tested"], 130);
  EXPECT_EQ(s["region"]["pass_rate"]["passed"], 105);
  EXPECT_EQ(s["region"]["earlier_pass_rate"]["tested"], 140);
  EXPECT_DOUBLE_EQ(s["region"]["loss_rate"]["value"].get<double>(), 0.0166);
  EXPECT_TRUE(s["region"]["earlier_loss_rate"].is_null());

  // Newcombe's worked example through the report.
  const json* wires = Line(s["product_categories"], "CP-0101");
  ASSERT_NE(wires, nullptr);
  EXPECT_EQ((*wires)["name"], "电线电缆");
  EXPECT_NEAR((*wires)["change"]["difference"].get<double>(), 0.2, 1e-12);
  EXPECT_NEAR((*wires)["change"]["lower"].get<double>(), 0.0524, 5e-5);
  EXPECT_NEAR((*wires)["change"]["upper"].get<double>(), 0.3339, 5e-5);
  EXPECT_EQ(s["improved"], json::array({"CP-0101"}));
  EXPECT_EQ(s["worsened"], json::array({"CP-0202"}));
  EXPECT_EQ((*Line(s["product_categories"], "CP-0303"))["change"]["verdict"],
            "no_significant_change");
  ASSERT_EQ(s["firm_sizes"].size(), 2u);  // large and small

  // The cities with their names, in code order; a city without records or a grade is left out,
  // 淄博 (graded, no spot checks) is in.
  ASSERT_EQ(s["regions"].size(), 3u);
  EXPECT_EQ(s["regions"][0]["name"], "济南市");
  EXPECT_EQ(s["regions"][0]["pass_rate"]["passed"], 56);
  EXPECT_EQ(s["regions"][0]["evaluation"]["grade"], "B");
  EXPECT_NEAR(s["regions"][0]["evaluation"]["total"].get<double>(), 84, 1e-9);
  EXPECT_EQ(s["regions"][0]["evaluation"]["rank"], 1);
  EXPECT_EQ(s["regions"][1]["evaluation"]["grade"], "C");
  EXPECT_EQ(s["regions"][2]["name"], "淄博市");
  EXPECT_TRUE(s["regions"][2]["pass_rate"].is_null());
  EXPECT_EQ(s["regions"][2]["evaluation"]["grade"], "D");
  EXPECT_EQ(s["regions"][2]["evaluation"]["vetoed"], true);
  EXPECT_EQ(s["regions"][2]["evaluation"]["rank"], 3);
  EXPECT_EQ(s["regions"][1]["name"], "青岛市");
  // 49/60 against 56/60: down 11.67 points, but the interval (−0.2394, 0.0042) holds 0.
  EXPECT_EQ(s["regions"][1]["change"]["verdict"], "no_significant_change");
  EXPECT_NEAR(s["regions"][1]["change"]["upper"].get<double>(), 0.0042, 5e-5);

  // Every citation resolves to a listed source; every source is cited.
  std::vector<std::string> cited;
  CollectCitations(s, cited);
  std::set<std::string> listed;
  for (const json& source : s["sources"]) listed.insert(source["id"].get<std::string>());
  for (const std::string& id : cited) EXPECT_TRUE(listed.contains(id)) << id;
  EXPECT_EQ(std::set<std::string>(cited.begin(), cited.end()), listed);

  // The page: the chapters, the lists, the sources, and names escaped.
  const std::string html = QualityReportHtml(*made);
  for (const char* text :
       {"山东省2026年质量状况分析报告", "一、总体状况", "二、产品质量", "三、区域分析", "数据来源",
        "合格率显著改善的产品：电线电缆", "合格率显著下降的产品：电动自行车", "80.77%", "1.66%",
        "&lt;b&gt;玩具&lt;/b&gt;", "<svg", "2025—2026年度质量工作考核", "B（84.00 分，第 1 名）",
        "D（一票否决，103.00 分，第 3 名）"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  EXPECT_EQ(html.find("<b>玩具"), std::string::npos);
  // Each source is cited beside its number and listed at the end: twice at least.
  for (const std::string& id : listed) {
    const std::string mark = "[" + id + "]";
    const auto first_mark = html.find(mark);
    ASSERT_NE(first_mark, std::string::npos) << id;
    EXPECT_NE(html.find(mark, first_mark + 1), std::string::npos) << id;
  }
  EXPECT_EQ(AuditCount(t->db()), 1);

  // The stored edition renders the same page after the records change; a new edition differs.
  auto more = Verdicts();
  more.push_back({.verdict_id = "late",
                  .product_category = "CP-0101",
                  .region_code = "370102",
                  .industry_code = "C3831",
                  .period = "2026-11",
                  .outcome = BatchOutcome::kFail});
  cube = inspection::PassRateCube::Build(more).value();
  const auto second = reports.Generate(query, province_, std::nullopt, 2026);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->edition, 2);
  EXPECT_EQ(second->snapshot["region"]["pass_rate"]["tested"], 131);
  const auto first = reports.Get(province_, ids::ParseRegionCode("370000").value(), 2026, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->digest, made->digest);
  EXPECT_EQ(QualityReportHtml(*first), html);
  const auto latest =
      reports.Get(province_, ids::ParseRegionCode("370000").value(), 2026, std::nullopt);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->edition, 2);
  EXPECT_NE(latest->digest, made->digest);

  // A snapshot changed in the database no longer matches its digest.
  ASSERT_TRUE(store::InTransaction(t->db(), [](store::Transaction& tx) {
                return tx
                    .Execute(
                        "UPDATE stats_quality_reports SET snapshot = "
                        "REPLACE(snapshot, '山东省', '某省') WHERE edition = 1")
                    .status();
              }).ok());
  EXPECT_EQ(reports.Get(province_, ids::ParseRegionCode("370000").value(), 2026, 1).status().code(),
            StatusCode::kInternal);
}

TEST_P(QualityReportTest, WhoMayGenerateAndRead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ReportParts parts(t->db(), env_);
  ASSERT_TRUE(parts.indicators.EnsureCatalogue().ok());
  QualityReports& reports = parts.reports;
  const PassRateQuery& query = parts.query;
  const auto qingdao = ids::ParseRegionCode("370200").value();
  const auto province = ids::ParseRegionCode("370000").value();

  // 济南's office reports on 济南, not on 青岛 or the province; a year not yet begun is refused.
  EXPECT_EQ(reports.Generate(query, Regulator("370100"), qingdao, 2026).status().field(), "region");
  EXPECT_EQ(reports.Generate(query, Regulator("370100"), province, 2026).status().field(),
            "region");
  EXPECT_EQ(reports.Generate(query, Regulator("370100"), std::nullopt, 2027).status().field(),
            "year");
  EXPECT_EQ(reports.Generate(query, Regulator("370100"), std::nullopt, 1999).status().field(),
            "year");
  // An administrator without a jurisdiction names the region.
  EXPECT_EQ(reports.Generate(query, auth::Caller::System(), std::nullopt, 2026).status().field(),
            "region");
  auth::Caller analyst = Regulator("370000");
  analyst.role = auth::Role::kAnalyst;
  EXPECT_EQ(reports.Generate(query, analyst, std::nullopt, 2026).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(t->db()), 0);

  const auto made = reports.Generate(query, Regulator("370200"), std::nullopt, 2026);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->snapshot["region"]["name"], "青岛市");
  EXPECT_TRUE(made->snapshot["region"]["loss_rate"].is_null());
  EXPECT_NE(QualityReportHtml(*made).find("本年质量损失率尚未计算"), std::string::npos);
  // The province's officials read it, 济南's do not, nor does an enterprise.
  EXPECT_TRUE(reports.Get(Regulator("370000"), qingdao, 2026, std::nullopt).ok());
  EXPECT_EQ(reports.Get(Regulator("370100"), qingdao, 2026, std::nullopt).status().field(),
            "region");
  auth::Caller firm;
  firm.role = auth::Role::kEnterprise;
  firm.uscc = registry::testing::MakeUscc("370202", 1);
  EXPECT_EQ(reports.Get(firm, qingdao, 2026, std::nullopt).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(reports.Get(Regulator("370200"), qingdao, 2026, 2).status().field(), "edition");
  EXPECT_EQ(reports.Get(Regulator("370200"), qingdao, 2025, std::nullopt).status().field(),
            "edition");
}

// Printed by Debian's chromium (scripts/bootstrap installs it with fonts-noto-cjk): a PDF with the
// Chinese font embedded, named after the region, year and edition.
TEST_P(QualityReportTest, PrintedToPdfWithTheChineseFont) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(env_.Start(t->db()).ok());
  ReportParts parts(t->db(), env_);
  ASSERT_TRUE(parts.indicators.EnsureCatalogue().ok());
  QualityReports& reports = parts.reports;
  const PassRateQuery& query = parts.query;
  const auto made = reports.Generate(query, province_, std::nullopt, 2026);
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(QualityReportFileName(*made, "pdf"), "山东省_2026年质量状况分析报告_第1版.pdf");
  const auto pdf = QualityReportPdf(*made);
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->find("NotoSansCJK"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, QualityReportTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::stats
