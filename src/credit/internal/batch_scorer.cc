#include "credit/internal/batch_scorer.h"

#include <algorithm>

namespace zq::credit::internal {
namespace {

constexpr std::int32_t kTabledDays = 40 * 366;

}  // namespace

BatchScorer::BatchScorer(const RuleSet& rules, std::int32_t as_of)
    : rules_(rules),
      as_of_(as_of),
      cap_from_(rules.negative_cap_months() > 0 ? AddMonths(as_of, -rules.negative_cap_months())
                                                : -0x7fffffff) {
  decay_by_days_.resize(kTabledDays);
  for (std::int32_t d = 0; d < kTabledDays; ++d)
    decay_by_days_[static_cast<std::size_t>(d)] = rules.DecayFactor(AgeYears(as_of - d, as_of));
}

std::uint16_t BatchScorer::TypeIndex(std::string_view type) {
  if (const auto it = index_.find(type); it != index_.end())
    return it->second;
  Type t;
  t.name = std::string(type);
  t.rule = rules_.Find(type);
  if (t.rule != nullptr) {
    const auto w = [&](const Axis& axis) {
      const auto it = axis.weights.find(t.rule->dimension);
      return it == axis.weights.end() ? 0.0 : it->second;
    };
    t.risk_weight = w(rules_.risk_axis());
    t.grade_weight = w(rules_.grade_axis());
    for (int s = -1; s <= 5; ++s) t.severity_factor[s + 1] = rules_.SeverityFactor(*t.rule, s);
  }
  ZQ_CHECK(types_.size() < 0xffff);
  const auto index = static_cast<std::uint16_t>(types_.size());
  types_.push_back(std::move(t));
  index_.emplace(types_.back().name, index);
  return index;
}

double BatchScorer::Decay(std::int32_t occurred) const {
  const std::int32_t days = as_of_ - occurred;
  if (days >= 0 && days < kTabledDays)
    return decay_by_days_[static_cast<std::size_t>(days)];
  return rules_.DecayFactor(AgeYears(occurred, as_of_));
}

// Assess (scoring.cc), step for step: the same products and sums in the same order.
BatchOutcome BatchScorer::Score(std::span<const CompactEvent> events) {
  const Axis& risk = rules_.risk_axis();
  const Axis& grade = rules_.grade_axis();
  BatchOutcome out;
  out.risk_score = risk.base;
  out.grade_score = grade.base;

  struct Last {
    std::int32_t day = -0x7fffffff;
    std::int64_t id = 0;
    bool open = false;
  };

  Last last[kListKinds];
  ended_.clear();
  for (const CompactEvent& e : events) {
    if (e.ends_event != 0 && e.occurred <= as_of_)
      ended_.emplace_back(e.ends_event, e.id);
  }
  for (const CompactEvent& e : events) {
    const Type& type = types_[e.type];
    if (e.occurred > as_of_ || type.rule == nullptr)
      continue;
    if (!ended_.empty() &&
        std::any_of(ended_.begin(), ended_.end(), [&](const auto& p) { return p.first == e.id; })) {
      continue;
    }
    const EventRule& rule = *type.rule;
    for (const ListKind kind : {rule.opens, rule.closes}) {
      if (kind == ListKind::kNone)
        continue;
      Last& l = last[static_cast<int>(kind)];
      if (e.occurred > l.day || (e.occurred == l.day && e.id > l.id))
        l = {e.occurred, e.id, kind == rule.opens};
    }
    if (as_of_ >= e.display_until || (rule.points < 0 && e.occurred < cap_from_))
      continue;
    const double severity = e.severity >= -1 && e.severity <= 5
                                ? type.severity_factor[e.severity + 1]
                                : rules_.SeverityFactor(rule, e.severity);
    const double decayed = rule.points * severity * Decay(e.occurred);
    out.risk_score += decayed * type.risk_weight;
    out.grade_score += decayed * type.grade_weight;
  }
  out.abnormal_listed = last[static_cast<int>(ListKind::kAbnormal)].open;
  out.serious_listed = last[static_cast<int>(ListKind::kSerious)].open;
  out.risk_index = risk.LabelFor(out.risk_score);
  out.grade_index = grade.LabelFor(out.grade_score);
  for (const ListKind kind : {ListKind::kSerious, ListKind::kAbnormal}) {
    if (!last[static_cast<int>(kind)].open)
      continue;
    for (auto [axis, index] : {std::pair{&risk, &out.risk_index}, {&grade, &out.grade_index}}) {
      const int cap = axis->no_better_than[static_cast<int>(kind)];
      if (cap >= 0 && *index < cap)
        *index = cap;
    }
  }
  return out;
}

Assessment BatchScorer::ToAssessment(const BatchOutcome& o) const {
  Assessment a;
  a.rule_version = rules_.version();
  a.as_of = as_of_;
  if (rules_.uses_severity())
    a.snapshot_severity = SnapshotSeverity::kInclude;
  a.risk_score = o.risk_score;
  a.grade_score = o.grade_score;
  a.risk_index = o.risk_index;
  a.grade_index = o.grade_index;
  a.risk_class = rules_.risk_axis().labels[static_cast<std::size_t>(o.risk_index)];
  a.grade = rules_.grade_axis().labels[static_cast<std::size_t>(o.grade_index)];
  a.abnormal_listed = o.abnormal_listed;
  a.serious_listed = o.serious_listed;
  return a;
}

void BatchScorer::ToScoring(std::span<const CompactEvent> events,
                            std::vector<ScoringEvent>& out) const {
  out.clear();
  for (const CompactEvent& e : events) {
    ScoringEvent s;
    s.id = e.id;
    s.type = types_[e.type].name;
    s.occurred = e.occurred;
    s.display_until = e.display_until;
    s.ends_event = e.ends_event;
    s.severity = e.severity;
    out.push_back(s);
  }
}

}  // namespace zq::credit::internal
