// 质量工作考核 in the database, on both databases: rule sets stored once and picked by the year,
// the stages and who may submit them, totals computed when read (the worked example of
// testdata/evaluation, whose figures evaluation_test.cc works by hand), every write audited.
#include "stats/evaluation_store.h"

#include <chrono>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/key_ring.h"
#include "core/calendar.h"
#include "core/testing/files.h"
#include "store/testing/test_database.h"

namespace zq::stats {
namespace {

using nlohmann::json;

std::string Testdata(const std::string& name) {
  return testing_files::TestFileText("src/stats/testdata/evaluation/" + name);
}

auth::Caller Someone(auth::Role role, std::string region = "") {
  auth::Caller c;
  c.actor = "tester";
  c.role = role;
  c.region_code = std::move(region);
  return c;
}

const auth::Caller kAdmin = Someone(auth::Role::kPlatformAdmin);
const auth::Caller kProvince = Someone(auth::Role::kRegulator, "370000");
const auth::Caller kJinan = Someone(auth::Role::kRegulator, "370100");
const auth::Caller kLixia = Someone(auth::Role::kRegulator, "370102");
const auth::Caller kAnalyst = Someone(auth::Role::kAnalyst, "370000");
// Results without replications (the options' default draws 1,000).
const EvaluationUncertaintyOptions kPointOnly{.replications = 0};

// The worked example's inputs of the city at `index` of scores.json, as a submission's body.
std::string CityInputs(size_t index, const char* part = "items") {
  const json scores = json::parse(Testdata("scores.json"));
  const json& region = scores["regions"][index];
  json body = {{"items", region.value(part, json::object())}};
  if (std::string(part) == "items" && region.contains("vetoes"))
    body["vetoes"] = region["vetoes"];
  return body.dump();
}

class EvaluationStoreTest : public ::testing::TestWithParam<store::Backend> {
 protected:
  auth::KeyRing keys_ = *auth::KeyRing::FromMasterKey(std::string(32, 'e'));
  FakeClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 7 / 20}};
  auth::AuditLog audit_{keys_.audit_chain(), clock_};

  std::int64_t AuditCount(store::Database& db, std::string_view action) {
    auto tx = db.Begin(store::TxMode::kReadOnly);
    const store::Value p[] = {std::string(action)};
    return (*tx)->Query("SELECT COUNT(*) FROM audit_log WHERE action = ?", p)->rows[0].GetInt(0);
  }
};

TEST_P(EvaluationStoreTest, RuleSetsAreStoredOnceAndPickedByTheYear) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  EvaluationStore store(t->db(), audit_, clock_);
  const std::string rules = Testdata("rules.json");
  EXPECT_EQ(store.AddRules(kJinan, rules).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(store.AddRules(kAdmin, "{\"version\": \"x\"}").code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store.AddRules(kAdmin, rules).ok());
  const Status again = store.AddRules(kAdmin, rules);
  EXPECT_EQ(again.code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(again.field(), "version");
  // A provincial regulator (the quality office) may add one too: the 2027 revision.
  std::string later = rules;
  later.replace(later.find("\"2025\""), 6, "\"2027\"");
  later.replace(later.find("2025-07-01"), 10, "2027-07-01");
  ASSERT_TRUE(store.AddRules(kProvince, later).ok());

  EXPECT_EQ(store.RulesFor(*AssessmentYearStarting(2025))->version, "2025");
  EXPECT_EQ(store.RulesFor(*AssessmentYearStarting(2026))->version, "2025");
  EXPECT_EQ(store.RulesFor(*AssessmentYearStarting(2027))->version, "2027");
  EXPECT_EQ(store.RulesFor(*AssessmentYearStarting(2024)).status().field(), "year");
  const auto list = store.ListRules(kAnalyst);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].version, "2027");
  EXPECT_EQ((*list)[1].effective_from, "2025-07-01");
  EXPECT_EQ((*list)[1].created_by, "tester");
  EXPECT_EQ(store.ListRules(Someone(auth::Role::kPublic)).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(AuditCount(t->db(), "stats.evaluation_rules.add"), 2);
}

