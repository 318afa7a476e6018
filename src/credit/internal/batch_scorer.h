#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "credit/rule_set.h"
#include "credit/scoring.h"

// Scoring many entities under one rule set as of one date, for the full rescore (rescore.cc):
// what Assess (scoring.h) does per event (the rule's hash look-up, two weight look-ups, the age
// from two civil dates, the decay step, the severity factor) is looked up once per event type,
// age and severity here, and events are compact records with an interned type. The outcome is
// Assess's to the bit (same operations in the same order); batch_scorer_test.cc compares them.
namespace zq::credit::internal {

// Whole years from `from` to `to` (an anniversary completes a year); 0 when `to` <= `from`.
int AgeYears(std::int32_t from, std::int32_t to);

// One stored event as the batch scorer reads it: 32 bytes, no string (the type is interned).
struct CompactEvent {
  std::int64_t id = 0;
  std::int64_t ends_event = 0;
  std::int32_t occurred = 0;
  std::int32_t display_until = kNoExpiry;
  std::int32_t severity = -1;
  std::uint16_t type = 0;  // BatchScorer::TypeIndex
};

// What Assess decides, without explanations or veto texts.
struct BatchOutcome {
  double risk_score = 0;
  double grade_score = 0;
  int risk_index = 0;
  int grade_index = 0;
  bool abnormal_listed = false;
  bool serious_listed = false;
};

class BatchScorer {
 public:
  BatchScorer(const RuleSet& rules, std::int32_t as_of);

  // The index of an event type name, interned on first sight (names live as long as the scorer).
  std::uint16_t TypeIndex(std::string_view type);

  std::string_view TypeName(std::uint16_t index) const { return types_[index].name; }

  // Assess(rules, events, as_of) for one entity's events (any order).
  BatchOutcome Score(std::span<const CompactEvent> events);

  // The Assessment Assess would give (all but contributions and vetoes), from an outcome.
  Assessment ToAssessment(const BatchOutcome& outcome) const;

  // The events as ScoringEvent (types pointing into this scorer), into `out` (cleared first).
  void ToScoring(std::span<const CompactEvent> events, std::vector<ScoringEvent>& out) const;

  const RuleSet& rules() const { return rules_; }

 private:
  struct Type {
    std::string name;
    const EventRule* rule = nullptr;  // nullptr: not scored by this rule set
    double risk_weight = 0;
    double grade_weight = 0;
    double severity_factor[7] = {};  // severities -1..5
  };

  double Decay(std::int32_t occurred) const;

  const RuleSet& rules_;
  const std::int32_t as_of_;
  std::int32_t cap_from_;
  std::vector<Type> types_;
  StringMap<std::uint16_t> index_;
  std::vector<double> decay_by_days_;  // by as_of − occurred, for the last 40 years
  std::vector<std::pair<std::int64_t, std::int64_t>> ended_;  // reused per entity
};

}  // namespace zq::credit::internal
