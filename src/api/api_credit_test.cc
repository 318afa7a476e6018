// The API: quality credit reported and queried by departments, scoped keys and the class
// distribution.
#include "api/api_test_env.h"
#include "core/testing/ids.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

TEST_P(ApiTest, DepartmentsReportAndQueryCreditAndThePublicSeesTheGrade) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  const auto bearer = [&](const std::string& name, std::vector<std::string> permissions) {
    const std::string key = *app_->Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), name, std::move(permissions), TestRegion("370000"));
    return httplib::Headers{{"Authorization", "Bearer " + key}};
  };
  const httplib::Headers court = bearer("court-3701", {"credit.events"});
  const httplib::Headers bank = bearer("bank-3700", {"credit.query"});
  const json event = {{"source_id", "(2026)鲁01执123号"},
                      {"event_type", "court.dishonest_debtor"},
                      {"uscc", firm},
                      {"occurred_on", DayText(*DayNumber("2026-01-01"))},
                      {"evidence_ref", "(2026)鲁01执123号"}};
  auto res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["event"]["source"], "court-3701");
  res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
  EXPECT_EQ(res->status, 200);  // idempotent
  json bad = event;
  bad["event_type"] = "court.unknown";
  res = client_->Post("/api/v1/credit/events", court, bad.dump(), "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "event_type");
  res = client_->Post("/api/v1/credit/events", bank, event.dump(), "application/json");
  EXPECT_EQ(res->status, 403);  // the bank may query, not report
  res = client_->Get(("/api/v1/credit/entities/" + firm).c_str(), bank);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["found"]);
  EXPECT_EQ(Body(res)["reasons"][0]["event_type"], "court.dishonest_debtor");
  res = client_->Get(("/api/v1/credit/entities/" + firm).c_str(), court);
  EXPECT_EQ(res->status, 404);  // no credit.query: nothing in scope
  res = client_->Get("/api/v1/credit/changes?cursor=0", bank);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"].size(), 1u);
  res = client_->Get(("/api/v1/public/credit/" + firm).c_str());
  ASSERT_EQ(res->status, 200);
  EXPECT_FALSE(Body(res).contains("reasons"));
  EXPECT_FALSE(Body(res)["serious_listed"]);
  // A file of events: the department's name fills the empty source; bad rows come back by line.
  const std::string file =
      "source,source_id,event_type,uscc,occurred_on,evidence_ref\n"
      ",(2026)鲁01执124号,court.dishonest_debtor," +
      firm +
      ",2026-01-02,(2026)鲁01执124号\n"
      ",(2026)鲁01执125号,court.unknown," +
      firm + ",2026-01-02,(2026)鲁01执125号\n";
  res = client_->Post("/api/v1/credit/events/import", court, file, "text/csv");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["inserted"], 1);
  ASSERT_EQ(Body(res)["errors"].size(), 1u);
  EXPECT_EQ(Body(res)["errors"][0]["line"], 3);
  EXPECT_EQ(Body(res)["errors"][0]["field"], "event_type");
  res = client_->Post("/api/v1/credit/events/import", court, file, "text/csv");
  EXPECT_EQ(Body(res)["unchanged"], 1);  // the same file again changes nothing
  res = client_->Post("/api/v1/credit/events/import", bank, file, "text/csv");
  EXPECT_EQ(res->status, 403);
  res = client_->Post("/api/v1/credit/events/import", court, std::string("PK\3\4 no zip", 11),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "file");
  res = client_->Post("/api/v1/credit/events/import", court, "", "text/csv");
  EXPECT_EQ(Body(res)["error"]["field"], "body");
}