TEST_P(EvaluationStoreTest, InputsByStageAreScoredWhenRead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  EvaluationStore store(t->db(), audit_, clock_);
  // No rule set yet: nothing can be checked.
  EXPECT_EQ(store.SubmitInputs(kProvince, 2025, "370100", EvaluationStage::kVerified, CityInputs(1))
                .field(),
            "year");
  ASSERT_TRUE(store.AddRules(kAdmin, Testdata("rules.json")).ok());
  // The province verifies its three cities (青岛, 济南, 淄博 with its veto); 济南 assesses itself.
  for (size_t i : {0, 1, 2}) {
    const std::string city = i == 0 ? "370200" : i == 1 ? "370100" : "370300";
    ASSERT_TRUE(
        store.SubmitInputs(kProvince, 2025, city, EvaluationStage::kVerified, CityInputs(i)).ok())
        << city;
  }
  ASSERT_TRUE(
      store.SubmitInputs(kJinan, 2025, "370100", EvaluationStage::kSelf, CityInputs(1, "self"))
          .ok());
  // 泰安 has only assessed itself.
  ASSERT_TRUE(store
                  .SubmitInputs(Someone(auth::Role::kRegulator, "370900"), 2025, "370900",
                                EvaluationStage::kSelf, CityInputs(1, "self"))
                  .ok());

  const auto result = store.Results(kAnalyst, 2025, "370000", kPointOnly);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->rules.version, "2025");
  EXPECT_EQ(DayText(result->year.first_day), "2025-07-01");
  ASSERT_EQ(result->regions.size(), 3u);  // in code order: 济南, 青岛, 淄博
  const RegionEvaluation& jinan = result->regions[0];
  EXPECT_EQ(jinan.code, "370100");
  EXPECT_DOUBLE_EQ(jinan.total, 84);
  EXPECT_EQ(jinan.grade.grade, "B");
  EXPECT_EQ(jinan.rank, 1);
  ASSERT_TRUE(jinan.self_total.has_value());
  EXPECT_DOUBLE_EQ(*jinan.self_total, 94);
  EXPECT_DOUBLE_EQ(result->regions[1].total, 78);
  EXPECT_EQ(result->regions[1].rank, 2);
  EXPECT_TRUE(result->regions[2].grade.vetoed);
  EXPECT_DOUBLE_EQ(result->regions[2].total, 103);
  EXPECT_EQ(result->awaiting_verification, (std::vector<std::string>{"370900"}));
  EXPECT_TRUE(result->uncertainty.empty());
  const auto with_uncertainty = store.Results(kAnalyst, 2025, "370000", {.replications = 20});
  ASSERT_TRUE(with_uncertainty.ok());
  EXPECT_EQ(with_uncertainty->uncertainty.size(), 3u);

  // A second verification replaces the first: 青岛 with 2.1.3 now scored (建立未运行, 4).
  json qingdao = json::parse(CityInputs(0));
  qingdao["items"]["2.1.3"] = {{"level", "建立未运行"}};
  ASSERT_TRUE(
      store.SubmitInputs(kProvince, 2025, "370200", EvaluationStage::kVerified, qingdao.dump())
          .ok());
  EXPECT_DOUBLE_EQ(store.Results(kAnalyst, 2025, "370000", kPointOnly)->regions[1].total, 82);
  EXPECT_EQ(AuditCount(t->db(), "stats.evaluation_inputs.submit"), 6);
}

TEST_P(EvaluationStoreTest, WhoMaySubmitWhatAndWhoMayRead) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  EvaluationStore store(t->db(), audit_, clock_);
  ASSERT_TRUE(store.AddRules(kAdmin, Testdata("rules.json")).ok());
  const std::string inputs = CityInputs(1);
  // A city does not verify itself, and the province does not self-assess for a city.
  EXPECT_EQ(store.SubmitInputs(kJinan, 2025, "370100", EvaluationStage::kVerified, inputs).field(),
            "stage");
  EXPECT_EQ(store.SubmitInputs(kProvince, 2025, "370100", EvaluationStage::kSelf, inputs).field(),
            "stage");
  // A county reaches neither its city nor another city.
  EXPECT_EQ(store.SubmitInputs(kLixia, 2025, "370100", EvaluationStage::kVerified, inputs).code(),
            StatusCode::kNotFound);
  // The city verifies its counties.
  EXPECT_TRUE(store.SubmitInputs(kJinan, 2025, "370102", EvaluationStage::kVerified, inputs).ok());
  EXPECT_EQ(store
                .SubmitInputs(Someone(auth::Role::kAnalyst, "370000"), 2025, "370100",
                              EvaluationStage::kVerified, inputs)
                .code(),
            StatusCode::kPermissionDenied);
  // Vetoes belong to the verification.
  EXPECT_EQ(store
                .SubmitInputs(kJinan, 2025, "370100", EvaluationStage::kSelf,
                              R"({"items": {}, "vetoes": ["regional_incident"]})")
                .field(),
            "vetoes");
  // Inputs checked against the rule set, fields named as the submission names them.
  EXPECT_EQ(store
                .SubmitInputs(kProvince, 2025, "370100", EvaluationStage::kVerified,
                              R"({"items": {"2.1.1": {"level": "有"}}})")
                .field(),
            "items.2.1.1.level");
  EXPECT_EQ(store
                .SubmitInputs(kProvince, 2025, "370100", EvaluationStage::kVerified,
                              R"({"items": {"1.1": {"actual": "93"}}})")
                .field(),
            "items.1.1.actual");
  EXPECT_EQ(
      store.SubmitInputs(kProvince, 2025, "37010X", EvaluationStage::kVerified, inputs).code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      store.SubmitInputs(kProvince, 1999, "370100", EvaluationStage::kVerified, inputs).field(),
      "year");
  // Reading: officials who may read the assessing region; a county has no regions below it.
  EXPECT_TRUE(store.Results(kJinan, 2025, "370100", kPointOnly).ok());
  EXPECT_EQ(store.Results(kJinan, 2025, "370100", kPointOnly)->regions.size(), 1u);
  EXPECT_EQ(store.Results(kLixia, 2025, "370100", kPointOnly).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store.Results(kLixia, 2025, "370102", kPointOnly).status().field(), "region");
  EXPECT_EQ(store.Results(Someone(auth::Role::kPublic), 2025, "370000", kPointOnly).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store.Results(kAnalyst, 2025, "3700", {}).status().field(), "region");
  // Nothing refused was stored: the one county's verification alone.
  auto tx = t->db().Begin(store::TxMode::kReadOnly);
  EXPECT_EQ((*tx)->Query("SELECT COUNT(*) FROM stats_evaluation_inputs")->rows[0].GetInt(0), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, EvaluationStoreTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq::stats
