// The API: spot checks from the published draw to results, publication and pass rates.
#include "api/api_test_env.h"
#include "inspection/pass_rate_export.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

// 历下区 as both spot-check tests need it: the cable category (CP-01), twenty cable makers'
// products and a pool of four inspectors.
void SeedCables(registry::Registry& reg) {
  const auth::Caller system = auth::Caller::System();
  registry::CatalogueEntry cables;
  cables.code = "CP-01";
  cables.name = "电线电缆";
  ASSERT_TRUE(reg.UpsertCatalogueEntry(system, cables).ok());
  std::vector<registry::Product> products;
  for (int i = 0; i < 20; ++i) {
    products.push_back({"ZQ-C" + std::to_string(i), "电缆", "", "CP-01",
                        registry::testing::MakeUscc("370102", i)});
  }
  ASSERT_TRUE(reg.AppendProducts(system, products).ok());
  std::vector<registry::Inspector> pool;
  for (int i = 0; i < 4; ++i) {
    pool.push_back({"IN" + std::to_string(i),
                    "检查员",
                    "历下区市场监督管理局",
                    "370102",
                    {"product_quality"},
                    true,
                    ""});
  }
  ASSERT_TRUE(reg.AppendInspectors(system, pool).ok());
}

TEST_P(ApiTest, SpotCheckDrawIsPublishedAndAnyoneCanVerifyIt) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  registry::Registry& reg = app_->Get<registry::Registry>();
  const auth::Caller system = auth::Caller::System();
  ASSERT_NO_FATAL_FAILURE(SeedCables(reg));

  SignIn("lixia");
  const json plan = {{"plan_code", "LX-2026-1"},
                     {"name", "电线电缆抽查"},
                     {"authority", "历下区市场监督管理局"},
                     {"region_code", "370102"},
                     {"period_start", "2026-11-01"},
                     {"period_end", "2026-12-31"},
                     {"parameters", {{"product_categories", {"CP-01"}}}}};
  auto created = client_->Post("/api/v1/inspection/plans", Auth(), plan.dump(), "application/json");
  ASSERT_EQ(created->status, 200) << created->body;
  const std::string id = std::to_string(Body(created)["id"].get<int>());
  json bad = plan;
  bad["plan_code"] = "LX-2026-2";
  bad["parameters"]["inspectors_per_task"] = 1;
  auto refused = client_->Post("/api/v1/inspection/plans", Auth(), bad.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "parameters.inspectors_per_task");

  auto untyped = client_->Post("/api/v1/inspection/plans/" + id + "/draws", Auth(),
                               R"({"beacon_source": 527})", "application/json");
  EXPECT_EQ(untyped->status, 400);
  EXPECT_EQ(Body(untyped)["error"]["field"], "beacon_source");
  auto committed =
      client_->Post("/api/v1/inspection/plans/" + id + "/draws", Auth(), "{}", "application/json");
  ASSERT_EQ(committed->status, 200) << committed->body;
  EXPECT_EQ(Body(committed)["frame_size"], 20);
  const std::string draw = std::to_string(Body(committed)["id"].get<int>());
  auto early = client_->Get("/api/v1/inspection/draws/" + draw + "/verify");
  EXPECT_EQ(early->status, 409);  // nothing to verify before the seed is out
  // No beacon source was announced with the commitment: a beacon at the run is refused.
  auto chosen = client_->Post("/api/v1/inspection/draws/" + draw + "/run", Auth(),
                              R"({"beacon": "527"})", "application/json");
  EXPECT_EQ(chosen->status, 400);
  EXPECT_EQ(Body(chosen)["error"]["field"], "beacon");
  auto run =
      client_->Post("/api/v1/inspection/draws/" + draw + "/run", Auth(), "{}", "application/json");
  ASSERT_EQ(run->status, 200) << run->body;
  EXPECT_EQ(Body(run)["tasks"], 1);  // ⌈20 × 4 %⌉, the default rate of class B

  // Before the inspections end (2026-12-31) the public sees the summary: the seed and hashes,
  // no teams, roster or classes; the plan's regulator sees the full record.
  httplib::Client anonymous("127.0.0.1", port_);
  auto summary = anonymous.Get("/api/v1/inspection/draws/" + draw);
  ASSERT_EQ(summary->status, 200);
  EXPECT_EQ(Body(summary)["publication"], "summary");
  EXPECT_EQ(Body(summary)["seed"].get<std::string>().size(), 64u);
  EXPECT_FALSE(Body(summary).contains("tasks"));
  EXPECT_FALSE(Body(summary).contains("pool"));
  auto listed = anonymous.Get("/api/v1/inspection/draws?plan=LX-2026-1");
  ASSERT_EQ(listed->status, 200) << listed->body;
  EXPECT_EQ(Body(listed)["total"], 1);
  EXPECT_EQ(Body(listed)["items"][0]["full_record_public"], false);
  auto record = client_->Get("/api/v1/inspection/draws/" + draw, Auth());
  ASSERT_EQ(record->status, 200);
  EXPECT_EQ(Body(record)["publication"], "full");
  EXPECT_EQ(Body(record)["tasks"].size(), 1u);
  auto verified = anonymous.Get("/api/v1/inspection/draws/" + draw + "/verify");
  ASSERT_EQ(verified->status, 200);
  EXPECT_EQ(Body(verified)["ok"], true);
  json forged = Body(record);
  forged["tasks"][0]["inspectors"] = {"IN9", "IN8"};
  auto checked =
      anonymous.Post("/api/v1/inspection/verify-draw", forged.dump(), "application/json");
  ASSERT_EQ(checked->status, 200) << checked->body;
  EXPECT_EQ(Body(checked)["ok"], false);
  EXPECT_EQ(Body(checked)["mismatches"][0]["kind"], "assignment");
  // A record of the wrong shape, 31 levels deep, is refused in the API's words: the JSON
  // library's exception text ("[json.exception.type_error.302] …") is not echoed.
  json deep = "x";
  for (int i = 0; i < 30; ++i) deep = json::array({deep});
  json misshapen = Body(record);
  misshapen["frame"] = deep;
  checked = anonymous.Post("/api/v1/inspection/verify-draw", misshapen.dump(), "application/json");
  EXPECT_EQ(checked->status, 400) << checked->body;
  EXPECT_EQ(checked->body.find("json.exception"), std::string::npos) << checked->body;

  // GB/T 2828.1: a lot of 1,000 at level II is code letter J; AQL 1.0 normal: n 80, Ac 2, Re 3.
  auto plan_for_lot = anonymous.Get("/api/v1/inspection/sampling-plan?lot_size=1000&aql=1.0");
  ASSERT_EQ(plan_for_lot->status, 200) << plan_for_lot->body;
  EXPECT_EQ(Body(plan_for_lot)["code_letter"], "J");
  EXPECT_EQ(Body(plan_for_lot)["sample_size"], 80);
  EXPECT_EQ(Body(plan_for_lot)["acceptance"], 2);
  EXPECT_EQ(Body(plan_for_lot)["rejection"], 3);
  EXPECT_EQ(anonymous.Get("/api/v1/inspection/sampling-plan?lot_size=1000&aql=0.7")->status, 400);
}

