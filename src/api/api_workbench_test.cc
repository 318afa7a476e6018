// The API: the 工作台 (GET /api/v1/workbench) gathers each module's to-dos and indicators for the
// caller, within the caller's jurisdiction.
#include <chrono>

#include "api/api_test_env.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;
using registry::testing::MakeEntity;

json Find(const json& list, const std::string& key) {
  for (const json& item : list) {
    if (item["key"] == key)
      return item;
  }
  return json();
}

TEST_P(ApiTest, TheWorkbenchCountsWhatWaitsOnTheCallersOffice) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  EXPECT_EQ(client_->Get("/api/v1/workbench")->status, 401);
  SignIn("lixia");
  const auto post = [&](const std::string& path, const json& body) {
    auto res = client_->Post(path, Auth(), body.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 201) << path << " " << (res ? res->body : "");
    return res && res->status == 201 ? Body(res) : json();
  };
  const auto workbench = [&](const std::string& query = "") {
    auto res = client_->Get("/api/v1/workbench" + query, Auth());
    EXPECT_TRUE(res && res->status == 200) << query;
    return res && res->status == 200 ? Body(res) : json();
  };
  json todos = workbench()["todos"];
  EXPECT_EQ(Find(todos, "credit.objections")["count"], 0);
  EXPECT_TRUE(Find(todos, "credit.objections")["next_due"].get<std::string>().empty());

  const std::string firm = MakeEntity("370102", 3, "").uscc;
  const std::int64_t event =
      post("/api/v1/credit/events", {{"source", "bureau-370102"},
                                     {"source_id", "S-1"},
                                     {"event_type", "penalty.heavy"},
                                     {"uscc", firm},
                                     {"occurred_on", DayText(*DayNumber("2026-01-05"))},
                                     {"evidence_ref", "鲁历市监罚〔2026〕1号"},
                                     {"severity", 3}})["event"]["id"];
  const json objection =
      post("/api/v1/credit/objections",
           {{"event_id", event}, {"grounds", "处罚决定已被复议撤销"}, {"evidence_ref", "复议-1"}});
  const json publication =
      post("/api/v1/credit/publications", {{"penalty_event_id", event},
                                           {"violation_type", "生产销售不合格产品"},
                                           {"penalty_kind", "fine"},
                                           {"penalty_text", "罚款5万元"},
                                           {"case_domain", "other"},
                                           {"authority", "济南市历下区市场监督管理局"}});
  // A county's proposal waits for the city: not the county's own to-do.
  post("/api/v1/credit/lists/serious",
       {{"uscc", firm},
        {"category", "quality_safety"},
        {"penalty_event_id", event},
        {"judgement", "性质恶劣、情节严重、社会危害较大：多次生产不合格产品"},
        {"decision_no", "鲁历市监列〔2026〕1号"}});

  const json now = workbench();
  todos = now["todos"];
  EXPECT_EQ(Find(todos, "credit.objections"), json({{"key", "credit.objections"},
                                                    {"count", 1},
                                                    {"overdue", 0},
                                                    {"next_due", objection["due_on"]}}));
  // Published 20 working days after the decision of 2026-01-05 at the latest: overdue today.
  EXPECT_EQ(Find(todos, "credit.publications"),
            json({{"key", "credit.publications"},
                  {"count", 1},
                  {"overdue", publication["overdue"].get<bool>() ? 1 : 0},
                  {"next_due", publication["overdue"].get<bool>() ? "" : publication["due_on"]}}));
  EXPECT_EQ(Find(todos, "credit.serious_approvals")["count"], 0);
  EXPECT_EQ(Find(todos, "inspection.follow_ups")["count"], 0);
  // The bell's route answers the same to-dos.
  auto res = client_->Get("/api/v1/workbench/todos", Auth());
  ASSERT_TRUE(res && res->status == 200);
  EXPECT_EQ(Body(res)["todos"], todos);

  // The indicators of a county: its own figure, no sub-regions. 20 active firms in 370102; no
  // spot-check verdict yet, so no fail rate and no interval.
  const json d_share = Find(now["kpis"], "credit.class_d_share");
  EXPECT_EQ(d_share["total"]["region_code"], "370102");
  EXPECT_EQ(d_share["total"]["denominator"], 20);
  EXPECT_TRUE(d_share["total"]["interval"].is_null());  // a count of the whole register
  EXPECT_TRUE(d_share["by_region"].empty());
  const json fail_rate = Find(now["kpis"], "inspection.fail_rate");
  EXPECT_EQ(fail_rate["total"]["denominator"], 0);
  EXPECT_TRUE(fail_rate["total"]["rate"].is_null());

  // Past the objection's due date it is overdue and no longer the next due.
  clock_.Advance(std::chrono::days(120));
  SignIn("lixia");  // the session expired meanwhile
  const json later = Find(workbench()["todos"], "credit.objections");
  EXPECT_EQ(later["overdue"], 1);
  EXPECT_EQ(later["next_due"], "");

  // Another county's indicators are not the caller's: 404 on the region.
  res = client_->Get("/api/v1/workbench?region=370202", Auth());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(Body(res)["error"]["field"], "region");

  // The province by its cities, for the map: 济南 20 firms, 青岛 5, with their names.
  SignIn("admin");
  const json province = Find(workbench("?region=370000")["kpis"], "credit.class_a_share");
  ASSERT_EQ(province["by_region"].size(), 16u);
  int firms = 0;
  for (const json& city : province["by_region"]) {
    firms += city["denominator"].get<int>();
    if (city["region_code"] == "370100") {
      EXPECT_EQ(city["denominator"], 20);
      EXPECT_EQ(city["name"], "济南市");
    }
  }
  EXPECT_EQ(firms, 25);
  // Administrators decide nothing of a bureau's: no approvals to-do, but objections in scope.
  EXPECT_TRUE(Find(workbench()["todos"], "credit.serious_approvals").is_null());
}

}  // namespace
}  // namespace zq::api::apitest
