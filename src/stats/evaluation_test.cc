// 质量工作考核 (evaluation.h): every rule type, groups capped, bonus capped, the veto, ranks, the
// July–June year, and the checks of rule sets and scores. The figures are worked by hand in the
// comments; testdata/evaluation/ holds the rule set and scores of the worked example.
#include "stats/evaluation.h"

#include <gtest/gtest.h>

#include "core/calendar.h"
#include "core/testing/files.h"

namespace zq::stats {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

std::string ReadTestdata(const std::string& name) {
  return testing_files::TestFileText("src/stats/testdata/evaluation/" + name);
}

EvaluationRules ExampleRules() {
  auto rules = ParseEvaluationRules(ReadTestdata("rules.json"));
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  return rules.ok() ? *rules : EvaluationRules{};
}

EvaluationScores ExampleScores() {
  auto scores = ParseEvaluationScores(ReadTestdata("scores.json"));
  EXPECT_TRUE(scores.ok()) << scores.status().message();
  return scores.ok() ? *scores : EvaluationScores{};
}

const ItemScore& ItemOf(const RegionEvaluation& e, const std::string& code) {
  for (const ItemScore& s : e.items) {
    if (s.code == code)
      return s;
  }
  ADD_FAILURE() << "no item " << code;
  static const ItemScore kNone;
  return kNone;
}

TEST(AssessmentYearTest, RunsFromTheFirstOfJulyToTheThirtiethOfJune) {
  const AssessmentYear before = AssessmentYearOf(year_month_day{year{2026}, month{6}, day{30}});
  EXPECT_EQ(before.starts_in, 2025);
  EXPECT_EQ(DayText(before.first_day), "2025-07-01");
  EXPECT_EQ(DayText(before.last_day), "2026-06-30");
  const AssessmentYear after = AssessmentYearOf(year_month_day{year{2026}, month{7}, day{1}});
  EXPECT_EQ(after.starts_in, 2026);
  EXPECT_EQ(DayText(after.last_day), "2027-06-30");
  EXPECT_EQ(AssessmentYearOf(year_month_day{year{2026}, month{1}, day{1}}).starts_in, 2025);
  EXPECT_EQ(AssessmentYearStarting(2025)->first_day, before.first_day);
  EXPECT_EQ(AssessmentYearStarting(1999).status().field(), "year");
  // A rule set applies from the year that begins on or after its date.
  const EvaluationRules rules = ExampleRules();  // effective from 2025-07-01
  EXPECT_TRUE(RulesApplyTo(rules, *AssessmentYearStarting(2025)).ok());
  EXPECT_TRUE(RulesApplyTo(rules, *AssessmentYearStarting(2026)).ok());
  EXPECT_EQ(RulesApplyTo(rules, *AssessmentYearStarting(2024)).field(), "year");
}

TEST(EvaluationTest, TheWorkedExampleByHand) {
  const EvaluationScores scores = ExampleScores();
  EXPECT_EQ(scores.year.starts_in, 2025);
  const auto result = Evaluate(ExampleRules(), scores.regions);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->size(), 3u);
  const RegionEvaluation& qingdao = (*result)[0];
  const RegionEvaluation& jinan = (*result)[1];
  const RegionEvaluation& zibo = (*result)[2];