TEST_P(ApiTest, SpotCheckResultsFlowFromSampleToPublicListAndPassRates) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const auth::Caller system = auth::Caller::System();
  ASSERT_NO_FATAL_FAILURE(SeedCables(app_->Get<registry::Registry>()));
  AddUser("qingdao", auth::Role::kRegulator, "370202");
  inspection::SpotCheckPlan plan;
  plan.plan_code = "LX-2026-R";
  plan.name = "电线电缆抽查";
  plan.authority = "历下区市场监督管理局";
  plan.region_code = "370102";
  plan.period_start = "2026-01-01";
  plan.period_end = "2027-12-31";
  plan.parameters.product_categories = {"CP-01"};
  const auto created = app_->Get<inspection::SpotCheckService>().CreatePlan(system, plan);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  const auto committed = app_->Get<inspection::SpotCheckService>().CommitDraw(system, created->id);
  ASSERT_TRUE(committed.ok());
  ASSERT_TRUE(app_->Get<inspection::SpotCheckService>().RunDraw(system, committed->id).ok());
  const std::string today = FormatDate(clock_.TodayInChina());

  SignIn("qingdao");
  auto other = client_->Get("/api/v1/inspection/tasks", Auth());
  ASSERT_EQ(other->status, 200);
  EXPECT_EQ(Body(other)["items"].size(), 0u);
  SignIn("lixia");
  auto tasks = client_->Get("/api/v1/inspection/tasks?open=true&inspector=IN0", Auth());
  ASSERT_EQ(tasks->status, 200) << tasks->body;
  auto all_tasks = client_->Get("/api/v1/inspection/tasks", Auth());
  ASSERT_EQ(Body(all_tasks)["items"].size(), 1u);
  const std::string task = std::to_string(Body(all_tasks)["items"][0]["task_id"].get<int>());
  EXPECT_EQ(client_->Get("/api/v1/inspection/tasks?plan_id=x", Auth())->status, 400);
  // 我的任务: the inspector linked to lixia's account sees the tasks they were drawn for.
  auto mine = client_->Get("/api/v1/inspection/tasks?inspector=me", Auth());
  EXPECT_EQ(mine->status, 404);  // not linked yet
  EXPECT_EQ(Body(mine)["error"]["field"], "inspector");
  const std::string drawn = Body(all_tasks)["items"][0]["inspectors"][0];
  json inspector = {{"inspector_id", drawn},
                    {"name", "检查员"},
                    {"unit", "历下区市场监督管理局"},
                    {"region_code", "370102"},
                    {"qualifications", {"product_quality"}},
                    {"username", "lixia"}};
  auto linked = client_->Post("/api/v1/inspectors", Auth(), inspector.dump(), "application/json");
  ASSERT_EQ(linked->status, 200) << linked->body;
  mine = client_->Get("/api/v1/inspection/tasks?inspector=me", Auth());
  ASSERT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(Body(mine)["items"].size(), 1u);
  inspector["qualifications"] = "product_quality";
  auto bad = client_->Post("/api/v1/inspectors", Auth(), inspector.dump(), "application/json");
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(Body(bad)["error"]["field"], "qualifications");

  json sample = {{"sampled_on", today},    {"place", "成品仓库"},       {"batch_number", "B-1"},
                 {"quantity", 2},          {"reserve_quantity", 1},     {"category_code", "CP-01"},
                 {"product_name", "电缆"}, {"specification", "BV 2.5"}, {"samplers", {"王小明"}}};
  const std::string sample_path = "/api/v1/inspection/tasks/" + task + "/sample";
  auto refused = client_->Post(sample_path, Auth(), sample.dump(), "application/json");
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(Body(refused)["error"]["field"], "samplers");
  sample["samplers"] = {"王小明", "李华"};
  sample["quantity"] = "two";
  EXPECT_EQ(
      Body(client_->Post(sample_path, Auth(), sample.dump(), "application/json"))["error"]["field"],
      "quantity");
  sample["quantity"] = 2;
  EXPECT_EQ(
      client_
          ->Post("/api/v1/inspection/tasks/999/sample", Auth(), sample.dump(), "application/json")
          ->status,
      404);
  auto sampled = client_->Post(sample_path, Auth(), sample.dump(), "application/json");
  ASSERT_EQ(sampled->status, 200) << sampled->body;
  const std::string batch = std::to_string(Body(sampled)["id"].get<int>());
  const std::string base = "/api/v1/inspection/batches/" + batch;

  json results = {{"institution", "山东省产品质量检验研究院"},
                  {"tested_on", today},
                  {"items",
                   {{{"name", "导体电阻"},
                     {"key_item", true},
                     {"method", "GB/T 3048.4"},
                     {"limit", "≤7.41"},
                     {"measured", "7.86"},
                     {"unit", "Ω/km"},
                     {"verdict", "maybe"}}}}};
  auto bad_item = client_->Post(base + "/results", Auth(), results.dump(), "application/json");
  EXPECT_EQ(bad_item->status, 400);
  EXPECT_EQ(Body(bad_item)["error"]["field"], "items[0].verdict");
  results["items"][0]["verdict"] = "fail";
  ASSERT_EQ(client_->Post(base + "/results", Auth(), results.dump(), "application/json")->status,
            200);
  ASSERT_EQ(
      client_
          ->Post(base + "/notice", Auth(), json{{"received_on", today}}.dump(), "application/json")
          ->status,
      200);
  EXPECT_EQ(client_->Post(base + "/finalize", Auth(), "{}", "application/json")->status, 409);
  EXPECT_EQ(client_
                ->Post(base + "/appeals", Auth(), json{{"kind", "appeal"}, {"reason", "x"}}.dump(),
                       "application/json")
                ->status,
            400);
  SignIn("qingdao");
  EXPECT_EQ(client_->Get(base, Auth())->status, 404);
  EXPECT_EQ(client_->Post(base + "/publish", Auth(), "{}", "application/json")->status, 404);

  clock_.Advance(std::chrono::days(16));  // the 15-day window has closed unused
  SignIn("lixia");
  auto final = client_->Post(base + "/finalize", Auth(), "{}", "application/json");
  ASSERT_EQ(final->status, 200) << final->body;
  EXPECT_EQ(Body(final)["final_verdict"], "fail");
  auto follow_ups = client_->Get("/api/v1/inspection/follow-ups", Auth());
  ASSERT_EQ(Body(follow_ups)["items"].size(), 1u);
  const std::string follow_up = std::to_string(Body(follow_ups)["items"][0]["id"].get<int>());
  auto extension = client_->Post("/api/v1/inspection/follow-ups/" + follow_up + "/extension",
                                 Auth(), json{{"days", 45}}.dump(), "application/json");
  EXPECT_EQ(extension->status, 400);
  EXPECT_EQ(Body(extension)["error"]["field"], "days");
  ASSERT_EQ(client_->Post(base + "/publish", Auth(), "{}", "application/json")->status, 200);

  httplib::Client anonymous("127.0.0.1", port_);
  auto published = anonymous.Get("/api/v1/public/spot-check-results?region=370100");
  ASSERT_EQ(published->status, 200) << published->body;
  ASSERT_EQ(Body(published)["items"].size(), 1u);
  EXPECT_EQ(Body(published)["total"], 1);
  EXPECT_EQ(Body(published)["items"][0]["items_failed"], json({"导体电阻"}));
  EXPECT_EQ(published->body.find("王小明"), std::string::npos);
  EXPECT_EQ(anonymous.Get("/api/v1/public/spot-check-results?region=3701")->status, 400);
  EXPECT_EQ(anonymous.Get("/api/v1/inspection/pass-rates")->status, 401);

  auto rates = client_->Get("/api/v1/inspection/pass-rates?by=category&target=0.9", Auth());
  ASSERT_EQ(rates->status, 200) << rates->body;
  EXPECT_EQ(Body(rates)["total"]["tested"], 1);
  EXPECT_EQ(Body(rates)["total"]["passed"], 0);
  EXPECT_EQ(Body(rates)["lines"][0]["key"], "CP-01");
  // The CSV for people by default: Chinese headers, the category's name beside its code, the
  // verdict's label, the total as 合计, and a file name that says what and when (Beijing day).
  const std::string pass_rates = "/api/v1/inspection/pass-rates?format=csv&target=0.9";
  auto csv = client_->Get(pass_rates, Auth());
  ASSERT_EQ(csv->status, 200) << csv->body;
  EXPECT_TRUE(csv->body.starts_with("\xEF\xBB\xBF产品类别代码,产品类别,抽查批次,合格批次,合格率,"))
      << csv->body;
  EXPECT_NE(csv->body.find("\r\nCP-01,电线电缆,1,0,0.000000,"), std::string::npos) << csv->body;
  EXPECT_NE(csv->body.find("\r\n,合计,1,0,0.000000,"), std::string::npos) << csv->body;
  EXPECT_NE(csv->body.find(",未达标\r\n"), std::string::npos) << csv->body;
  std::string day = TodayText(clock_);
  day.erase(std::remove(day.begin(), day.end(), '-'), day.end());
  // (The test client percent-decodes header values; the bytes sent are checked below.)
  EXPECT_EQ(csv->get_header_value("Content-Disposition"),
            "attachment; filename=\"________________" + day +
                ".csv\"; filename*=UTF-8''抽查合格率_" + day + ".csv");
  const Response sent = Response::Download(
      "x", "text/csv", inspection::PassRateFileName(ExportHeaders::kChinese, "2026-12-07"));
  EXPECT_EQ(sent.headers.at(0).second,
            "attachment; filename=\"________________20261207.csv\"; "
            "filename*=UTF-8''%E6%8A%BD%E6%9F%A5%E5%90%88%E6%A0%BC%E7%8E%87_20261207.csv");
  // By region: the county's full name beside its code; English headers in English.
  auto by_region = client_->Get(pass_rates + "&by=region&headers=en", Auth());
  EXPECT_TRUE(by_region->body.starts_with("\xEF\xBB\xBFRegion code,Region,Batches tested,"))
      << by_region->body;
  EXPECT_NE(by_region->body.find("\r\n370102,山东省济南市历下区,1,0,"), std::string::npos)
      << by_region->body;
  EXPECT_NE(by_region->body.find(",not_met\r\n"), std::string::npos) << by_region->body;
  // headers=codes: the machine layout scripts read, as it always was.
  auto codes = client_->Get(pass_rates + "&headers=codes", Auth());
  EXPECT_TRUE(codes->body.starts_with(
      "key,tested,passed,rate,wilson_lower,wilson_upper,cp_lower,cp_upper,change,change_lower,"
      "change_upper,target\nCP-01,1,0,0.000000,"))
      << codes->body;
  EXPECT_NE(codes->body.find("\ntotal,1,0,0.000000,"), std::string::npos) << codes->body;
  EXPECT_EQ(codes->get_header_value("Content-Disposition"),
            "attachment; filename=\"pass-rates_" + day + ".csv\"; filename*=UTF-8''pass-rates_" +
                day + ".csv");
  for (const std::string& bad_headers :
       {pass_rates + "&headers=fr", std::string("/api/v1/inspection/pass-rates?headers=fr")}) {
    auto no_french = client_->Get(bad_headers, Auth());
    EXPECT_EQ(no_french->status, 400) << bad_headers;
    EXPECT_EQ(Body(no_french)["error"]["field"], "headers") << bad_headers;
  }
  EXPECT_EQ(client_->Get("/api/v1/inspection/pass-rates?by=colour", Auth())->status, 400);
  EXPECT_EQ(client_->Get("/api/v1/inspection/pass-rates?region=370202", Auth())->status, 404);
}

