// The API: the complaint module's routes over HTTP on both databases: the portal's anonymous
// submission, the office's list and steps (with the CSRF token), validation errors naming fields,
// scope, the rule tables and counts.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "api/api_test_env.h"
#include "complaint/text_classifier.h"
#include "complaint/tokenizer.h"

namespace zq::api::apitest {
namespace {

using nlohmann::json;

json Form(const std::string& uscc) {
  return {{"kinds", {"complaint", "report"}},
          {"name", "王五"},
          {"phone", "13912345678"},
          {"address", "山东省济南市历下区某路2号"},
          {"respondent_uscc", uscc},
          {"facts", "买到的羽绒服是假货，商家拒绝退货"},
          {"request", "退一赔三"}};
}

// A model file trained in the test on the words of two texts, one of them the form's, which it
// labels "food" where the keyword rules say "clothing": so a case's label shows which one ran.
std::string TwoTextModel(const std::vector<std::string>& labels) {
  complaint::Tokenizer tokenizer = complaint::Tokenizer::Create().value();
  const std::vector<complaint::TrainingDocument> docs = {
      {tokenizer.Tokens("买到的羽绒服是假货，商家拒绝退货\n退一赔三"), labels.at(0)},
      {tokenizer.Tokens("手机充电时冒烟，屏幕坏了"), labels.at(1)}};
  return complaint::NaiveBayesModel::Train(docs, {.tokenizer = tokenizer.Name()})->Serialize();
}

TEST_P(ApiTest, ComplaintsFromThePortalToTheOffice) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string uscc = MakeEntity("370102", 3, "").uscc;  // registered by Boot
  // Anonymous: the portal's form, 201 with one case of each kind.
  auto res = client_->Post("/api/v1/complaints/submissions", Form(uscc).dump(), "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  const json submitted = Body(res);
  ASSERT_EQ(submitted["cases"].size(), 2U);
  EXPECT_EQ(submitted["cases"][0]["kind"], "complaint");
  EXPECT_EQ(submitted["cases"][0]["handling_region"], "370102");
  EXPECT_EQ(submitted["cases"][0]["object_class"], "clothing");
  EXPECT_EQ(submitted["cases"][0]["problem"], "counterfeit");
  EXPECT_EQ(submitted["cases"][1]["kind"], "report");
  EXPECT_EQ(submitted["cases"][0]["deadlines"][0]["timer"], "accept");
  const std::string id = std::to_string(submitted["cases"][0]["id"].get<std::int64_t>());
  // A bad form: 400 naming the field; an unknown respondent: 404 naming it.
  json bad = Form(uscc);
  bad.erase("phone");
  res = client_->Post("/api/v1/complaints/submissions", bad.dump(), "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "phone") << res->body;
  res = client_->Post("/api/v1/complaints/submissions",
                      Form(MakeEntity("370102", 77, "").uscc).dump(), "application/json");
  EXPECT_EQ(res->status, 404) << res->body;
  // Cases are the office's: not the public's.
  EXPECT_EQ(client_->Get("/api/v1/complaints")->status, 401);
  EXPECT_EQ(client_->Get("/api/v1/complaints/rules")->status, 200);

  SignIn("lixia");  // the regulator of 370102
  res = client_->Get("/api/v1/complaints?kind=complaint", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["total"], 1);
  res = client_->Get("/api/v1/complaints/" + id, Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["submitter"]["phone"], "13912345678");
  EXPECT_EQ(Body(res)["actions"], json({"accept", "refuse", "return", "merge", "classify"}));
  res = client_->Post("/api/v1/complaints/" + id + "/refuse", Auth(), R"({"ground":"x"})",
                      "application/json");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "ground");
  res = client_->Post("/api/v1/complaints/" + id + "/accept", Auth(), "{}", "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["state"], "accepted");
  res = client_->Post("/api/v1/complaints/" + id + "/accept", Auth(), "{}", "application/json");
  EXPECT_EQ(res->status, 409);
  res = client_->Post("/api/v1/complaints/" + id + "/classification", Auth(),
                      R"({"object_class":"clothing","problem":"quality"})", "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["classified_by"], "lixia");
  res = client_->Get("/api/v1/complaints/counts", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["items"].size(), 2U);
  EXPECT_EQ(client_->Get("/api/v1/complaints/counts?region=370200", Auth(false))->status, 404);
  // Published to anyone as counts (消费投诉公示): the complaint, accepted; not the report.
  res = client_->Get("/api/v1/public/complaints/businesses/" + uscc);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["tally"]["complaints"], 1);
  EXPECT_EQ(Body(res)["tally"]["accepted"], 1);
  EXPECT_TRUE(Body(res)["tally"]["mediation_success_rate"].is_null());
  res = client_->Get("/api/v1/public/complaints/businesses/91370102MA3C");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "uscc");
  res = client_->Get("/api/v1/public/complaints/businesses/" + MakeEntity("370102", 77, "").uscc);
  EXPECT_EQ(res->status, 404);
  res = client_->Get("/api/v1/public/complaints/statistics?quarter=2026Q9");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "quarter");
  res = client_->Get("/api/v1/public/complaints/statistics?region=3701");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "region");
  EXPECT_EQ(client_->Get("/api/v1/public/complaints/statistics?region=370100")->status, 200);
  // The public database: nothing closed yet; a filter outside the taxonomy names its field.
  res = client_->Get("/api/v1/public/complaints/cases?uscc=" + uscc);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["total"], 0);
  res = client_->Get("/api/v1/public/complaints/cases?object_class=toys");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "object_class");
  // The routes are documented under their group.
  const json doc = Body(client_->Get("/api/v1/openapi.json"));
  EXPECT_EQ(doc["paths"]["/api/v1/complaints/{id}/terminate"]["post"]["tags"][0], "complaint");
}