  // 济南: 1.1 linear, 20 × (93 − 90) / (94 − 90) = 15; 1.2 a loss rate 0.25 above its target
  // of 2.0 is 2.5 steps of 0.1, a started step counts whole: 10 − 3 × 1 = 7; 1.3 pro rata,
  // 0.8 short is 8 steps × 0.5: 10 − 4 = 6. Group 1: 28.
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "1.1").points, 15);
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "1.2").points, 7);
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "1.3").points, 6);
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "1").points, 28);
  // 2.1: 纳入部门规划 5 + one policy missing 10 − 2 = 8 + 10 = 23; 2.2: 20 + 15 = 35 capped at
  // 30. Group 2: 53. Base 28 + 53 = 81.
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "2.1.1").points, 5);
  EXPECT_EQ(ItemOf(jinan, "2.1.1").basis, "纳入部门规划");
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "2.1.2").points, 8);
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "2.1").points, 23);
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "2.2").points, 30);
  EXPECT_EQ(ItemOf(jinan, "2.2").basis, "小计 35，封顶 30");
  EXPECT_DOUBLE_EQ(jinan.base_points, 81);
  // Bonus: 提名 2 + 主导 3 = 5 (the group's own 5), then the rule set's cap of 3.
  EXPECT_DOUBLE_EQ(ItemOf(jinan, "3").points, 5);
  EXPECT_DOUBLE_EQ(jinan.bonus_points, 3);
  EXPECT_DOUBLE_EQ(jinan.total, 84);
  EXPECT_EQ(jinan.grade.grade, "B");
  EXPECT_DOUBLE_EQ(jinan.grade.above_cut, 4);
  EXPECT_DOUBLE_EQ(*jinan.grade.to_next_band, 6);
  EXPECT_TRUE(jinan.unscored.empty());
  // The self-assessment claims 1.1 met (94.5: 20) and planning at the higher level (10):
  // 33 + 28 + 30 + 3 = 94, shown beside the verified 84.
  ASSERT_TRUE(jinan.self_total.has_value());
  EXPECT_DOUBLE_EQ(*jinan.self_total, 94);
  EXPECT_DOUBLE_EQ(*ItemOf(jinan, "1.1").self_points, 20);
  EXPECT_DOUBLE_EQ(*ItemOf(jinan, "2.1.1").self_points, 10);

  // 青岛: every target met, 40; 2.1: 10 + seven policies missing (10 − 14, floored at 0) + 2.1.3
  // not scored = 10; 2.2: 15 + 10 = 25; base 75; bonus 获奖 5 capped at 3: 78, grade C, 2 short
  // of B. The items without an input are listed.
  EXPECT_DOUBLE_EQ(ItemOf(qingdao, "1").points, 40);
  EXPECT_DOUBLE_EQ(ItemOf(qingdao, "2.1.2").points, 0);
  EXPECT_FALSE(ItemOf(qingdao, "2.1.3").scored);
  EXPECT_DOUBLE_EQ(ItemOf(qingdao, "2").points, 35);
  EXPECT_DOUBLE_EQ(qingdao.total, 78);
  EXPECT_EQ(qingdao.grade.grade, "C");
  EXPECT_DOUBLE_EQ(*qingdao.grade.to_next_band, 2);
  EXPECT_EQ(qingdao.unscored, (std::vector<std::string>{"2.1.3", "3.2"}));
  EXPECT_FALSE(qingdao.self_total.has_value());

  // 淄博: full marks, 100 + 3 = 103, but a regional incident: grade D with its points kept.
  EXPECT_DOUBLE_EQ(zibo.total, 103);
  EXPECT_TRUE(zibo.grade.vetoed);
  EXPECT_EQ(zibo.grade.grade, "D");
  EXPECT_EQ(zibo.vetoes, (std::vector<std::string>{"regional_incident"}));

  // Ranked by grade, then points: 济南 (B), 青岛 (C), 淄博 (D, vetoed, the most points).
  EXPECT_EQ(jinan.rank, 1);
  EXPECT_EQ(qingdao.rank, 2);
  EXPECT_EQ(zibo.rank, 3);
}

TEST(EvaluationTest, EqualGradeAndPointsShareTheBetterRank) {
  EvaluationScores scores = ExampleScores();
  RegionInput twin = scores.regions[1];  // 济南's inputs under another code
  twin.code = "370400";
  twin.name = "枣庄市";
  scores.regions.push_back(twin);
  const auto result = Evaluate(ExampleRules(), scores.regions);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ((*result)[1].rank, 1);
  EXPECT_EQ((*result)[3].rank, 1);
  EXPECT_EQ((*result)[0].rank, 3);  // 青岛
  EXPECT_EQ((*result)[2].rank, 4);  // 淄博
}

// One leaf of the example scored with `input`.
double PointsOf(const std::string& code, const ItemInput& input) {
  RegionInput region;
  region.code = "370100";
  region.verified[code] = input;
  const auto result = Evaluate(ExampleRules(), {region});
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? ItemOf(result->front(), code).points : -1;
}

ItemInput Actual(double v) {
  ItemInput in;
  in.actual = v;
  return in;
}

