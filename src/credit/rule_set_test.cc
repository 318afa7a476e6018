#include "credit/rule_set.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "credit/internal/rule_set_testing.h"
#include "credit/internal/status_is.h"

namespace zq::credit {
namespace {

using testing::ShippedRuleSet;
using testing::StatusIs;

nlohmann::json Shipped() { return nlohmann::json::parse(RuleSet::Builtin().front().text()); }

Status ParseEdited(const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json doc = Shipped();
  edit(doc);
  return RuleSet::Parse(doc.dump()).status();
}

TEST(RuleSet, ShippedVersionParsesAndItsStoredTextReparsesToTheSameHash) {
  ASSERT_FALSE(RuleSet::Builtin().empty());
  const RuleSet& r = RuleSet::Builtin().front();
  EXPECT_EQ(r.version(), "zq-credit-2026.1");
  const Result<RuleSet> again = RuleSet::Parse(r.text());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->hash(), r.hash());
  EXPECT_EQ(r.risk_axis().labels, (std::vector<std::string>{"A", "B", "C", "D"}));
  EXPECT_EQ(r.grade_axis().labels, (std::vector<std::string>{"AAA", "AA", "A", "B", "C", "D"}));
}

TEST(RuleSet, BoundaryToleranceCountsAHairBelowAsOn) {
  // Base 80, a minor penalty three years old (−3 × 0.3), a heavy penalty this year (−25) and a
  // certification three years old (+3 × 0.3): 55 in decimals, 54.99999999999999 in doubles.
  double score = 80;
  for (const double points : {-3 * 0.3, -25.0, 3 * 0.3}) score += points;
  ASSERT_LT(score, 55.0);
  ASSERT_GT(score, 55.0 - 1e-12);
  EXPECT_EQ(ShippedRuleSet("zq-credit-2026.1").risk_axis().LabelFor(score),
            3);  // D: compared exactly
  EXPECT_EQ(ShippedRuleSet("zq-credit-2026.2").risk_axis().LabelFor(score),
            2);  // C: on the boundary
  EXPECT_EQ(ShippedRuleSet("zq-credit-2026.2").grade_axis().LabelFor(score),
            4);  // C on the grade axis
  EXPECT_EQ(ShippedRuleSet("zq-credit-2026.2").risk_axis().LabelFor(55.0 - 1e-6),
            3);  // really below
  EXPECT_EQ(ShippedRuleSet("zq-credit-2026.2").risk_axis().LabelFor(55.0), 2);
  EXPECT_THAT(ParseEdited([](nlohmann::json& d) { d["boundary_tolerance"] = -1e-9; }),
              StatusIs(StatusCode::kInvalidArgument, "boundary_tolerance"));
  EXPECT_THAT(ParseEdited([](nlohmann::json& d) { d["boundary_tolerance"] = "tiny"; }),
              StatusIs(StatusCode::kInvalidArgument, "boundary_tolerance"));
}

TEST(RuleSet, DecayStepsByWholeYears) {
  const RuleSet& r = RuleSet::Builtin().front();
  EXPECT_EQ(r.DecayFactor(0), 1.0);
  EXPECT_EQ(r.DecayFactor(1), 0.6);
  EXPECT_EQ(r.DecayFactor(2), 0.3);
  EXPECT_EQ(r.DecayFactor(3), 0.15);
  EXPECT_EQ(r.DecayFactor(30), 0.15);
}

TEST(RuleSet, ListEventsOpenAndCloseTheirList) {
  const RuleSet& r = RuleSet::Builtin().front();
  EXPECT_EQ(r.Find("list.serious.added")->opens, ListKind::kSerious);
  EXPECT_EQ(r.Find("list.abnormal.removed")->closes, ListKind::kAbnormal);
  EXPECT_EQ(r.Find("no.such.type"), nullptr);
}

TEST(RuleSet, MalformedRuleSetsNameTheirField) {
  EXPECT_THAT(RuleSet::Parse("[]").status(), StatusIs(StatusCode::kInvalidArgument, "rules"));
  EXPECT_THAT(ParseEdited([](auto& d) { d.erase("version"); }),
              StatusIs(StatusCode::kInvalidArgument, "version"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["effective_from"] = "2026-13-01"; }),
              StatusIs(StatusCode::kInvalidArgument, "effective_from"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["decay"][1]["max_age_years"] = 1; }),
              StatusIs(StatusCode::kInvalidArgument, "decay"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["events"]["penalty.minor"]["points"] = "x"; }),
              StatusIs(StatusCode::kInvalidArgument, "events.penalty.minor.points"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["risk_class"]["thresholds"][1]["min"] = 95; }),
              StatusIs(StatusCode::kInvalidArgument, "risk_class.thresholds"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["risk_class"]["thresholds"][0]["label"] = "A+"; }),
              StatusIs(StatusCode::kInvalidArgument, "risk_class.thresholds"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["quality_grade"]["vetoes"][0]["no_better_than"] = "E"; }),
              StatusIs(StatusCode::kInvalidArgument, "quality_grade.vetoes"));
  EXPECT_THAT(ParseEdited([](auto& d) { d["lists"]["grey"] = d["lists"]["abnormal"]; }),
              StatusIs(StatusCode::kInvalidArgument, "lists.grey"));
}

}  // namespace
}  // namespace zq::credit
