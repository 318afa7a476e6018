#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "credit/rule_set.h"

// Scoring one market entity's credit events under a rule set, as of a date (docs/credit-rules.md).
// Pure functions: the same events, rules and date give the same assessment on every machine, which
// is what makes a stored grade reproducible from its rule version and event snapshot.
namespace zq::credit {

inline constexpr std::int32_t kNoExpiry = 0x7fffffff;

// Dates are day numbers (core/calendar.h: DayNumber, DayText, AddMonths).

// What scoring needs of one stored credit event. `type` must outlive the call.
struct ScoringEvent {
  std::int64_t id = 0;
  std::string_view type;
  std::int32_t occurred = 0;               // day number
  std::int32_t display_until = kNoExpiry;  // last day it is shown and counted (exclusive end)
  // An ending event (record.withdrawn, record.repaired) names the event whose effect it ends from
  // its own occurrence on; 0 for every other event.
  std::int64_t ends_event = 0;
  int severity = -1;  // 0-5 as stored; -1 unknown (points unscaled)
};

// Whether a snapshot line carries the event's severity: only under rule sets that scale points
// by it (RuleSet::uses_severity), so grades stored under earlier versions hash as they did.
enum class SnapshotSeverity { kOmit, kInclude };

// How one event entered (or did not enter) the scores.
struct Contribution {
  std::int64_t event_id = 0;
  std::string type;
  std::string occurred_on;
  std::string dimension;
  double points = 0;           // the rule set's points for the type
  int age_years = 0;           // whole years from occurrence to the as-of date
  double decay = 0;            // the factor for that age
  double severity_factor = 1;  // RuleSet::SeverityFactor for the event's severity
  double risk_points = 0;      // points × severity factor × decay × the risk axis weight
  double grade_points = 0;     // points × decay × the grade axis weight
  // Why it did not count: "expired", "future", "not_scored", "ended", "" when it did.
  std::string note;
  std::int64_t ended_by = 0;  // with note "ended": the ending event's id
};

enum class Explain { kNo, kYes };

struct Assessment {
  std::string rule_version;
  std::int32_t as_of = 0;
  double risk_score = 0;
  double grade_score = 0;
  int risk_index = 0;               // into rules.risk_axis().labels, after vetoes (0 = class A)
  int grade_index = 0;              // into rules.grade_axis().labels, after vetoes (0 = AAA)
  std::string risk_class;           // "A".."D"
  std::string grade;                // "AAA".."D"
  bool abnormal_listed = false;     // 经营异常名录
  bool serious_listed = false;      // 严重违法失信名单
  std::vector<std::string> vetoes;  // e.g. "serious: risk_class no better than D"
  std::vector<Contribution> contributions;  // with Explain::kYes: every event, in input order
  SnapshotSeverity snapshot_severity = SnapshotSeverity::kOmit;  // from the rule set
};

// Scores `events` (any order; ties in list state are broken by id) as of `as_of`. An event that
// another event in `events` ends (ends_event == its id, occurred <= as_of) counts for nothing, not
// even for list state, and is explained with note "ended" and ended_by.
Assessment Assess(const RuleSet& rules, std::span<const ScoringEvent> events, std::int32_t as_of,
                  Explain explain = Explain::kNo);

// SM3 hex digest of the snapshot: "id|type|occurred|display_until\n" for each event in the
// given order (callers pass them by id); an ending event's line ends "|ends_event" before the
// newline. Fields are appended only when non-zero, so a grade stored before a field existed
// hashes as it did.
// With SnapshotSeverity::kInclude each line then ends "|s<severity>".
std::string SnapshotHash(std::span<const ScoringEvent> events,
                         SnapshotSeverity severity = SnapshotSeverity::kOmit);

}  // namespace zq::credit
