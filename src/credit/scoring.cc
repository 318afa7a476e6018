#include "credit/scoring.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "auth/crypto.h"
#include "core/calendar.h"
#include "credit/internal/batch_scorer.h"

namespace zq::credit {
namespace {

using std::chrono::sys_days;
using std::chrono::year_month_day;

year_month_day Civil(std::int32_t day) { return year_month_day{sys_days{std::chrono::days{day}}}; }

}  // namespace

namespace internal {

int AgeYears(std::int32_t from, std::int32_t to) {
  if (to <= from)
    return 0;
  const year_month_day a = Civil(from);
  const year_month_day b = Civil(to);
  int years = static_cast<int>(b.year()) - static_cast<int>(a.year());
  if (std::chrono::month_day{b.month(), b.day()} < std::chrono::month_day{a.month(), a.day()})
    --years;
  return years;
}

}  // namespace internal

using internal::AgeYears;

Assessment Assess(const RuleSet& rules, std::span<const ScoringEvent> events, std::int32_t as_of,
                  Explain explain) {
  Assessment a;
  a.rule_version = rules.version();
  a.as_of = as_of;
  if (rules.uses_severity())
    a.snapshot_severity = SnapshotSeverity::kInclude;
  const Axis& risk = rules.risk_axis();
  const Axis& grade = rules.grade_axis();
  a.risk_score = risk.base;
  a.grade_score = grade.base;

  // The last list event (by occurrence, then id) of each list decides whether it is listed.
  struct Last {
    std::int32_t day = -0x7fffffff;
    std::int64_t id = 0;
    bool open = false;
  };

  Last last[kListKinds];
  const std::int32_t cap_from = rules.negative_cap_months() > 0
                                    ? AddMonths(as_of, -rules.negative_cap_months())
                                    : -0x7fffffff;
  if (explain == Explain::kYes)
    a.contributions.reserve(events.size());
  // (ended event, ending event) for the ending events in force; rare, so a short list.
  std::vector<std::pair<std::int64_t, std::int64_t>> ended;
  for (const ScoringEvent& e : events) {
    if (e.ends_event != 0 && e.occurred <= as_of)
      ended.emplace_back(e.ends_event, e.id);
  }
  for (const ScoringEvent& e : events) {
    const EventRule* rule = rules.Find(e.type);
    Contribution c;
    std::string_view note;
    const auto end =
        std::find_if(ended.begin(), ended.end(), [&](const auto& p) { return p.first == e.id; });
    if (e.occurred > as_of) {
      note = "future";
    } else if (end != ended.end()) {
      note = "ended";
      c.ended_by = end->second;
    } else if (rule == nullptr) {
      note = "not_scored";
    } else {
      for (const ListKind kind : {rule->opens, rule->closes}) {
        if (kind == ListKind::kNone)
          continue;
        Last& l = last[static_cast<int>(kind)];
        if (e.occurred > l.day || (e.occurred == l.day && e.id > l.id))
          l = {e.occurred, e.id, kind == rule->opens};
      }
      if (as_of >= e.display_until || (rule->points < 0 && e.occurred < cap_from)) {
        note = "expired";
      } else {
        c.age_years = AgeYears(e.occurred, as_of);
        c.decay = rules.DecayFactor(c.age_years);
        c.severity_factor = rules.SeverityFactor(*rule, e.severity);
        // × 1 is exact: unscaled types (every type before 2026.2) score bit-identically.
        const double decayed = rule->points * c.severity_factor * c.decay;
        const auto w = [&](const Axis& axis) {
          const auto it = axis.weights.find(rule->dimension);
          return it == axis.weights.end() ? 0.0 : it->second;
        };
        c.risk_points = decayed * w(risk);
        c.grade_points = decayed * w(grade);
        a.risk_score += c.risk_points;
        a.grade_score += c.grade_points;
      }
    }
    if (explain == Explain::kYes) {
      c.event_id = e.id;
      c.type = std::string(e.type);
      c.occurred_on = DayText(e.occurred);
      if (rule != nullptr) {
        c.dimension = rule->dimension;
        c.points = rule->points;
      }
      c.note = std::string(note);
      a.contributions.push_back(std::move(c));
    }
  }
  a.abnormal_listed = last[static_cast<int>(ListKind::kAbnormal)].open;
  a.serious_listed = last[static_cast<int>(ListKind::kSerious)].open;
  a.risk_index = risk.LabelFor(a.risk_score);
  a.grade_index = grade.LabelFor(a.grade_score);
  // Vetoes (一票否决): a list caps the best label the entity can have on each axis.
  for (const ListKind kind : {ListKind::kSerious, ListKind::kAbnormal}) {
    if (!last[static_cast<int>(kind)].open)
      continue;
    for (auto [axis, index, name] : {std::tuple{&risk, &a.risk_index, "risk_class"},
                                     std::tuple{&grade, &a.grade_index, "quality_grade"}}) {
      const int cap = axis->no_better_than[static_cast<int>(kind)];
      if (cap >= 0 && *index < cap) {
        *index = cap;
        a.vetoes.push_back(fmt::format("{}: {} no better than {}", ListKindName(kind), name,
                                       axis->labels[static_cast<std::size_t>(cap)]));
      }
    }
  }
  a.risk_class = risk.labels[static_cast<std::size_t>(a.risk_index)];
  a.grade = grade.labels[static_cast<std::size_t>(a.grade_index)];
  return a;
}

std::string SnapshotHash(std::span<const ScoringEvent> events, SnapshotSeverity severity) {
  std::string text;
  text.reserve(events.size() * 48);
  for (const ScoringEvent& e : events) {
    fmt::format_to(std::back_inserter(text), "{}|{}|{}|{}", e.id, e.type, e.occurred,
                   e.display_until);
    if (e.ends_event != 0)
      fmt::format_to(std::back_inserter(text), "|{}", e.ends_event);
    if (severity == SnapshotSeverity::kInclude)
      fmt::format_to(std::back_inserter(text), "|s{}", e.severity);
    text += '\n';
  }
  return auth::ToHex(auth::Sm3(text));
}

}  // namespace zq::credit
