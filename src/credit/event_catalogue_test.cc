#include "credit/event_catalogue.h"

#include <set>

#include <gtest/gtest.h>

#include "credit/internal/status_is.h"
#include "credit/rule_set.h"

namespace zq::credit {
namespace {

using testing::StatusIs;

TEST(EventCatalogue, BuiltinCoversEveryKindTheIssueNames) {
  const EventCatalogue& c = EventCatalogue::Builtin();
  for (const char* code :
       {"penalty.minor", "penalty.ordinary", "penalty.heavy", "spot_check.failed",
        "spot_check.passed", "complaint.upheld", "recall.ordered", "incident.quality",
        "list.abnormal.added", "list.serious.added", "certification.granted", "award.quality",
        "award.brand", "tax.grade_a", "tax.grade_b", "tax.grade_m", "tax.grade_c", "tax.grade_d",
        "court.judgement"}) {
    EXPECT_TRUE(c.Find(code, "2026-11-24").ok()) << code;
  }
}

TEST(EventCatalogue, EveryTypeIsScoredByEveryShippedRuleSet) {
  // Ending events carry no points: they end another event's (scoring.h), under every version.
  for (const RuleSet& rules : RuleSet::Builtin()) {
    for (const EventType& t : EventCatalogue::Builtin().entries()) {
      if (IsEndingType(t.code)) {
        EXPECT_EQ(rules.Find(t.code), nullptr) << rules.version() << " scores " << t.code;
        continue;
      }
      EXPECT_NE(rules.Find(t.code), nullptr) << rules.version() << " lacks " << t.code;
    }
  }
}

TEST(EventCatalogue, EndingTypesAreListingStatesWithoutPeriod) {
  for (const char* code : {"record.withdrawn", "record.repaired"}) {
    const Result<EventType> t = EventCatalogue::Builtin().Find(code, "2026-11-24");
    ASSERT_TRUE(t.ok()) << code;
    EXPECT_TRUE(IsEndingType(code));
    EXPECT_EQ(t->sign, 0);
    EXPECT_EQ(t->display_months, 0);
  }
  EXPECT_FALSE(IsEndingType("list.serious.removed"));
}

TEST(EventCatalogue, PenaltyDisplayPeriodsFollowOrder45) {
  // 总局令第45号 Art. 13: 3 months for a minor penalty, 3 years otherwise.
  EXPECT_EQ(EventCatalogue::Builtin().Find("penalty.minor", "2026-01-01")->display_months, 3);
  EXPECT_EQ(EventCatalogue::Builtin().Find("penalty.ordinary", "2026-01-01")->display_months, 36);
}

TEST(EventCatalogue, TheEntryInForceOnTheDateApplies) {
  const Result<EventCatalogue> c = EventCatalogue::Parse(R"({"event_types": [
    {"code": "x", "name_zh": "甲", "source_department": "tax", "sign": -1, "default_severity": 1,
     "display_months": 12, "dimension": "d", "legal_basis": "b", "effective_from": "2020-01-01"},
    {"code": "x", "name_zh": "甲", "source_department": "tax", "sign": -1, "default_severity": 1,
     "display_months": 24, "dimension": "d", "legal_basis": "b", "effective_from": "2025-01-01"}]})");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->Find("x", "2024-12-31")->display_months, 12);
  EXPECT_EQ(c->Find("x", "2025-01-01")->display_months, 24);
  EXPECT_THAT(c->Find("x", "2019-12-31").status(),
              StatusIs(StatusCode::kInvalidArgument, "event_type"));
  EXPECT_THAT(c->Find("y", "2025-01-01").status(),
              StatusIs(StatusCode::kInvalidArgument, "event_type"));
}

TEST(EventCatalogue, MalformedEntriesNameTheirField) {
  EXPECT_THAT(EventCatalogue::Parse(R"({"event_types": [{"code": "x"}]})").status(),
              StatusIs(StatusCode::kInvalidArgument, "event_types[0].name_zh"));
  EXPECT_THAT(EventCatalogue::Parse(R"({"event_types": [
    {"code": "x", "name_zh": "甲", "source_department": "tax", "sign": 2, "default_severity": 1,
     "display_months": 12, "dimension": "d", "legal_basis": "b", "effective_from": "2020-01-01"}]})")
                  .status(),
              StatusIs(StatusCode::kInvalidArgument, "event_types[0].sign"));
}

}  // namespace
}  // namespace zq::credit