// The clock stopped and restarted, a repeat merged, reopening, the finding for credit, and the
// submitter's look-up and rating, over HTTP.
TEST_P(ApiTest, ComplaintClockRepeatsReopeningAndTheSubmittersView) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string uscc = MakeEntity("370102", 3, "").uscc;
  json form = Form(uscc);
  form["kinds"] = {"complaint"};
  const auto submit = [&] {
    auto res = client_->Post("/api/v1/complaints/submissions", form.dump(), "application/json");
    EXPECT_EQ(res->status, 201) << res->body;
    return Body(res)["cases"][0];
  };
  const json first = submit();
  const json repeat = submit();
  const std::string id = std::to_string(first["id"].get<std::int64_t>());
  const std::string repeat_id = std::to_string(repeat["id"].get<std::int64_t>());
  const std::string number = first["number"];
  // The submitter's view: by number and phone, in the body.
  const json who = {{"number", number}, {"phone", "139 1234 5678"}};
  auto res = client_->Post("/api/v1/complaints/lookup", who.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["state"], "received");
  EXPECT_EQ(Body(res)["phone"], "139****5678");
  EXPECT_EQ(Body(res)["handling_office"], "历下区");
  res = client_->Post("/api/v1/complaints/lookup",
                      json({{"number", number}, {"phone", "13800000000"}}).dump(),
                      "application/json");
  EXPECT_EQ(res->status, 404);

  SignIn("lixia");
  const auto step = [&](const std::string& case_id, const std::string& action, json body) {
    return client_->Post("/api/v1/complaints/" + case_id + "/" + action, Auth(), body.dump(),
                         "application/json");
  };
  res = client_->Get("/api/v1/complaints/" + repeat_id, Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["duplicate_candidates"][0]["number"], number);
  res = step(repeat_id, "merge", {{"duplicate_of", number}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["state"], "merged");
  ASSERT_EQ(step(id, "accept", json::object())->status, 200);
  res = step(id, "pause", {{"ground", "testing"}, {"note", "送检"}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(Body(res)["paused_on"], "");
  EXPECT_EQ(Body(res)["deadlines"][1]["paused"], true);
  EXPECT_EQ(Body(res)["actions"], json({"mediate", "terminate", "resume", "classify"}));
  EXPECT_EQ(step(id, "pause", {{"ground", "testing"}})->status, 409);
  res = step(id, "resume", json::object());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["paused_on"], "");
  EXPECT_EQ(Body(res)["paused_working_days"], 0);
  ASSERT_EQ(step(id, "mediate", json::object())->status, 200);
  ASSERT_EQ(step(id, "agree", {{"outcome", "退货"}})->status, 200);
  res = step(id, "close", {{"upheld", true}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["upheld"], true);
  res = client_->Get("/api/v1/complaints/" + id, Auth(false));
  EXPECT_EQ(Body(res)["duplicates"][0]["number"], repeat["number"]);
  EXPECT_EQ(step(id, "reopen", json::object())->status, 400);
  res = step(id, "reopen", {{"reason", "商家未履行"}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["state"], "agreed");
  ASSERT_EQ(step(id, "close", json::object())->status, 200);
  // Rated once by the submitter.
  json rating = who;
  rating["rating"] = 5;
  res = client_->Post("/api/v1/complaints/rating", rating.dump(), "application/json");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["rating"], 5);
  res = client_->Post("/api/v1/complaints/rating", rating.dump(), "application/json");
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(Body(res)["error"]["field"], "rating");
}

TEST_P(ApiTest, AnInstalledClassifierLabelsIntakeUntilRetired) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string uscc = MakeEntity("370102", 3, "").uscc;
  const std::string model = TwoTextModel({"food", "household_appliances"});
  const std::string path = "/api/v1/complaints/classifier";
  EXPECT_EQ(client_->Get(path)->status, 401);
  SignIn("lixia");  // a regulator sees which classifier runs, but may not change it
  auto res = client_->Get(path, Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["method"], "rules");
  EXPECT_EQ(client_->Put(path, Auth(), model, "text/tab-separated-values")->status, 403);

  SignIn("admin");
  res = client_->Put(path, Auth(), "not a model", "text/tab-separated-values");
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Body(res)["error"]["field"], "model") << res->body;
  res =
      client_->Put(path, Auth(), TwoTextModel({"food", "spaceships"}), "text/tab-separated-values");
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(Body(res)["error"]["message"].get<std::string>().find("spaceships"), std::string::npos)
      << res->body;
  EXPECT_EQ(client_->Delete(path, Auth())->status, 404);  // nothing installed to retire

  res = client_->Put(path, Auth(), model, "text/tab-separated-values");
  ASSERT_EQ(res->status, 200) << res->body;
  const json installed = Body(res);
  EXPECT_EQ(installed["labels"], json({"food", "household_appliances"}));
  EXPECT_EQ(installed["documents"], 2);
  const std::string digest = installed["digest"];
  ASSERT_EQ(digest.size(), 64U);
  res = client_->Get(path, Auth(false));
  EXPECT_EQ(Body(res)["method"], "model");
  EXPECT_EQ(Body(res)["digest"], digest);

  // Intake: the model labels the object axis, the rules still the problem; the case names it.
  res = client_->Post("/api/v1/complaints/submissions", Form(uscc).dump(), "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  json c = Body(res)["cases"][0];
  EXPECT_EQ(c["object_class"], "food");
  EXPECT_EQ(c["problem"], "counterfeit");
  EXPECT_EQ(c["classified_by"], "model:" + digest.substr(0, 16));
  // A label given at intake still wins over the model.
  json labelled = Form(uscc);
  labelled["object_class"] = "clothing";
  res =
      client_->Post("/api/v1/complaints/submissions", Auth(), labelled.dump(), "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(Body(res)["cases"][0]["object_class"], "clothing");

  // Retired: back to the keyword rules.
  res = client_->Delete(path, Auth());
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(Body(res)["in_use"].get<bool>());
  res = client_->Post("/api/v1/complaints/submissions", Form(uscc).dump(), "application/json");
  ASSERT_EQ(res->status, 201) << res->body;
  c = Body(res)["cases"][0];
  EXPECT_EQ(c["object_class"], "clothing");
  EXPECT_EQ(c["classified_by"], "rules");
}

TEST_P(ApiTest, ComplaintSignalsNameTheSeriesThatRoseAboveItsWeeks) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Boot(t->db());
  const std::string uscc = MakeEntity("370102", 3, "").uscc;
  // The regulator of 370102 files them as phone calls, week by week (signed in each week, as a
  // session cannot start before the clock). Seven weeks of one clothing case, then six in the
  // judged week; food steady at one a week.
  const auto now = clock_.Now();
  auto file = [&](const char* facts, int n) {
    json form = Form(uscc);
    form["kinds"] = {"complaint"};
    form["facts"] = facts;
    for (int i = 0; i < n; ++i) {
      auto res =
          client_->Post("/api/v1/complaints/submissions", Auth(), form.dump(), "application/json");
      ASSERT_EQ(res->status, 201) << res->body;
    }
  };
  for (int w = 7; w >= 0; --w) {
    clock_.Set(now - std::chrono::days(7 * w));
    SignIn("lixia");
    file("羽绒服掉毛严重", w == 0 ? 6 : 1);
    file("买的奶粉过期了", 1);
  }

  auto res = client_->Get("/api/v1/stats/complaint-signals", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  json run = Body(res);
  EXPECT_EQ(run["series"], 2);
  EXPECT_EQ(run["week_ends"].size(), 8U);
  ASSERT_EQ(run["items"].size(), 1U) << res->body;
  const json& s = run["items"][0];
  EXPECT_EQ(s["code"], "clothing");
  EXPECT_EQ(s["region"], "370102");
  EXPECT_EQ(s["weekly"], json({1, 1, 1, 1, 1, 1, 1, 6}));
  // A constant baseline of 1: σ = min_sigma = 1, upperbound 1 + z(0.999) = 4.090, C1 = 5.
  EXPECT_NEAR(s["upperbound"].get<double>(), 1 + 3.090232306167813, 1e-9);
  EXPECT_DOUBLE_EQ(s["statistic"].get<double>(), 5.0);
  EXPECT_NEAR(s["p_value"].get<double>(), 2.866515718791939e-07, 1e-15);
  EXPECT_NEAR(s["q_value"].get<double>(), 2 * 2.866515718791939e-07, 1e-15);  // 2 series
  EXPECT_TRUE(s["signal"].get<bool>());
  // The regulator's 工作台 counts it, and the complaints due (none is past its day).
  auto home = client_->Get("/api/v1/workbench", Auth(false));
  ASSERT_EQ(home->status, 200) << home->body;
  json signals, due;
  const json workbench = Body(home);
  for (const json& todo : workbench["todos"]) {
    if (todo["key"] == "stats.complaint_signals")
      signals = todo;
    if (todo["key"] == "complaint.cases")
      due = todo;
  }
  EXPECT_EQ(
      signals,
      json({{"key", "stats.complaint_signals"}, {"count", 1}, {"overdue", 0}, {"next_due", ""}}));
  EXPECT_EQ(due["count"], 7 * 2 + 7);  // none accepted yet: each one's acceptance runs
  auto late = client_->Get("/api/v1/complaints?overdue=true", Auth(false));
  ASSERT_EQ(late->status, 200) << late->body;
  EXPECT_EQ(due["overdue"], Body(late)["total"]);
  // By problem nature, a week earlier (nothing rose then), and the refusals naming their field.
  EXPECT_EQ(Body(client_->Get("/api/v1/stats/complaint-signals?as_of=" +
                                  Body(res)["week_ends"][6].get<std::string>(),
                              Auth(false)))["items"]
                .size(),
            0U);
  for (const auto& [query, field] : {std::pair{"by=brand", "by"},
                                     {"method=C9", "method"},
                                     {"baseline=2", "baseline"},
                                     {"alpha=x", "alpha"},
                                     {"as_of=2026-02-30", "as_of"},
                                     {"fdr=0", "fdr"}}) {
    auto bad = client_->Get(std::string("/api/v1/stats/complaint-signals?") + query, Auth(false));
    EXPECT_EQ(bad->status, 400) << query;
    EXPECT_EQ(Body(bad)["error"]["field"], field) << query << ": " << bad->body;
  }
  // A region outside the regulator's jurisdiction is refused; its own is the default view.
  EXPECT_EQ(client_->Get("/api/v1/stats/complaint-signals?region=370202", Auth(false))->status,
            404);
  res = client_->Get("/api/v1/stats/complaint-signals?region=370102&by=problem", Auth(false));
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(Body(res)["by"], "problem");
  EXPECT_GE(Body(res)["series"].get<int>(), 1);
}

}  // namespace
}  // namespace zq::api::apitest
