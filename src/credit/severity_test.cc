// Severity scaling (zq-credit-2026.2, docs/credit-rules.md §3): worked examples, the snapshot
// line, and the rule-set checks. Each expected value is worked out by hand beside it.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "credit/event_catalogue.h"
#include "credit/internal/rule_set_testing.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using testing::ShippedRuleSet;

std::int32_t SeverityDay(std::string_view iso) { return *DayNumber(iso); }

const RuleSet& Severity() { return ShippedRuleSet("zq-credit-2026.2"); }

const std::int32_t kAsOf = SeverityDay("2027-01-04");

ScoringEvent Ev(std::int64_t id, std::string_view type, std::string_view occurred_on,
                int severity) {
  const EventType t = *EventCatalogue::Builtin().Find(type, occurred_on);
  ScoringEvent e;
  e.id = id;
  e.type = type;
  e.occurred = SeverityDay(occurred_on);
  e.display_until = t.display_months == 0 ? kNoExpiry : AddMonths(e.occurred, t.display_months);
  e.severity = severity;
  return e;
}

Assessment One(const RuleSet& rules, std::string_view type, std::string_view occurred_on,
               int severity) {
  const std::vector<ScoringEvent> e = {Ev(1, type, occurred_on, severity)};
  return Assess(rules, e, kAsOf, Explain::kYes);
}

TEST(CreditSeverity, TheSeverityVersionIsInForceFrom2027) {
  EXPECT_FALSE(ShippedRuleSet("zq-credit-2026.1").uses_severity());
  EXPECT_TRUE(Severity().uses_severity());
  EXPECT_EQ(Severity().effective_from(), "2027-01-01");
  EXPECT_EQ(Severity().severity_step(), 0.25);
}

// Ordinary penalty (−10, reference severity 2) of 2026-12-01, as of 2027-01-04 (age 0, decay 1).
TEST(CreditSeverity, PointsScaleAroundTheTypesDefaultSeverity) {
  // Default severity 2: factor 1 + 0.25 × 0 = 1 → 80 − 10 = 70 → B, as under 2026.1.
  Assessment a = One(Severity(), "penalty.ordinary", "2026-12-01", 2);
  EXPECT_EQ(a.risk_score, 70);
  EXPECT_EQ(a.risk_class, "B");
  EXPECT_EQ(
      a.risk_score,
      One(ShippedRuleSet("zq-credit-2026.1"), "penalty.ordinary", "2026-12-01", 2).risk_score);
  // Severity 4: factor 1.5 → −15 → 65 → class C, grade C.
  a = One(Severity(), "penalty.ordinary", "2026-12-01", 4);
  EXPECT_EQ(a.contributions[0].severity_factor, 1.5);
  EXPECT_EQ(a.risk_score, 65);
  EXPECT_EQ(a.risk_class, "C");
  EXPECT_EQ(a.grade, "C");
  // Severity 0: factor 0.5 → −5 → 75 → B. Unknown severity (−1): unscaled → 70.
  EXPECT_EQ(One(Severity(), "penalty.ordinary", "2026-12-01", 0).risk_score, 75);
  EXPECT_EQ(One(Severity(), "penalty.ordinary", "2026-12-01", -1).risk_score, 70);
  // The same event under 2026.1 ignores severity: 70.
  EXPECT_EQ(One(ShippedRuleSet("zq-credit-2026.1"), "penalty.ordinary", "2026-12-01", 4).risk_score,
            70);
}

TEST(CreditSeverity, FactorIsClampedAtZeroAndPositiveEventsAreNotScaled) {
  // Heavy penalty (−25, reference 4): severity 0 → max(0, 1 − 1) = 0 → 80 → B; severity 5 →
  // 1.25 → −31.25 → 48.75 → D.
  EXPECT_EQ(One(Severity(), "penalty.heavy", "2026-12-01", 0).risk_score, 80);
  const Assessment heavy = One(Severity(), "penalty.heavy", "2026-12-01", 5);
  EXPECT_EQ(heavy.risk_score, 48.75);
  EXPECT_EQ(heavy.risk_class, "D");
  // A provincial quality award (+10, honours: risk weight 0.5, grade weight 1) is not scaled:
  // 80 + 5 = 85 → B, grade 90 → AA at any severity.
  for (int severity : {0, 3, 5}) {
    const Assessment award = One(Severity(), "award.quality", "2026-12-01", severity);
    EXPECT_EQ(award.risk_score, 85);
    EXPECT_EQ(award.grade, "AA");
    EXPECT_EQ(award.contributions[0].severity_factor, 1);
  }
}

