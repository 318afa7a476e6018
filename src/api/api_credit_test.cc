// The API: quality credit reported and queried by departments, scoped keys and the class
// distribution.
#include "api/api_test_env.h"
#include "core/testing/ids.h"
#include "credit/credit_lists.h"

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

// Issue 17: each credit body is declared once (api::Body); a mistyped member, a missing one and a
// text outside its closed list answer 400 naming the member, and the OpenAPI document lists the
// closed lists the routes enforce.
TEST_P(ApiTest, CreditBodiesRefuseAMistypedOrUnknownMemberByName) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  const auto refused = [&](const std::string& path, const json& body) {
    auto res = client_->Post(path, Auth(), body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res)
      return json();
    EXPECT_EQ(res->status, 400) << path << " " << res->body;
    return Body(res)["error"];
  };
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  const json event = {
      {"source", "bureau-370102"},        {"source_id", "S-1"},
      {"event_type", "penalty.ordinary"}, {"uscc", firm},
      {"occurred_on", "2026-01-01"},      {"evidence_ref", "鲁历市监罚〔2026〕1号"}};
  json bad = event;
  bad["severity"] = "high";
  EXPECT_EQ(refused("/api/v1/credit/events", bad)["field"], "severity");
  bad = event;
  bad.erase("source_id");
  EXPECT_EQ(refused("/api/v1/credit/events", bad)["message"], "source_id is required");
  bad = event;
  bad["uscc"] = firm.substr(0, 17) + (firm[17] == '0' ? "1" : "0");
  const json wrong_check = refused("/api/v1/credit/events", bad);
  EXPECT_EQ(wrong_check["field"], "uscc");  // the parser's rule, not a generic refusal
  EXPECT_NE(wrong_check["message"].get<std::string>().find("check character"), std::string::npos)
      << wrong_check;
  EXPECT_EQ(refused("/api/v1/credit/query", {{"usccs", firm}})["field"], "usccs");

  const json proposal = {{"uscc", firm},
                         {"category", "piracy"},
                         {"penalty_event_id", 1},
                         {"judgement", "性质恶劣、情节严重、社会危害较大"},
                         {"decision_no", "鲁历市监列〔2026〕1号"}};
  const json category = refused("/api/v1/credit/lists/serious", proposal);
  EXPECT_EQ(category["field"], "category");
  EXPECT_NE(category["message"].get<std::string>().find("obstructing_inspection"),
            std::string::npos);
  bad = proposal;
  bad["category"] = "food";
  bad["penalty_event_id"] = "1";
  EXPECT_EQ(refused("/api/v1/credit/lists/serious", bad)["field"], "penalty_event_id");
  // The sweep's reason is not the bureau's to give.
  EXPECT_EQ(refused("/api/v1/credit/lists/serious/1/remove", {{"reason", "term_expired"}})["field"],
            "reason");
  EXPECT_EQ(refused("/api/v1/credit/lists/abnormal",
                    {{"uscc", firm}, {"reason", "bankrupt"}, {"decision_no", "1"}})["field"],
            "reason");
  const json decision = {{"penalty_event_id", 1},     {"violation_type", "生产销售不合格产品"},
                         {"penalty_kind", "warning"}, {"penalty_text", "警告"},
                         {"case_domain", "food"},     {"authority", "济南市历下区市场监督管理局"}};
  EXPECT_EQ(refused("/api/v1/credit/publications", decision)["field"], "penalty_kind");
  bad = decision;
  bad["penalty_kind"] = "fine";
  bad["restriction_months"] = "3";
  EXPECT_EQ(refused("/api/v1/credit/publications", bad)["field"], "restriction_months");
  EXPECT_EQ(refused("/api/v1/credit/publications/1/revoke", json::object())["field"],
            "revocation_ref");

  const json repair = {{"kind", "penalty_publication"}, {"event_id", 1}, {"evidence_ref", "E-1"}};
  bad = repair;
  bad["kind"] = "amnesty";
  EXPECT_EQ(refused("/api/v1/credit/repairs", bad)["message"],
            "kind: abnormal_list, serious_list or penalty_publication");
  bad = repair;
  bad["measures"] = "fine";
  EXPECT_EQ(refused("/api/v1/credit/repairs/eligibility", bad)["field"], "measures");
  bad = repair;
  bad["penalty_fulfilled"] = "yes";
  EXPECT_EQ(refused("/api/v1/credit/repairs", bad)["field"], "penalty_fulfilled");
  EXPECT_EQ(refused("/api/v1/credit/objections/1/decision", {{"decision", "maybe"}})["message"],
            "decision: upheld or rejected");
  EXPECT_EQ(refused("/api/v1/credit/repairs/1/decision",
                    {{"decision", "approved"}, {"fraudulent", "no"}})["field"],
            "fraudulent");
  EXPECT_EQ(refused("/api/v1/credit/objections", {{"event_id", 1}, {"grounds", 7}})["field"],
            "grounds");

  // The document lists what the routes enforce.
  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  const auto schema = [&](const std::string& path) {
    return doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"];
  };
  json categories = json::array();
  for (std::string_view c : credit::kSeriousCategories) categories.push_back(c);
  EXPECT_EQ(schema("/api/v1/credit/lists/serious")["properties"]["category"]["enum"], categories);
  EXPECT_EQ(schema("/api/v1/credit/lists/serious/{id}/remove")["properties"]["reason"]["enum"],
            json({"decision_revoked", "repaired", "corrected"}));
  EXPECT_EQ(schema("/api/v1/credit/repairs")["required"],
            json({"kind", "event_id", "evidence_ref"}));
  EXPECT_EQ(schema("/api/v1/credit/query")["properties"]["usccs"]["maxItems"], 1000);
}

