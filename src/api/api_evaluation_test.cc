// The API of the 质量工作考核 (stats/evaluation_store.h): the administrator stores the rule set, a
// county assesses itself, its city verifies it and reads the scored, graded result; errors name
// their fields. The figures are the worked example's (src/stats/testdata/evaluation/, worked by
// hand in src/stats/evaluation_test.cc).

#include "api/api_test_env.h"
#include "core/testing/files.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;

json Example(const std::string& name) {
  return json::parse(testing_files::TestFileText("src/stats/testdata/evaluation/" + name));
}

TEST_P(ApiTest, TheEvaluationFromRuleSetToGrade) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  AddUser("jinan", auth::Role::kRegulator, "370100");
  const std::string rules = Example("rules.json").dump();

  SignIn("admin");
  auto res = client_->Post("/api/v1/stats/evaluation/rules", Auth(), rules, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["version"], "2025");
  res = client_->Post("/api/v1/stats/evaluation/rules", Auth(), rules, "application/json");
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(Body(res)["error"]["field"], "version");

  // 历下区 assesses itself with 济南's self-assessment of the example (94 points).
  const json scores = Example("scores.json");
  SignIn("lixia");
  const std::string self = json{{"items", scores["regions"][1]["self"]}}.dump();
  res = client_->Put("/api/v1/stats/evaluation/2025/regions/370102/self", Auth(), self,
                     "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  // Verifying itself, or reading its city's results, is not for a county.
  res = client_->Put("/api/v1/stats/evaluation/2025/regions/370102/verified", Auth(), self,
                     "application/json");
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_EQ(client_->Get("/api/v1/stats/evaluation/2025?region=370100", Auth())->status, 404);

  // 济南 verifies it: the example's verified inputs of 济南 (84 points, B).
  SignIn("jinan");
  json wrong = {{"items", {{"2.1.1", {{"level", "有"}}}}}};
  res = client_->Put("/api/v1/stats/evaluation/2025/regions/370102/verified", Auth(), wrong.dump(),
                     "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "items.2.1.1.level");
  const std::string verified = json{{"items", scores["regions"][1]["items"]}}.dump();
  res = client_->Put("/api/v1/stats/evaluation/2025/regions/370102/verified", Auth(), verified,
                     "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  res = client_->Get("/api/v1/stats/evaluation/2025?replications=50", Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  const json out = Body(res);
  EXPECT_EQ(out["region"], "370100");
  EXPECT_EQ(out["year"]["first_day"], "2025-07-01");
  ASSERT_EQ(out["regions"].size(), 1u);
  const json& lixia = out["regions"][0];
  EXPECT_EQ(lixia["code"], "370102");
  EXPECT_DOUBLE_EQ(lixia["total"].get<double>(), 84);
  EXPECT_DOUBLE_EQ(lixia["self_total"].get<double>(), 94);
  EXPECT_EQ(lixia["grade"], "B");
  EXPECT_EQ(lixia["rank"], 1);
  EXPECT_EQ(lixia["uncertainty"]["rank_high"], 1);
  EXPECT_EQ(client_->Get("/api/v1/stats/evaluation/2024", Auth())->status, 404);  // no rules
  EXPECT_EQ(client_->Get("/api/v1/stats/evaluation/2025?replications=-1", Auth())->status, 400);
  res = client_->Get("/api/v1/stats/evaluation/rules", Auth());
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(Body(res)["items"][0]["version"], "2025");
}

}  // namespace
}  // namespace zq::api::apitest
