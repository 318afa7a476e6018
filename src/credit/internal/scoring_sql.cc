#include "credit/internal/scoring_sql.h"

#include <fmt/format.h>

#include "core/calendar.h"
#include "credit/event_catalogue.h"

namespace zq::credit::internal {

std::string RiskClassesSql(const RuleSet& rules, std::string_view as_of, store::Backend backend) {
  const bool pg = backend == store::Backend::kPostgres;
  const std::string age = fmt::format(
      "(CAST(substr('{0}', 1, 4) AS INTEGER) - CAST(substr(occurred_on, 1, 4) AS INTEGER) - "
      "CASE WHEN substr('{0}', 6, 5) < substr(occurred_on, 6, 5) THEN 1 ELSE 0 END)",
      as_of);
  std::string decay = "CASE";
  for (const DecayStep& s : rules.decay()) {
    if (s.max_age_years > 0)
      decay += fmt::format(" WHEN {} < {} THEN {}", age, s.max_age_years, s.factor);
    else
      decay += fmt::format(" ELSE {} END", s.factor);
  }
  std::string points = "CASE event_type";
  std::string negative = "''";
  const Axis& a = rules.risk_axis();
  for (const EventType& t : EventCatalogue::Builtin().entries()) {
    const EventRule* r = rules.Find(t.code);
    if (r == nullptr || r->points == 0)
      continue;
    const auto w = a.weights.find(r->dimension);
    const double weight = w == a.weights.end() ? 0 : w->second;
    const std::string factor =
        rules.uses_severity() && r->reference_severity >= 0
            ? fmt::format("{}(0, 1 + {} * (severity - {}))", pg ? "GREATEST" : "MAX",
                          rules.severity_step(), r->reference_severity)
            : "1.0";
    points += fmt::format(" WHEN '{}' THEN CAST({} * {} * ({}) * {} AS DOUBLE PRECISION)", t.code,
                          r->points, factor, decay, weight);
    if (r->points < 0)
      negative += fmt::format(", '{}'", t.code);
  }
  points += " ELSE 0 END";
  const std::string cap = DayText(AddMonths(*DayNumber(as_of), -rules.negative_cap_months()));
  // A list's state is its latest event by (date, id), as in the engine.
  const auto latest = [&](const char* type) {
    return fmt::format(
        "COALESCE(MAX(CASE WHEN event_type = '{}' AND occurred_on <= '{}' THEN occurred_on || {} "
        "END), '')",
        type, as_of, pg ? "'#' || lpad(id::text, 15, '0')" : "printf('#%015d', id)");
  };
  return fmt::format(
      "SELECT uscc, CASE "
      "WHEN serious THEN 'D' WHEN score >= {3} AND NOT abnormal THEN 'A' "
      "WHEN score >= {4} AND NOT abnormal THEN 'B' WHEN score >= {5} THEN 'C' ELSE 'D' END "
      "AS risk_class FROM (SELECT uscc, {6} + SUM(CASE WHEN occurred_on <= '{0}' AND "
      "(display_until = '' OR display_until > '{0}') AND NOT (event_type IN ({2}) AND "
      "occurred_on < '{7}') THEN {1} ELSE 0 END) AS score, {8} > {9} AS serious, "
      "{10} > {11} AS abnormal FROM credit_events GROUP BY uscc) s",
      as_of, points, negative, a.minimums[0] - a.boundary_tolerance,
      a.minimums[1] - a.boundary_tolerance, a.minimums[2] - a.boundary_tolerance, a.base, cap,
      latest("list.serious.added"), latest("list.serious.removed"), latest("list.abnormal.added"),
      latest("list.abnormal.removed"));
}

}  // namespace zq::credit::internal