TEST_P(ApiTest, SpotCheckBodiesNameTheFieldAtFault) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  SignIn("lixia");
  const json item = {{"name", "导体电阻"},
                     {"method", "GB/T 3048.4"},
                     {"limit", "≤7.41"},
                     {"measured", "7.86"},
                     {"verdict", "fail"}};
  json no_method = item;
  no_method.erase("method");
  const json plan = {{"plan_code", "LX-2026-9"},
                     {"name", "抽查"},
                     {"authority", "历下区市场监督管理局"},
                     {"region_code", "370102"},
                     {"period_start", "2026-11-01"},
                     {"period_end", "2026-12-31"}};
  json bad_locality = plan;
  bad_locality["parameters"] = {{"locality", "nearby"}};
  json bad_parameters = plan;
  bad_parameters["parameters"] = "all";

  struct Case {
    std::string path;
    json body;
    std::string field;
  };

  // The body is read before the batch or follow-up is looked up: none of these ids exists.
  for (const Case& c : std::vector<Case>{
           {"/inspection/plans", bad_locality, "parameters.locality"},
           {"/inspection/plans", bad_parameters, "parameters"},
           {"/inspection/tasks/1/sample", json::object(), "sampled_on"},
           {"/inspection/batches/1/results",
            {{"institution", "院"}, {"tested_on", "2026-11-02"}, {"items", {item, 5}}},
            "items[1]"},
           {"/inspection/batches/1/results",
            {{"institution", "院"}, {"tested_on", "2026-11-02"}, {"items", {item, no_method}}},
            "items[1].method"},
           {"/inspection/batches/1/results",
            {{"institution", "院"}, {"tested_on", "2026-11-02"}, {"items", "导体电阻"}},
            "items"},
           {"/inspection/batches/1/notice", {{"received_on", 20261102}}, "received_on"},
           {"/inspection/batches/1/appeals", {{"kind", "objection"}}, "reason"},
           {"/inspection/batches/1/objection-decision", {{"decision", "maybe"}}, "decision"},
           {"/inspection/follow-ups/1/extension", {{"days", "ten"}}, "days"},
           {"/inspection/follow-ups/1/reinspection", {{"verdict", "ok"}}, "verdict"},
       }) {
    auto res = client_->Post("/api/v1" + c.path, Auth(), c.body.dump(), "application/json");
    EXPECT_EQ(res->status, 400) << c.path << " " << c.body.dump();
    EXPECT_EQ(Body(res)["error"]["field"], c.field) << c.path << " " << c.body.dump();
  }
  auto decision = client_->Post("/api/v1/inspection/batches/1/objection-decision", Auth(),
                                json{{"decision", "maybe"}}.dump(), "application/json");
  EXPECT_EQ(Body(decision)["error"]["message"], "decision is upheld or rejected");
  // A step without a body takes none.
  EXPECT_EQ(
      client_->Post("/api/v1/inspection/batches/1/finalize", Auth(), "", "text/plain")->status,
      404);

  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  const json& results = doc["paths"]["/api/v1/inspection/batches/{id}/results"]["post"]
                           ["requestBody"]["content"]["application/json"]["schema"];
  EXPECT_EQ(results["properties"]["items"]["items"]["properties"]["verdict"]["enum"],
            json::array({"pass", "fail"}));
  EXPECT_EQ(results["properties"]["items"]["items"]["required"],
            json::array({"name", "method", "limit", "measured", "verdict"}));
}

}  // namespace
}  // namespace zq::api::apitest