TEST(EvaluationTest, TargetRulesAtTheirEdges) {
  // Linear: at the baseline nothing, below it nothing, halfway half, beyond the target full.
  EXPECT_DOUBLE_EQ(PointsOf("1.1", Actual(90)), 0);
  EXPECT_DOUBLE_EQ(PointsOf("1.1", Actual(85)), 0);
  EXPECT_DOUBLE_EQ(PointsOf("1.1", Actual(92)), 10);
  EXPECT_DOUBLE_EQ(PointsOf("1.1", Actual(99.9)), 20);
  // Deduction, lower is better (target 2.0, 1 point a started 0.1): 2.2 is two steps, not three
  // (0.2 / 0.1 is a little over 2 in binary); 2.05 is a started step; 2.0 meets the target;
  // far over it floors at 0.
  EXPECT_DOUBLE_EQ(PointsOf("1.2", Actual(2.2)), 8);
  EXPECT_DOUBLE_EQ(PointsOf("1.2", Actual(2.05)), 9);
  EXPECT_DOUBLE_EQ(PointsOf("1.2", Actual(2.0)), 10);
  EXPECT_DOUBLE_EQ(PointsOf("1.2", Actual(9)), 0);
  // Pro rata (target 95, 0.5 a 0.1): 94.85 is 1.5 steps, 0.75 points off.
  EXPECT_DOUBLE_EQ(PointsOf("1.3", Actual(94.85)), 9.25);
  // Per missing part, 2 each: three missing 4, five or more 0.
  ItemInput missing;
  missing.missing = 3;
  EXPECT_DOUBLE_EQ(PointsOf("2.1.2", missing), 4);
  missing.missing = 6;
  EXPECT_DOUBLE_EQ(PointsOf("2.1.2", missing), 0);
}

TEST(EvaluationTest, TheCutPointsAreInclusive) {
  // 90 exactly is A; 89.5 is B, 0.5 short of A.
  EvaluationRules rules = ExampleRules();
  RegionInput region;
  region.code = "370100";
  for (const char* code : {"1.1", "1.2", "1.3"}) region.verified[code] = Actual(100);
  region.verified["1.2"] = Actual(0);  // a loss rate of 0 meets its target
  ItemInput level;
  level.level = "纳入国民经济社会发展规划";
  region.verified["2.1.1"] = level;
  level.level = "建立并运行";
  region.verified["2.1.3"] = level;
  ItemInput none;
  none.missing = 0;
  region.verified["2.1.2"] = none;
  region.verified["2.2.1"] = none;  // 40 + 30 + 20 = 90
  auto result = Evaluate(rules, {region});
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_DOUBLE_EQ(result->front().total, 90);
  EXPECT_EQ(result->front().grade.grade, "A");
  region.verified["1.3"] = Actual(94.9);  // pro rata: one step, 0.5 off
  result = Evaluate(rules, {region});
  EXPECT_DOUBLE_EQ(result->front().total, 89.5);
  EXPECT_EQ(result->front().grade.grade, "B");
  EXPECT_DOUBLE_EQ(*result->front().grade.to_next_band, 0.5);
}

// The example's rule set as JSON text with `from` replaced by `to` (once).
std::string RulesWith(const std::string& from, const std::string& to) {
  std::string text = ReadTestdata("rules.json");
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return at == std::string::npos ? text : text.replace(at, from.size(), to);
}

std::string RuleErrorField(const std::string& from, const std::string& to) {
  const auto rules = ParseEvaluationRules(RulesWith(from, to));
  EXPECT_FALSE(rules.ok()) << "accepted with " << to;
  return rules.ok() ? "" : rules.status().field();
}

TEST(EvaluationRulesTest, EachFaultNamesItsField) {
  EXPECT_EQ(RuleErrorField("\"version\": \"2025\"", "\"version\": \"\""), "version");
  EXPECT_EQ(
      RuleErrorField("\"effective_from\": \"2025-07-01\"", "\"effective_from\": \"2025-13-01\""),
      "effective_from");
  // 质量目标 at 39 makes the level-1 items 99 points.
  EXPECT_EQ(RuleErrorField("\"name\": \"质量目标\", \"points\": 40",
                           "\"name\": \"质量目标\", \"points\": 39"),
            "items");
  EXPECT_EQ(RuleErrorField("\"name\": \"质量安全监管\", \"points\": 30",
                           "\"name\": \"质量安全监管\", \"points\": 36"),
            "items[9].points");  // its sub-items add up to 35, less than 36
  EXPECT_EQ(RuleErrorField("\"code\": \"1.2\", \"parent\": \"1\"",
                           "\"code\": \"1.1\", \"parent\": \"1\""),
            "items[2].code");
  EXPECT_EQ(RuleErrorField("\"parent\": \"2.1\", \"name\": \"将质量发展目标纳入规划\"",
                           "\"parent\": \"9\", \"name\": \"将质量发展目标纳入规划\""),
            "items[6].parent");
  EXPECT_EQ(RuleErrorField("\"rule\": \"per_missing\",\n     \"deduction\": 2",
                           "\"rule\": \"per_missing\",\n     \"deduction\": 0"),
            "items[7].deduction");
  EXPECT_EQ(RuleErrorField("\"target\": 94, \"baseline\": 90", "\"target\": 94, \"baseline\": 96"),
            "items[1].baseline");
  EXPECT_EQ(RuleErrorField("{\"label\": \"纳入部门规划\", \"points\": 5}",
                           "{\"label\": \"纳入部门规划\", \"points\": 11}"),
            "items[6].levels[1].points");
  EXPECT_EQ(RuleErrorField("\"rule\": \"levels\",\n     \"levels\": [{\"label\": \"纳入国民",
                           "\"rule\": \"grades\",\n     \"levels\": [{\"label\": \"纳入国民"),
            "items[6].rule");
  EXPECT_EQ(RuleErrorField(
                "{\"code\": \"2\", \"name\": \"质量措施\", \"points\": 60}",
                "{\"code\": \"2\", \"name\": \"质量措施\", \"points\": 60, \"rule\": \"levels\"}"),
            "items[4].rule");  // a group takes no rule
  EXPECT_EQ(RuleErrorField("\"name\": \"风险监测\", \"points\": 20, \"rule\": \"per_missing\",",
                           "\"name\": \"风险监测\", \"points\": 20,"),
            "items[10].rule");  // a leaf needs one
  EXPECT_EQ(RuleErrorField("{\"code\": \"3.1\", \"parent\": \"3\",",
                           "{\"code\": \"3.1\", \"parent\": \"3\", \"bonus\": true,"),
            "items[13].bonus");
  EXPECT_EQ(RuleErrorField("\"bonus_cap\": 3", "\"bonus_cap\": 3, \"colour\": 1"), "colour");
  EXPECT_EQ(
      RuleErrorField("{\"grade\": \"B\", \"minimum\": 80}", "{\"grade\": \"B\", \"minimum\": 95}"),
      "bands");
  EXPECT_EQ(ParseEvaluationRules("[1]").status().field(), "rules");
}

