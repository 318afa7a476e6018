#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

// The versioned credit rule set (信用评价规则): per-event points and dimensions, time decay,
// two axes (the supervision risk class 信用风险分类 A-D and the public quality credit grade
// AAA-D), each with its dimension weights, thresholds and list vetoes. The method is documented in
// docs/credit-rules.md; the shipped version is data/credit/rules-*.json. A version is immutable
// once stored: a change is a new version with a later effective_from.
namespace zq::credit {

// Hash for heterogeneous look-up by std::string_view (no temporary std::string per event).
struct StringHash {
  using is_transparent = void;

  std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

// Which list (名录) an event opens or closes.
enum class ListKind : std::uint8_t {
  kNone,
  kAbnormal,
  kSerious
};  // 经营异常名录 / 严重违法失信名单

inline constexpr int kListKinds = 3;

std::string_view ListKindName(ListKind kind);  // "", "abnormal", "serious"

// One grading axis. Labels are ordered best first: index 0 is the best class ("A" / "AAA").
struct Axis {
  double base = 0;
  StringMap<double> weights;        // dimension → weight (missing: 0)
  std::vector<std::string> labels;  // thresholds' labels, then `lowest`
  std::vector<double> minimums;     // minimum score per label but the last
  // Veto per list: the best label index it allows (labels.size() - 1 forces the lowest);
  // -1 when the list has no veto on this axis.
  int no_better_than[kListKinds] = {-1, -1, -1};
  // A score this close below a threshold counts as on it: scores are floating-point sums of
  // decimal points (0.6 × -10 + …), so 55 may come out as 54.999999999999993. 0 in rule sets
  // before zq-credit-2026.2 (their stored grades recompute as they were made).
  double boundary_tolerance = 0;

  // The label index for `score` before vetoes.
  int LabelFor(double score) const;
};

// The decay of an event's points with its age in whole years: the first step whose
// max_age_years exceeds the age gives the factor; the last step has no bound.
struct DecayStep {
  int max_age_years = 0;  // 0 on the last step: unbounded
  double factor = 1;
};

struct EventRule {
  std::string dimension;
  double points = 0;
  ListKind opens = ListKind::kNone;   // a listing event
  ListKind closes = ListKind::kNone;  // a removal event
  // Severity scaling (from zq-credit-2026.2): the severity at which `points` apply unchanged
  // (the catalogue's default severity of the type); -1 when this type is not scaled.
  int reference_severity = -1;
};

class RuleSet {
 public:
  // Parses and validates a rule-set document. kInvalidArgument with the offending field
  // ("version", "decay", "events.penalty.minor.points", "risk_class.thresholds", ...).
  static Result<RuleSet> Parse(std::string_view json_text);

  // The rule sets shipped in data/credit (oldest first), parsed. Aborts if one is malformed
  // (a build defect, caught by the tests).
  static const std::vector<RuleSet>& Builtin();

  const std::string& version() const { return version_; }

  const std::string& effective_from() const { return effective_from_; }

  // The document as stored (the canonical JSON dump) and its SM3 hex digest.
  const std::string& text() const { return text_; }

  const std::string& hash() const { return hash_; }

  const std::vector<DecayStep>& decay() const { return decay_; }

  int negative_cap_months() const { return negative_cap_months_; }

  const Axis& risk_axis() const { return risk_; }

  const Axis& grade_axis() const { return grade_; }

  // The rule for an event type, or nullptr when the type is not scored by this version.
  const EventRule* Find(std::string_view event_type) const;

  double DecayFactor(int age_years) const;

  // True when points scale with an event's severity (the document has "severity"); snapshots
  // of grades under such a version include each event's severity (scoring.h SnapshotHash).
  bool uses_severity() const { return severity_step_ > 0; }

  double severity_step() const { return severity_step_; }

  // The factor on `rule`'s points for an event of `severity` (0-5; -1 = unknown):
  // max(0, 1 + step × (severity − reference_severity)), and 1 when the version or the type is not
  // scaled or the severity is unknown.
  double SeverityFactor(const EventRule& rule, int severity) const;

 private:
  std::string version_;
  std::string effective_from_;
  std::string text_;
  std::string hash_;
  std::vector<DecayStep> decay_;
  int negative_cap_months_ = 0;
  double severity_step_ = 0;
  StringMap<EventRule> events_;
  Axis risk_;
  Axis grade_;
};

}  // namespace zq::credit
