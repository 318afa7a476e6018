#include "credit/credit_json.h"

#include <nlohmann/json.hpp>

#include "credit/scoring.h"

namespace zq::credit {

nlohmann::json GradeJson(const GradeRecord& g) {
  nlohmann::json j = {{"id", g.id},
                      {"uscc", g.uscc},
                      {"region_code", g.region_code},
                      {"risk_class", g.risk_class},
                      {"grade", g.grade},
                      {"risk_score", g.risk_score},
                      {"grade_score", g.grade_score},
                      {"abnormal_listed", g.abnormal_listed},
                      {"serious_listed", g.serious_listed},
                      {"rule_version", g.rule_version},
                      {"as_of", g.as_of},
                      {"snapshot_hash", g.snapshot_hash},
                      {"computed_at", g.computed_at}};
  if (!g.event_ids.empty())
    j["event_ids"] = g.event_ids;
  return j;
}

nlohmann::json EventJson(const CreditEvent& e) {
  return {{"id", e.id},
          {"source", e.source},
          {"source_id", e.source_id},
          {"event_type", e.event_type},
          {"uscc", e.uscc},
          {"region_code", e.region_code},
          {"occurred_on", e.occurred_on},
          {"display_until", e.display_until},
          {"severity", e.severity},
          {"evidence_ref", e.evidence_ref},
          {"summary", e.summary},
          {"disputed", e.disputed},
          {"recorded_by", e.recorded_by},
          {"recorded_at", e.recorded_at},
          {"ends_event_id", e.ends_event_id}};
}

nlohmann::json AssessmentJson(const Assessment& a) {
  nlohmann::json contributions = nlohmann::json::array();
  for (const Contribution& c : a.contributions) {
    contributions.push_back({{"event_id", c.event_id},
                             {"event_type", c.type},
                             {"occurred_on", c.occurred_on},
                             {"dimension", c.dimension},
                             {"points", c.points},
                             {"age_years", c.age_years},
                             {"decay", c.decay},
                             {"risk_points", c.risk_points},
                             {"grade_points", c.grade_points},
                             {"note", c.note},
                             {"ended_by", c.ended_by}});
  }
  return {{"rule_version", a.rule_version},
          {"as_of", DayText(a.as_of)},
          {"risk_class", a.risk_class},
          {"grade", a.grade},
          {"risk_score", a.risk_score},
          {"grade_score", a.grade_score},
          {"abnormal_listed", a.abnormal_listed},
          {"serious_listed", a.serious_listed},
          {"vetoes", a.vetoes},
          {"contributions", contributions}};
}

nlohmann::json CreditFileJson(const CreditFile& f) {
  nlohmann::json events = nlohmann::json::array();
  for (const CreditEvent& e : f.events) events.push_back(EventJson(e));
  nlohmann::json history = nlohmann::json::array();
  for (const GradeRecord& g : f.history) history.push_back(GradeJson(g));
  return {{"uscc", f.uscc},
          {"region_code", f.region_code},
          {"events", events},
          {"history", history},
          {"current", AssessmentJson(f.current)}};
}

}  // namespace zq::credit
