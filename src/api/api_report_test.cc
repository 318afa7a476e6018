// The API of 统计报表 (stats/report_store.h): 历下区 asks its firms to file the enterprise
// quality form, a firm files and corrects its figures, the office follows its panel and computes
// the quality loss rate; errors name their fields and nothing leaks to another firm.

#include "api/api_test_env.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;

TEST_P(ApiTest, ReportFormsFromPanelToQualityLossRate) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  // The env registers firms 0–19 in 历下区 (370102) and 20–24 in 市南区 (370202).
  const std::string first = MakeEntity("370102", 0, "").uscc;
  const std::string second = MakeEntity("370102", 1, "").uscc;
  const std::string shinan = MakeEntity("370202", 20, "").uscc;
  AddUser("firm", auth::Role::kEnterprise, "", first);
  const std::string base = "/api/v1/stats/report-forms/enterprise_quality/2026";

  auto res = client_->Get("/api/v1/stats/report-forms");
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"][0]["code"], "enterprise_quality");
  EXPECT_EQ(Body(res)["items"][0]["fields"][0]["code"], "output_value");

  SignIn("lixia");
  res = client_->Post(base + "/panel", Auth(), json{{"usccs", {first, shinan}}}.dump(),
                      "application/json");
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(res)["error"]["field"], "usccs[1]");
  res = client_->Post(base + "/panel", Auth(), json{{"usccs", {first, second}}}.dump(),
                      "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["added"], 2);
  EXPECT_EQ(client_
                ->Post("/api/v1/stats/report-forms/nope/2026/panel", Auth(),
                       json{{"usccs", {first}}}.dump(), "application/json")
                ->status,
            404);

  // The firm sees the form on its to-do list, files, then corrects with a reason.
  SignIn("firm");
  res = client_->Get("/api/v1/workbench", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  bool listed = false;
  const json workbench = Body(res);
  for (const json& todo : workbench["todos"])
    listed = listed || (todo["key"] == "stats.reports" && todo["count"] == 1);
  EXPECT_TRUE(listed) << res->body;
  res = client_->Put(base + "/filings/" + first, Auth(),
                     json{{"values", {{"output_value", 1000}, {"scrap_loss", "ten"}}}}.dump(),
                     "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "values.scrap_loss");
  res = client_->Put(base + "/filings/" + first, Auth(),
                     json{{"values", {{"output_value", 1000}, {"scrap_loss", 10}}}}.dump(),
                     "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["revision"], 1);
  res = client_->Put(base + "/filings/" + first, Auth(),
                     json{{"values", {{"output_value", 1000}, {"scrap_loss", 30}}}}.dump(),
                     "application/json");
  EXPECT_EQ(Body(res)["error"]["field"], "reason");
  res = client_->Put(
      base + "/filings/" + first, Auth(),
      json{{"values", {{"output_value", 1000}, {"scrap_loss", 30}}}, {"reason", "漏报返修费"}}
          .dump(),
      "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["revision"], 2);
  EXPECT_FALSE(Body(res)["by_office"].get<bool>());
  // Not another firm's.
  EXPECT_EQ(client_
                ->Put(base + "/filings/" + second, Auth(),
                      json{{"values", {{"output_value", 1}}}}.dump(), "application/json")
                ->status,
            404);
  EXPECT_EQ(client_->Get(base + "/filings/" + second, Auth(false))->status, 404);
  res = client_->Get(base + "/filings/" + first, Auth(false));
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"].size(), 2u);

  // The office enters the second firm's figures (代填), follows the panel and computes the rate:
  // (30 + 5) / (1000 + 500) from the latest revisions.
  SignIn("lixia");
  res = client_->Put(base + "/filings/" + second, Auth(),
                     json{{"values", {{"output_value", 500}, {"claims", 5}}}}.dump(),
                     "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["by_office"].get<bool>());
  res = client_->Get(base + "/panel", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["filed"], 2);
  EXPECT_EQ(Body(res)["items"][0]["revisions"], 2);
  EXPECT_EQ(client_->Get(base + "/panel?region=370202", Auth(false))->status, 404);
  res = client_->Post("/api/v1/stats/indicators/quality_loss_rate/compute", Auth(),
                      json{{"period", "2026"}}.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  const json values = Body(res)["items"];
  ASSERT_EQ(values.size(), 1u);  // a county: no region below it
  EXPECT_EQ(values[0]["region_code"], "370102");
  EXPECT_NEAR(values[0]["value"].get<double>(), 35.0 / 1500, 1e-15);
  EXPECT_EQ(values[0]["inputs"]["firms_filed"], 2);
  EXPECT_EQ(values[0]["interval_method"], "ratio_linearised");
  res = client_->Post("/api/v1/stats/indicators/quality_loss_rate/compute", Auth(),
                      json{{"period", "2026-01"}}.dump(), "application/json");
  EXPECT_EQ(Body(res)["error"]["field"], "period");

  // A sheet of figures (代填): the first firm's correction with its reason; a firm not asked.
  const std::string sheet = "统一社会信用代码,工业总产值（现行价）,报废损失费,更正原因\n" + first +
                            ",1000,40,按审计结果更正\n" + shinan + ",10,1,\n";
  res = client_->Post(base + "/filings", Auth(), sheet, "text/csv");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["updated"], 1);
  EXPECT_EQ(Body(res)["rejected"], 1);
  EXPECT_EQ(Body(res)["errors"][0]["line"], 3);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "uscc");
  EXPECT_EQ(client_->Post(base + "/filings", Auth(), "", "text/csv")->status, 400);
  res = client_->Get(base + "/filings/" + first, Auth(false));
  EXPECT_EQ(Body(res)["items"][0]["revision"], 3);
  EXPECT_EQ(Body(res)["items"][0]["reason"], "按审计结果更正");
}

// The annual quality status report over HTTP: 历下区's office generates its report, reads the
// snapshot and the page; a bad year names its field, another county's report is not found.
TEST_P(ApiTest, QualityReportGeneratedAndReadAsJsonAndHtml) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  auto res = client_->Post("/api/v1/stats/quality-reports", Auth(), json{{"year", 1999}}.dump(),
                           "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "year");
  res = client_->Post("/api/v1/stats/quality-reports", Auth(),
                      json{{"year", 2026}, {"region", "370202"}}.dump(), "application/json");
  EXPECT_EQ(res->status, 404);
  res = client_->Post("/api/v1/stats/quality-reports", Auth(), json{{"year", 2026}}.dump(),
                      "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["region"], "370102");
  EXPECT_EQ(Body(res)["edition"], 1);
  EXPECT_EQ(Body(res)["digest"].get<std::string>().size(), 64u);

  res = client_->Get("/api/v1/stats/quality-reports/370102/2026", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["snapshot"]["region"]["name"], "历下区");
  res = client_->Get("/api/v1/stats/quality-reports/370102/2026/html?edition=1", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("历下区2026年质量状况分析报告"), std::string::npos);
  EXPECT_EQ(
      client_->Get("/api/v1/stats/quality-reports/370102/2026/html?edition=0", Auth(false))->status,
      400);
  EXPECT_EQ(client_->Get("/api/v1/stats/quality-reports/370202/2026", Auth(false))->status, 404);
}

}  // namespace
}  // namespace zq::api::apitest
