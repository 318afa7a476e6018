// The full rescore's batch scorer gives what Assess gives, to the bit, under every shipped rule
// set: random entities with list events tied by date, ending events, future and expired events,
// types no rule set scores, unknown and out-of-range severities, events older than its tables.
#include "credit/internal/batch_scorer.h"

#include <random>

#include <gtest/gtest.h>

namespace zq::credit {
namespace {

constexpr const char* kTypes[] = {"penalty.minor",
                                  "penalty.ordinary",
                                  "penalty.heavy",
                                  "spot_check.failed",
                                  "spot_check.passed",
                                  "complaint.upheld",
                                  "tax.grade_a",
                                  "tax.grade_d",
                                  "award.quality",
                                  "certification.granted",
                                  "list.abnormal.added",
                                  "list.abnormal.removed",
                                  "list.serious.added",
                                  "list.serious.removed",
                                  "record.withdrawn",
                                  "record.repaired",
                                  "court.dishonest_debtor",
                                  "no.such_type"};

TEST(BatchScorer, GivesWhatAssessGivesToTheBit) {
  std::mt19937_64 rng(20261206);
  const std::int32_t as_of = *DayNumber("2027-01-04");
  for (const RuleSet& rules : RuleSet::Builtin()) {
    SCOPED_TRACE(rules.version());
    internal::BatchScorer scorer(rules, as_of);
    std::vector<internal::CompactEvent> events;
    std::vector<ScoringEvent> scoring;
    for (int entity = 0; entity < 3000; ++entity) {
      events.clear();
      const int n = static_cast<int>(rng() % 12);
      std::int32_t day = as_of - static_cast<std::int32_t>(rng() % 3000);
      for (int k = 0; k < n; ++k) {
        internal::CompactEvent e;
        e.id = 10 * entity + k + 1;
        e.type = scorer.TypeIndex(kTypes[rng() % std::size(kTypes)]);
        if (rng() % 3 != 0)  // else the same day as the previous event: ties broken by id
          day = as_of + 30 - static_cast<std::int32_t>(rng() % (rng() % 20 == 0 ? 25000 : 3000));
        e.occurred = day;
        e.display_until =
            rng() % 3 == 0 ? kNoExpiry : day + static_cast<std::int32_t>(rng() % 2000);
        e.severity = static_cast<std::int32_t>(rng() % 9) - 2;  // -2..6: some out of range
        if (k > 0 && rng() % 6 == 0)
          e.ends_event = events[rng() % events.size()].id;
        events.push_back(e);
      }
      std::shuffle(events.begin(), events.end(), rng);
      scorer.ToScoring(events, scoring);
      const Assessment want = Assess(rules, scoring, as_of);
      const Assessment got = scorer.ToAssessment(scorer.Score(events));
      ASSERT_EQ(got.risk_score, want.risk_score) << entity;  // exact: same sums, same order
      ASSERT_EQ(got.grade_score, want.grade_score) << entity;
      ASSERT_EQ(got.risk_index, want.risk_index) << entity;
      ASSERT_EQ(got.grade_index, want.grade_index) << entity;
      ASSERT_EQ(got.risk_class, want.risk_class) << entity;
      ASSERT_EQ(got.grade, want.grade) << entity;
      ASSERT_EQ(got.abnormal_listed, want.abnormal_listed) << entity;
      ASSERT_EQ(got.serious_listed, want.serious_listed) << entity;
      ASSERT_EQ(got.rule_version, want.rule_version);
      ASSERT_EQ(got.as_of, want.as_of);
      ASSERT_EQ(got.snapshot_severity, want.snapshot_severity);
    }
  }
}

}  // namespace
}  // namespace zq::credit