TEST(EvaluationRulesTest, NoMoreThanThreeLevels) {
  EvaluationRules rules = ExampleRules();
  EvaluationItem deep;
  deep.code = "2.1.1.1";
  deep.parent = "2.1.1";
  deep.points = 10;
  deep.rule = ScoringRule::kPerMissing;
  deep.deduction = 1;
  rules.items[6].rule.reset();  // 2.1.1 becomes a group
  rules.items[6].levels.clear();
  rules.items.insert(rules.items.begin() + 7, deep);
  const Status status = ValidateRules(rules);
  EXPECT_EQ(status.field(), "items[7].parent");
  EXPECT_NE(status.message().find("three levels"), std::string::npos);
}

Status ScoresError(const std::string& scores_json) {
  const auto scores = ParseEvaluationScores(scores_json);
  if (!scores.ok())
    return scores.status();
  const auto result = Evaluate(ExampleRules(), scores->regions);
  return result.ok() ? Status() : result.status();
}

TEST(EvaluationScoresTest, EachFaultNamesItsField) {
  const std::string head = "{\"year\": 2025, \"regions\": [{\"code\": \"370100\", ";
  EXPECT_EQ(ScoresError(head + "\"items\": {\"9.9\": {\"missing\": 1}}}]}").field(),
            "regions[0].items.9.9");
  EXPECT_EQ(ScoresError(head + "\"items\": {\"2.1\": {\"missing\": 1}}}]}").field(),
            "regions[0].items.2.1");  // a group is not scored
  const Status level = ScoresError(head + "\"items\": {\"2.1.1\": {\"level\": \"有\"}}}]}");
  EXPECT_EQ(level.field(), "regions[0].items.2.1.1.level");
  EXPECT_NE(level.message().find("纳入部门规划"), std::string::npos) << level.message();
  EXPECT_EQ(ScoresError(head + "\"items\": {\"2.1.2\": {\"missing\": -1}}}]}").field(),
            "regions[0].items.2.1.2.missing");
  EXPECT_EQ(ScoresError(head + "\"items\": {\"2.1.2\": {\"actual\": 3}}}]}").field(),
            "regions[0].items.2.1.2.missing");
  EXPECT_EQ(ScoresError(head + "\"items\": {\"1.1\": {\"actual\": \"93\"}}}]}").field(),
            "regions[0].items.1.1.actual");
  EXPECT_EQ(ScoresError(head + "\"self\": {\"1.1\": {\"level\": \"x\"}}}]}").field(),
            "regions[0].self.1.1.actual");
  EXPECT_EQ(ScoresError(head + "\"vetoes\": [\"fire\"]}]}").field(), "regions[0].vetoes");
  EXPECT_EQ(ScoresError("{\"year\": 2025, \"regions\": [{\"code\": \"370100\"}, {\"code\": "
                        "\"370100\"}]}")
                .field(),
            "regions[1].code");
  EXPECT_EQ(ScoresError("{\"year\": 1900, \"regions\": [{\"code\": \"370100\"}]}").field(), "year");
  EXPECT_EQ(ScoresError("{\"regions\": [{\"code\": \"370100\"}]}").field(), "year");
  EXPECT_EQ(ScoresError("{\"year\": 2025, \"regions\": []}").field(), "regions");
  EXPECT_EQ(ScoresError("{\"year\": 2025").field(), "scores");
}