// Issue 16, item 3: a department key bound to 历下区 (370102) reads credit and registry records of
// that county only; item 7: public credit reads and refused look-ups audit nobody's reading of
// personal data (they read none).
TEST_P(ApiTest, ADepartmentKeyBoundToARegionReadsOnlyThatRegion) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const auto bearer = [&](const std::string& name, std::vector<std::string> permissions,
                          const std::string& region) {
    Result<std::string> key = app_->Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), name, std::move(permissions), TestRegion(region));
    EXPECT_TRUE(key.ok()) << key.status().ToString();
    return httplib::Headers{{"Authorization", "Bearer " + key.value_or("")}};
  };
  const httplib::Headers court = bearer("court", {"credit.events"}, "");
  const httplib::Headers lixia_bank = bearer("bank-370102", {"credit.query"}, "370102");
  const httplib::Headers province_bank = bearer("bank-37", {"credit.query"}, "");
  const std::string own = MakeEntity("370102", 3, "").uscc;
  const std::string qingdao = MakeEntity("370202", 21, "").uscc;
  for (const std::string& firm : {own, qingdao}) {
    const json event = {{"source_id", "(2026)鲁01执1号-" + firm},
                        {"event_type", "court.dishonest_debtor"},
                        {"uscc", firm},
                        {"occurred_on", "2026-01-01"},
                        {"evidence_ref", "(2026)鲁01执1号"}};
    auto res = client_->Post("/api/v1/credit/events", court, event.dump(), "application/json");
    ASSERT_EQ(res->status, 201) << res->body;
  }
  // One firm: in the key's county 200, outside it 404 (as if it did not exist).
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + own, lixia_bank)->status, 200);
  auto res = client_->Get("/api/v1/credit/entities/" + qingdao, lixia_bank);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + qingdao, province_bank)->status, 200);
  // The batch query answers found=false outside the county.
  res = client_->Post("/api/v1/credit/query", lixia_bank, json{{"usccs", {own, qingdao}}}.dump(),
                      "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(Body(res)["items"][0]["found"]);
  EXPECT_FALSE(Body(res)["items"][1]["found"]);
  // The feed of grade changes holds the county's firms only.
  res = client_->Get("/api/v1/credit/changes?cursor=0", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_EQ(Body(res)["items"].size(), 1u);
  EXPECT_EQ(Body(res)["items"][0]["uscc"], own);
  EXPECT_EQ(Body(client_->Get("/api/v1/credit/changes?cursor=0", province_bank))["items"].size(),
            2u);
  // The registry: search, one record and the export stay in the county.
  EXPECT_EQ(Body(client_->Get("/api/v1/entities", lixia_bank))["total"], 20);
  EXPECT_EQ(client_->Get("/api/v1/entities/" + qingdao, lixia_bank)->status, 404);
  res = client_->Get("/api/v1/entities/export?format=csv", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(std::count(res->body.begin(), res->body.end(), '\n'), 21);  // header + 20 firms
  EXPECT_EQ(res->body.find(qingdao), std::string::npos);
  // The procurement preference list: another county's region is not the key's to ask for.
  res = client_->Get("/api/v1/credit/procurement?region=370202", lixia_bank);
  EXPECT_EQ(res->status, 404);
  res = client_->Get("/api/v1/credit/procurement", lixia_bank);
  ASSERT_EQ(res->status, 200) << res->body;
  const json preferred = Body(res);
  for (const json& firm : preferred["items"]) EXPECT_EQ(firm["region_code"], "370102");

  // Item 7: public reads and a county regulator's refused look-up add no audit entry.
  const auto personal_reads = [&] {
    auto tx = std::move(t->db().Begin(store::TxMode::kReadOnly)).value();
    auth::AuditLog::Filter f;
    f.action_prefix = "personal_data.read";
    return app_->context().audit().Search(*tx, auth::Caller::System(), f)->size();
  };
  const std::size_t before = personal_reads();
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(client_->Get("/api/v1/public/credit/" + own)->status, 200);
    EXPECT_EQ(client_->Get("/api/v1/public/credit/" + qingdao)->status, 200);
  }
  SignIn("lixia");
  EXPECT_EQ(client_->Get("/api/v1/credit/entities/" + qingdao, Auth())->status, 404);
  EXPECT_EQ(personal_reads(), before);
}

TEST_P(ApiTest, CreditClassDistributionCoversTheCallersJurisdiction) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");  // 历下区: the 20 firms there, none graded yet → the class for no events
  auto res = client_->Get("/api/v1/credit/distribution", Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  const json d = Body(res);
  EXPECT_EQ(d["region_code"], "370102");
  EXPECT_EQ(d["default_class"], "B");
  EXPECT_EQ(d["total"], json({{"A", 0}, {"B", 20}, {"C", 0}, {"D", 0}}));
  EXPECT_TRUE(d["by_region"].empty());  // a county has no sub-regions
  EXPECT_EQ(d["by_industry"].size(), 20u);
  res = client_->Get("/api/v1/credit/distribution?region=370202", Auth());
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(res)["error"]["field"], "region");
  SignIn("admin");
  res = client_->Get("/api/v1/credit/distribution?region=370200", Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["total"]["B"], 5);
}

}  // namespace
}  // namespace zq::api::apitest
