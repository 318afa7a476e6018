// Ending events in scoring (docs/credit-rules.md, "Ending events"): an ended event counts for
// nothing from the ending event's date on, and the snapshot hash of events without ends_event is
// the one stored before the field existed.
#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "credit/event_catalogue.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

const RuleSet& BuiltinRules() { return RuleSet::Builtin().front(); }

std::int32_t DayOf(std::string_view iso) { return *DayNumber(iso); }

ScoringEvent EndingEvent(std::int64_t id, std::string_view type, std::string_view occurred_on,
                         std::int64_t ends = 0) {
  const EventType t = *EventCatalogue::Builtin().Find(type, occurred_on);
  const std::int32_t day = DayOf(occurred_on);
  return {id, type, day, t.display_months == 0 ? kNoExpiry : AddMonths(day, t.display_months),
          ends};
}

TEST(CreditEnding, AWithdrawnPenaltyStopsCountingOnTheWithdrawalDate) {
  const std::vector<ScoringEvent> e = {EndingEvent(1, "penalty.ordinary", "2026-06-01"),
                                       EndingEvent(2, "record.withdrawn", "2026-09-01", 1)};
  // Before the withdrawal: 80 − 10 = 70 → B; the ending event itself is not scored.
  const Assessment before = Assess(BuiltinRules(), e, DayOf("2026-08-31"), Explain::kYes);
  EXPECT_EQ(before.risk_score, 70);
  EXPECT_EQ(before.contributions.at(0).note, "");
  EXPECT_EQ(before.contributions.at(1).note, "future");
  // From the withdrawal on: the penalty is ended, explained with the ending event.
  const Assessment after = Assess(BuiltinRules(), e, DayOf("2026-09-01"), Explain::kYes);
  EXPECT_EQ(after.risk_score, 80);
  EXPECT_EQ(after.contributions.at(0).note, "ended");
  EXPECT_EQ(after.contributions.at(0).ended_by, 2);
  EXPECT_EQ(after.contributions.at(0).risk_points, 0);
  EXPECT_EQ(after.contributions.at(1).note, "not_scored");
  EXPECT_EQ(after.contributions.at(1).ended_by, 0);
}

TEST(CreditEnding, ARepairedListingLiftsTheVeto) {
  const std::vector<ScoringEvent> e = {EndingEvent(1, "list.serious.added", "2025-01-10"),
                                       EndingEvent(2, "record.repaired", "2026-02-01", 1)};
  const Assessment listed = Assess(BuiltinRules(), e, DayOf("2026-01-31"));
  EXPECT_TRUE(listed.serious_listed);
  EXPECT_EQ(listed.risk_class, "D");
  const Assessment repaired = Assess(BuiltinRules(), e, DayOf("2026-02-01"));
  EXPECT_FALSE(repaired.serious_listed);
  EXPECT_TRUE(repaired.vetoes.empty());
  EXPECT_EQ(repaired.risk_class, "B");  // base 80, nothing else
}

TEST(CreditEnding, SnapshotLinesGainTheLinkOnlyWhenSet) {
  // The text hashed before ends_event existed: "id|type|occurred|display_until\n".
  const std::vector<ScoringEvent> old = {EndingEvent(1, "penalty.ordinary", "2026-06-01"),
                                         EndingEvent(2, "list.abnormal.added", "2026-07-01")};
  const std::string old_text = "1|penalty.ordinary|" + std::to_string(DayOf("2026-06-01")) + "|" +
                               std::to_string(DayOf("2029-06-01")) + "\n2|list.abnormal.added|" +
                               std::to_string(DayOf("2026-07-01")) + "|2147483647\n";
  EXPECT_EQ(SnapshotHash(old), auth::ToHex(auth::Sm3(old_text)));
  std::vector<ScoringEvent> ended = old;
  ended.push_back(EndingEvent(3, "record.withdrawn", "2026-08-01", 1));
  const std::string ended_text =
      old_text + "3|record.withdrawn|" + std::to_string(DayOf("2026-08-01")) + "|2147483647|1\n";
  EXPECT_EQ(SnapshotHash(ended), auth::ToHex(auth::Sm3(ended_text)));
}

}  // namespace
}  // namespace zq::credit