TEST(EvaluationUncertaintyTest, WithoutStandardErrorsEveryReplicationIsThePointResult) {
  const EvaluationScores scores = ExampleScores();
  const auto u =
      EvaluationUncertainty(ExampleRules(), scores.regions, {.replications = 50, .seed = 3});
  ASSERT_TRUE(u.ok()) << u.status().message();
  const RegionUncertainty& jinan = (*u)[1];
  EXPECT_EQ(jinan.code, "370100");
  EXPECT_EQ(jinan.rank_low, 1);
  EXPECT_EQ(jinan.rank_high, 1);
  EXPECT_DOUBLE_EQ(jinan.total_low, 84);
  EXPECT_DOUBLE_EQ(jinan.total_high, 84);
  EXPECT_DOUBLE_EQ(jinan.grade_share.at("B"), 1);
}

TEST(EvaluationUncertaintyTest, SharesFollowTheNormalDistribution) {
  // 济南's total is 69 + the points of 1.1, 20 · clamp((X − 90) / 4, 0, 1), with X ~ N(93, 1)
  // once its actual value carries a standard error of 1. Grade B (≥ 80) needs X ≥ 92.2:
  // P = Φ(0.8) = 0.788145. Above 青岛's 78 (rank 1) needs X > 91.8: P = Φ(1.2) = 0.884930, so
  // rank 2 has 11.5 % and is the 95th percentile. The total's 5th percentile is at
  // X = 93 − 1.644854: 69 + 5 · 1.355146 = 75.7757; its 95th at X = 94.64 ≥ 94: 89.
  EvaluationScores scores = ExampleScores();
  scores.regions[1].verified["1.1"].standard_error = 1;
  const EvaluationUncertaintyOptions options{.replications = 3000, .seed = 7};
  const auto u = EvaluationUncertainty(ExampleRules(), scores.regions, options);
  ASSERT_TRUE(u.ok()) << u.status().message();
  const RegionUncertainty& jinan = (*u)[1];
  // About five standard errors of a share from 3,000 draws: 5 · √(0.79 · 0.21 / 3,000) ≈ 0.037.
  EXPECT_NEAR(jinan.grade_share.at("B"), 0.788145, 0.04);
  EXPECT_NEAR(jinan.grade_share.at("C"), 0.211855, 0.04);
  EXPECT_EQ(jinan.rank_median, 1);
  EXPECT_EQ(jinan.rank_low, 1);
  EXPECT_EQ(jinan.rank_high, 2);
  // The 5th percentile of X from 3,000 draws has a standard error of about 0.039, 0.19 points.
  EXPECT_NEAR(jinan.total_low, 75.7757, 0.8);
  EXPECT_DOUBLE_EQ(jinan.total_high, 89);
  const RegionUncertainty& qingdao = (*u)[0];
  EXPECT_EQ(qingdao.rank_median, 2);
  EXPECT_EQ(qingdao.rank_low, 1);
  EXPECT_EQ(qingdao.rank_high, 2);
  EXPECT_DOUBLE_EQ(qingdao.total_low, 78);  // its own inputs carry no error
  EXPECT_EQ((*u)[2].rank_low, 3);           // 淄博, vetoed, always last
  // The same seed gives the same intervals.
  const auto again = EvaluationUncertainty(ExampleRules(), scores.regions, options);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)[1].grade_share, jinan.grade_share);
  EXPECT_DOUBLE_EQ((*again)[1].total_low, jinan.total_low);
}

TEST(EvaluationUncertaintyTest, RefusesWhatItCannotDraw) {
  EvaluationScores scores = ExampleScores();
  EXPECT_EQ(
      EvaluationUncertainty(ExampleRules(), scores.regions, {.replications = 0}).status().field(),
      "replications");
  scores.regions[1].verified["2.1.1"].standard_error = 1;  // a level has no standard error
  EXPECT_EQ(Evaluate(ExampleRules(), scores.regions).status().field(),
            "regions[1].items.2.1.1.standard_error");
  scores = ExampleScores();
  scores.regions[1].verified["1.1"].standard_error = -1;
  EXPECT_EQ(Evaluate(ExampleRules(), scores.regions).status().field(),
            "regions[1].items.1.1.standard_error");
}

}  // namespace
}  // namespace zq::stats
