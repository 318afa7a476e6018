#include "credit/scoring.h"

#include <gtest/gtest.h>

#include "credit/event_catalogue.h"

// Worked examples under the shipped rule set zq-credit-2026.1 (docs/credit-rules.md §5): base 80 on
// both axes; risk class A >= 90, B >= 70, C >= 55, else D; grade AAA >= 100, AA >= 90, A >= 80,
// B >= 70, C >= 55, else D. Each expected value is worked out by hand in the comment beside it.
namespace zq::credit {
namespace {

const RuleSet& Rules() { return RuleSet::Builtin().front(); }

std::int32_t Day(std::string_view iso) { return *DayNumber(iso); }

const std::int32_t kToday = Day("2026-11-24");

// An event with the display period of the catalogue entry in force when it occurred.
ScoringEvent Ev(std::int64_t id, std::string_view type, std::string_view occurred_on) {
  const EventType t = *EventCatalogue::Builtin().Find(type, occurred_on);
  const std::int32_t day = Day(occurred_on);
  return {id, type, day, t.display_months == 0 ? kNoExpiry : AddMonths(day, t.display_months)};
}

Assessment At(const std::vector<ScoringEvent>& events, std::int32_t as_of = kToday) {
  return Assess(Rules(), events, as_of, Explain::kYes);
}

TEST(CreditScoring, FirmWithoutEventsIsClassBAndGradeA) {
  const Assessment a = At({});
  EXPECT_EQ(a.risk_score, 80);
  EXPECT_EQ(a.risk_class, "B");
  EXPECT_EQ(a.grade, "A");
}

TEST(CreditScoring, ClassABoundaryIsInclusive) {
  std::vector<ScoringEvent> e = {
      Ev(1, "spot_check.passed", "2026-03-01"), Ev(2, "spot_check.passed", "2026-05-01"),
      Ev(3, "spot_check.passed", "2026-07-01"), Ev(4, "tax.grade_b", "2026-04-01")};
  // 80 + 3×3 (quality ×1) + 1×0.5 (compliance ×0.5) = 89.5 → B
  EXPECT_EQ(At(e).risk_score, 89.5);
  EXPECT_EQ(At(e).risk_class, "B");
  e.push_back(Ev(5, "tax.grade_b", "2026-04-02"));  // + 0.5 = 90 → A
  EXPECT_EQ(At(e).risk_score, 90);
  EXPECT_EQ(At(e).risk_class, "A");
}

TEST(CreditScoring, ClassBAndCBoundaries) {
  std::vector<ScoringEvent> e = {Ev(1, "penalty.ordinary", "2026-06-01")};
  EXPECT_EQ(At(e).risk_class, "B");  // 80 − 10 = 70 → B (inclusive)
  e.push_back(Ev(2, "complaint.upheld", "2026-06-02"));
  EXPECT_EQ(At(e).risk_score, 68);  // − 2 → C
  EXPECT_EQ(At(e).risk_class, "C");
}

TEST(CreditScoring, ClassCAndDBoundaries) {
  std::vector<ScoringEvent> e = {Ev(1, "penalty.heavy", "2026-06-01")};
  EXPECT_EQ(At(e).risk_class, "C");  // 80 − 25 = 55 → C (inclusive)
  e.push_back(Ev(2, "complaint.upheld", "2026-06-02"));
  EXPECT_EQ(At(e).risk_class, "D");  // 53 → D
}

TEST(CreditScoring, GradeBoundariesAndTheTwoAxesDiffer) {
  std::vector<ScoringEvent> e = {Ev(1, "award.quality", "2026-01-10")};
  EXPECT_EQ(At(e).grade, "AA");  // 80 + 10 (honours ×1) = 90 → AA; risk 80 + 5 = 85 → B
  EXPECT_EQ(At(e).risk_class, "B");
  e.push_back(Ev(2, "award.quality", "2026-02-10"));
  EXPECT_EQ(At(e).grade, "AAA");  // 100 → AAA; risk 90 → A
  EXPECT_EQ(At(e).risk_class, "A");
  // One failed spot check: risk 80 − 10 = 70 → B, grade 80 − 10×1.5 = 65 → C.
  const Assessment failed = At({Ev(3, "spot_check.failed", "2026-09-01")});
  EXPECT_EQ(failed.risk_class, "B");
  EXPECT_EQ(failed.grade_score, 65);
  EXPECT_EQ(failed.grade, "C");
}

TEST(CreditScoring, SeriousDishonestyListForcesDUntilRemoved) {
  std::vector<ScoringEvent> e = {Ev(1, "award.quality", "2026-01-10"),
                                 Ev(2, "award.quality", "2026-02-10"),
                                 Ev(3, "list.serious.added", "2026-03-01")};
  Assessment a = At(e);
  EXPECT_TRUE(a.serious_listed);
  EXPECT_EQ(a.risk_class, "D");
  EXPECT_EQ(a.grade, "D");
  EXPECT_EQ(a.risk_score, 90);  // the score itself is unchanged: the veto acts on the class
  ASSERT_EQ(a.vetoes.size(), 2u);
  EXPECT_EQ(a.vetoes[0], "serious: risk_class no better than D");
  e.push_back(Ev(4, "list.serious.removed", "2026-10-01"));
  a = At(e);
  EXPECT_FALSE(a.serious_listed);
  EXPECT_EQ(a.risk_class, "A");
  EXPECT_EQ(a.grade, "AAA");
  // Before the listing, the same events give A; as of the listing day, D.
  EXPECT_EQ(At(e, Day("2026-02-28")).risk_class, "A");
  EXPECT_EQ(At(e, Day("2026-03-01")).risk_class, "D");
}

TEST(CreditScoring, AbnormalListCapsAtCButDoesNotImproveD) {
  const Assessment capped =
      At({Ev(1, "award.quality", "2026-01-10"), Ev(2, "award.quality", "2026-02-10"),
          Ev(3, "list.abnormal.added", "2026-03-01")});
  EXPECT_TRUE(capped.abnormal_listed);
  EXPECT_EQ(capped.risk_class, "C");
  EXPECT_EQ(capped.grade, "C");
  const Assessment worse =
      At({Ev(1, "penalty.heavy", "2026-06-01"), Ev(2, "penalty.ordinary", "2026-06-02"),
          Ev(3, "list.abnormal.added", "2026-03-01")});
  EXPECT_EQ(worse.risk_class, "D");  // 80 − 35 = 45 → D; the cap leaves it D
  EXPECT_TRUE(worse.vetoes.empty());
}

TEST(CreditScoring, PointsDecayByWholeYearsAndExpireAfterTheDisplayPeriod) {
  const std::vector<ScoringEvent> e = {Ev(1, "penalty.ordinary", "2024-06-01")};
  EXPECT_EQ(At(e, Day("2025-05-31")).risk_score, 70);  // age 0: ×1 → 80 − 10
  EXPECT_EQ(At(e, Day("2025-06-01")).risk_score, 74);  // age 1: ×0.6 → 80 − 6
  EXPECT_EQ(At(e, Day("2026-11-24")).risk_score, 77);  // age 2: ×0.3 → 80 − 3
  // Shown for 36 months (总局令第45号 Art. 13): from 2027-06-01 it no longer counts.
  EXPECT_EQ(At(e, Day("2027-05-31")).risk_score, 77);  // age 2, the last day shown
  const Assessment gone = At(e, Day("2027-06-01"));
  EXPECT_EQ(gone.risk_score, 80);
  EXPECT_EQ(gone.contributions.at(0).note, "expired");
  // A minor penalty is shown 3 months only.
  EXPECT_EQ(At({Ev(2, "penalty.minor", "2026-08-24")}).risk_score, 80);
  EXPECT_EQ(At({Ev(2, "penalty.minor", "2026-08-25")}).risk_score, 77);
}

TEST(CreditScoring, ExplanationAddsUpToTheScore) {
  const Assessment a =
      At({Ev(1, "penalty.ordinary", "2025-01-05"), Ev(2, "tax.grade_a", "2026-04-01"),
          Ev(3, "certification.granted", "2024-03-01"), Ev(4, "spot_check.failed", "2027-01-01"),
          ScoringEvent{5, "unknown.kind", Day("2026-01-01")}});
  double risk = Rules().risk_axis().base;
  double grade = Rules().grade_axis().base;
  for (const Contribution& c : a.contributions) {
    risk += c.risk_points;
    grade += c.grade_points;
  }
  EXPECT_DOUBLE_EQ(risk, a.risk_score);
  EXPECT_DOUBLE_EQ(grade, a.grade_score);
  EXPECT_EQ(a.contributions[0].age_years, 1);
  EXPECT_EQ(a.contributions[0].decay, 0.6);
  EXPECT_EQ(a.contributions[0].dimension, "regulatory");
  EXPECT_EQ(a.contributions[3].note, "future");
  EXPECT_EQ(a.contributions[4].note, "not_scored");
}

TEST(CreditScoring, SnapshotHashDependsOnEveryField) {
  const std::vector<ScoringEvent> e = {Ev(1, "penalty.ordinary", "2025-01-05")};
  std::vector<ScoringEvent> f = e;
  f[0].occurred += 1;
  EXPECT_NE(SnapshotHash(e), SnapshotHash(f));
  EXPECT_EQ(SnapshotHash(e), SnapshotHash(std::vector<ScoringEvent>(e)));
  EXPECT_EQ(SnapshotHash(e).size(), 64u);
}

TEST(CreditScoring, MonthArithmeticClampsToTheMonthEnd) {
  EXPECT_EQ(DayText(AddMonths(Day("2026-01-31"), 1)), "2026-02-28");
  EXPECT_EQ(DayText(AddMonths(Day("2024-02-29"), 12)), "2025-02-28");
  EXPECT_EQ(DayText(AddMonths(Day("2026-11-24"), -60)), "2021-11-24");
}

}  // namespace
}  // namespace zq::credit