TEST(CreditSeverity, ScalingCombinesWithDecay) {
  // Ordinary penalty of 2025-12-01, severity 5, as of 2027-01-04: one whole year (decay 0.6),
  // factor 1.75: −10 × 1.75 × 0.6 = −10.5 → 69.5 → C (under 2026.1: −6 → 74 → B).
  const Assessment a = One(Severity(), "penalty.ordinary", "2025-12-01", 5);
  EXPECT_EQ(a.contributions[0].age_years, 1);
  EXPECT_DOUBLE_EQ(a.risk_score, 69.5);
  EXPECT_EQ(a.risk_class, "C");
  EXPECT_EQ(One(ShippedRuleSet("zq-credit-2026.1"), "penalty.ordinary", "2025-12-01", 5).risk_class,
            "B");
}

TEST(CreditSeverity, SnapshotCarriesSeverityOnlyForVersionsThatUseIt) {
  const std::vector<ScoringEvent> e = {Ev(7, "penalty.ordinary", "2026-12-01", 4)};
  const std::string line =
      fmt::format("7|penalty.ordinary|{}|{}", e[0].occurred, e[0].display_until);
  EXPECT_EQ(SnapshotHash(e), auth::ToHex(auth::Sm3(line + "\n")));
  EXPECT_EQ(SnapshotHash(e, SnapshotSeverity::kInclude), auth::ToHex(auth::Sm3(line + "|s4\n")));
  std::vector<ScoringEvent> other = e;
  other[0].severity = 2;
  EXPECT_EQ(SnapshotHash(other), SnapshotHash(e));
  EXPECT_NE(SnapshotHash(other, SnapshotSeverity::kInclude),
            SnapshotHash(e, SnapshotSeverity::kInclude));
  EXPECT_EQ(One(Severity(), "penalty.ordinary", "2026-12-01", 4).snapshot_severity,
            SnapshotSeverity::kInclude);
  EXPECT_EQ(One(ShippedRuleSet("zq-credit-2026.1"), "penalty.ordinary", "2026-12-01", 4)
                .snapshot_severity,
            SnapshotSeverity::kOmit);
}

// The reference severity of every scaled type is the catalogue's default, so that an event
// recorded without a severity scores as under 2026.1; every negative type is scaled.
TEST(CreditSeverity, ReferenceSeveritiesAreTheCatalogueDefaults) {
  int scaled = 0;
  for (const EventType& t : EventCatalogue::Builtin().entries()) {
    const EventRule* r = Severity().Find(t.code);
    if (r == nullptr || r->points >= 0)
      continue;
    EXPECT_EQ(r->reference_severity, t.default_severity) << t.code;
    ++scaled;
  }
  EXPECT_GE(scaled, 12);
}

TEST(CreditSeverity, RuleSetRejectsMalformedSeverity) {
  nlohmann::json doc = nlohmann::json::parse(Severity().text());
  doc["severity"]["step"] = 0;
  EXPECT_EQ(RuleSet::Parse(doc.dump()).status().field(), "severity.step");
  doc.erase("severity");
  EXPECT_EQ(RuleSet::Parse(doc.dump()).status().field(),
            "events.complaint.upheld.reference_severity");
  doc = nlohmann::json::parse(Severity().text());
  doc["events"]["penalty.minor"]["reference_severity"] = 6;
  EXPECT_EQ(RuleSet::Parse(doc.dump()).status().field(), "events.penalty.minor.reference_severity");
}

// The three 1M-bench firms the old SQL baseline classed differently: listed on the abnormal list
// and removed on the same day. List state is the latest list event by date, then id (§3), so the
// order of recording decides; the baseline compared dates only and read a tie as "not listed".
TEST(CreditListState, SameDayListingAndRemovalFollowRecordingOrder) {
  const RuleSet& rules = ShippedRuleSet("zq-credit-2026.1");
  const std::vector<ScoringEvent> removed_last = {Ev(1, "list.abnormal.added", "2026-05-05", 2),
                                                  Ev(2, "list.abnormal.removed", "2026-05-05", 0)};
  const std::vector<ScoringEvent> added_last = {Ev(1, "list.abnormal.removed", "2026-05-05", 0),
                                                Ev(2, "list.abnormal.added", "2026-05-05", 2)};
  EXPECT_FALSE(Assess(rules, removed_last, kAsOf).abnormal_listed);
  EXPECT_EQ(Assess(rules, removed_last, kAsOf).risk_class, "B");
  const Assessment a = Assess(rules, added_last, kAsOf);
  EXPECT_TRUE(a.abnormal_listed);
  EXPECT_EQ(a.risk_score, 80);
  EXPECT_EQ(a.risk_class, "C");  // capped by the abnormal list
}

}  // namespace
}  // namespace zq::credit