// The declared bodies reach the services: a proposal, a publication and its revocation, an
// objection and its decision, and an eligibility check with the declared facts.
TEST_P(ApiTest, CreditBodiesReachTheServices) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  const auto post = [&](const std::string& path, const json& body, int status) {
    auto res = client_->Post(path, Auth(), body.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res)
      return json();
    EXPECT_EQ(res->status, status) << path << " " << res->body;
    return Body(res);
  };
  const std::string firm = MakeEntity("370102", 3, "").uscc;
  const std::string id = std::to_string(post("/api/v1/credit/events",
                                             {{"source", "bureau-370102"},
                                              {"source_id", "S-1"},
                                              {"event_type", "penalty.heavy"},
                                              {"uscc", firm},
                                              {"occurred_on", DayText(*DayNumber("2026-01-05"))},
                                              {"evidence_ref", "鲁历市监罚〔2026〕1号"},
                                              {"severity", 3}},
                                             201)["event"]["id"]
                                            .get<std::int64_t>());
  const json listing = post("/api/v1/credit/lists/serious",
                            {{"uscc", firm},
                             {"category", "quality_safety"},
                             {"penalty_event_id", std::stoll(id)},
                             {"judgement", "性质恶劣、情节严重、社会危害较大：多次生产不合格产品"},
                             {"decision_no", "鲁历市监列〔2026〕1号"}},
                            201);
  EXPECT_EQ(listing["status"], "proposed");  // a county's proposal waits for the city
  const json publication = post("/api/v1/credit/publications",
                                {{"penalty_event_id", std::stoll(id)},
                                 {"violation_type", "生产销售不合格产品"},
                                 {"penalty_kind", "fine"},
                                 {"penalty_text", "罚款5万元"},
                                 {"case_domain", "other"},
                                 {"authority", "济南市历下区市场监督管理局"}},
                                201);
  EXPECT_EQ(publication["decision_no"], "鲁历市监罚〔2026〕1号");  // the event's evidence_ref
  const json eligibility = post("/api/v1/credit/repairs/eligibility",
                                {{"kind", "penalty_publication"},
                                 {"event_id", std::stoll(id)},
                                 {"evidence_ref", "E-1"},
                                 {"measures", {"fine"}},
                                 {"domain", "food"},
                                 {"penalty_fulfilled", true}},
                                200);
  EXPECT_FALSE(eligibility["eligible"]);
  EXPECT_FALSE(eligibility["failures"].empty());
  const json objection = post("/api/v1/credit/objections",
                              {{"event_id", std::stoll(id)},
                               {"grounds", "处罚决定已被复议撤销"},
                               {"evidence_ref", "复议-1"}},
                              201);
  const json decided = post("/api/v1/credit/objections/" +
                                std::to_string(objection["id"].get<std::int64_t>()) + "/decision",
                            {{"decision", "rejected"}, {"reason", "未见撤销决定"}}, 200);
  EXPECT_EQ(decided["status"], "rejected");
  const json revoked = post("/api/v1/credit/publications/" +
                                std::to_string(publication["id"].get<std::int64_t>()) + "/revoke",
                            {{"revocation_ref", "济市监复决〔2026〕3号"}}, 200);
  EXPECT_EQ(revoked["revocation_ref"], "济市监复决〔2026〕3号");
  // The reads of the same records: pages in scope and one by id.
  const auto get = [&](const std::string& path) {
    auto res = client_->Get(path, Auth());
    EXPECT_TRUE(res && res->status == 200) << path;
    return res && res->status == 200 ? Body(res) : json();
  };
  EXPECT_EQ(get("/api/v1/credit/lists/serious?status=proposed")["total"], 1);
  EXPECT_EQ(get("/api/v1/credit/lists/serious/" +
                std::to_string(listing["id"].get<std::int64_t>()))["category"],
            "quality_safety");
  EXPECT_EQ(get("/api/v1/credit/publications?uscc=" + firm)["items"].size(), 1u);
  EXPECT_EQ(get("/api/v1/credit/objections?status=rejected")["items"].size(), 1u);
  EXPECT_EQ(get("/api/v1/credit/objections/" +
                std::to_string(objection["id"].get<std::int64_t>()))["grounds"],
            "处罚决定已被复议撤销");
}

}  // namespace
}  // namespace zq::api::apitest
