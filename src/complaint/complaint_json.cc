// JSON forms of the complaint module's records (complaint_json.h).
#include "complaint/complaint_json.h"

namespace zq::complaint {
namespace {

nlohmann::json LinksJson(const std::vector<CaseLink>& links) {
  nlohmann::json out = nlohmann::json::array();
  for (const CaseLink& l : links)
    out.push_back(
        {{"id", l.id}, {"number", l.number}, {"state", l.state}, {"received_on", l.received_on}});
  return out;
}

}  // namespace

nlohmann::json DeadlineJson(const Deadline& d) {
  return {{"timer", TimerName(d.timer)}, {"started_on", d.started_on}, {"due_on", d.due_on},
          {"met_on", d.met_on},          {"overdue", d.overdue},       {"days_left", d.days_left},
          {"paused", d.paused}};
}

nlohmann::json CaseJson(const CaseRecord& c) {
  nlohmann::json deadlines = nlohmann::json::array();
  for (const Deadline& d : c.deadlines) deadlines.push_back(DeadlineJson(d));
  nlohmann::json j = {
      {"id", c.id},
      {"number", c.number},
      {"submission_id", c.submission_id},
      {"kind", KindName(c.kind)},
      {"state", StateName(c.state)},
      {"channel", c.channel},
      {"respondent",
       {{"uscc", c.respondent_uscc},
        {"name", c.respondent_name},
        {"kind", c.respondent_kind},
        {"domicile_region", c.domicile_region},
        {"business_region", c.business_region},
        {"platform_uscc", c.platform_uscc},
        {"platform_domicile_region", c.platform_domicile_region}}},
      {"subject", c.subject},
      {"act_region", c.act_region},
      {"handling_region", c.handling_region},
      {"routing_article", c.routing_article},
      {"competent", c.competent},
      {"facts", c.facts},
      {"request", c.request},
      {"object_class", c.object_class},
      {"problem", c.problem},
      {"classified_by", c.classified_by},
      {"received_on", c.dates.received_on},
      {"decided_on", c.dates.decided_on},
      {"accepted_on", c.dates.accepted_on},
      {"ended_on", c.dates.ended_on},
      {"notified_on", c.dates.notified_on},
      {"closed_on", c.closed_on},
      {"extended", c.dates.extended},
      {"real_name", c.dates.real_name},
      {"ground", c.ground},
      {"outcome", c.outcome},
      {"return_reason", c.return_reason},
      {"paused_on", c.dates.paused_on},
      {"pause_ground", c.pause_ground},
      {"paused_working_days", c.dates.paused_working_days},
      {"reopened", c.reopened},
      {"upheld", c.upheld},
      {"rating", c.rating},
      {"rated_at", c.rated_at},
      {"next_due_on", c.next_due_on},
      {"overdue", c.overdue},
      {"deadlines", std::move(deadlines)},
      {"actions", c.actions},
      {"created_at", c.created_at},
      {"updated_at", c.updated_at},
  };
  if (c.submitter) {
    j["submitter"] = {
        {"name", c.submitter->name},           {"phone", c.submitter->phone},
        {"id_number", c.submitter->id_number}, {"address", c.submitter->address},
        {"real_name", c.submitter->real_name}, {"visibility", c.submitter->visibility}};
    nlohmann::json history = nlohmann::json::array();
    for (const HistoryEntry& h : c.history)
      history.push_back({{"at", h.at},
                         {"actor", h.actor},
                         {"action", h.action},
                         {"from_state", h.from_state},
                         {"to_state", h.to_state},
                         {"note", h.note}});
    j["history"] = std::move(history);
    j["rating_comment"] = c.rating_comment;
    j["duplicate_of"] = c.duplicate_of_number;
    j["duplicates"] = LinksJson(c.duplicates);
    j["duplicate_candidates"] = LinksJson(c.duplicate_candidates);
  }
  return j;
}

nlohmann::json PublicCaseJson(const PublicCase& c) {
  nlohmann::json deadlines = nlohmann::json::array();
  for (const Deadline& d : c.deadlines) deadlines.push_back(DeadlineJson(d));
  nlohmann::json steps = nlohmann::json::array();
  for (const HistoryEntry& h : c.steps)
    steps.push_back({{"at", h.at}, {"action", h.action}, {"state", h.to_state}});
  return {{"number", c.number},
          {"kind", KindName(c.kind)},
          {"state", StateName(c.state)},
          {"respondent_name", c.respondent_name},
          {"handling_region", c.handling_region},
          {"handling_office", c.handling_office},
          {"received_on", c.received_on},
          {"closed_on", c.closed_on},
          {"outcome", c.outcome},
          {"duplicate_of", c.duplicate_of},
          {"phone", c.phone},
          {"deadlines", std::move(deadlines)},
          {"steps", std::move(steps)},
          {"may_rate", c.may_rate},
          {"rating", c.rating},
          {"rated_at", c.rated_at}};
}

nlohmann::json SubmittedJson(const Submitted& s) {
  nlohmann::json cases = nlohmann::json::array();
  for (const CaseRecord& c : s.cases) cases.push_back(CaseJson(c));
  return {{"submission_id", s.submission_id}, {"cases", std::move(cases)}};
}

nlohmann::json CaseCountJson(const CaseCount& n) {
  return {{"region", n.region},
          {"object_class", n.object_class},
          {"problem", n.problem},
          {"count", n.count}};
}

namespace {

nlohmann::json TallyJson(const ComplaintTally& t) {
  nlohmann::json rate = nullptr;
  if (t.mediation_success_rate)
    rate = *t.mediation_success_rate;
  return {{"complaints", t.complaints},
          {"accepted", t.accepted},
          {"mediation_ended", t.mediation_ended},
          {"agreed", t.agreed},
          {"mediation_success_rate", rate},
          {"method",
           "census of the window's complaints (repeats merged into an earlier case not counted); "
           "mediation_success_rate = agreed / mediation_ended"}};
}

nlohmann::json TimelinessJson(const Timeliness& t) {
  nlohmann::json rate = nullptr;
  if (t.rate)
    rate = *t.rate;
  return {{"met", t.met}, {"on_time", t.on_time}, {"rate", rate}, {"running_late", t.running_late}};
}

nlohmann::json ProblemsJson(const std::vector<ProblemCount>& problems) {
  nlohmann::json out = nlohmann::json::array();
  for (const ProblemCount& p : problems)
    out.push_back({{"problem", p.problem},
                   {"name", p.name},
                   {"complaints", p.complaints},
                   {"share", p.share}});
  return out;
}

}  // namespace

nlohmann::json BusinessComplaintsJson(const BusinessComplaints& b) {
  nlohmann::json years = nlohmann::json::array();
  for (const BusinessComplaints::Year& y : b.years)
    years.push_back({{"year", y.year}, {"complaints", y.complaints}});
  return {{"uscc", b.uscc},
          {"name", b.name},
          {"region", b.region},
          {"from", b.from},
          {"to", b.to},
          {"tally", TallyJson(b.tally)},
          {"problems", ProblemsJson(b.problems)},
          {"years", std::move(years)}};
}

nlohmann::json QuarterlyComplaintsJson(const QuarterlyComplaints& q) {
  nlohmann::json categories = nlohmann::json::array();
  for (const CategoryCount& c : q.categories)
    categories.push_back({{"object_class", c.object_class},
                          {"name", c.name},
                          {"group", c.group},
                          {"complaints", c.complaints},
                          {"share", c.share}});
  return {{"quarter", q.quarter},
          {"from", q.from},
          {"to", q.to},
          {"region", q.region},
          {"tally", TallyJson(q.tally)},
          {"reports", q.reports},
          {"goods", q.goods},
          {"services", q.services},
          {"categories", std::move(categories)},
          {"problems", ProblemsJson(q.problems)},
          {"acceptance", TimelinessJson(q.acceptance)},
          {"mediation", TimelinessJson(q.mediation)}};
}

nlohmann::json PublishedComplaintJson(const PublishedComplaint& c) {
  return {{"number", c.number},
          {"received_on", c.received_on},
          {"closed_on", c.closed_on},
          {"respondent_uscc", c.respondent_uscc},
          {"respondent_name", c.respondent_name},
          {"object_class", c.object_class},
          {"object_name", c.object_name},
          {"problem", c.problem},
          {"problem_name", c.problem_name},
          {"result", c.result},
          {"narrative", c.narrative},
          {"narrative_published", c.narrative_published}};
}

nlohmann::json RulesJson(const RuleBook& rules, const Taxonomy& taxonomy, std::string_view date) {
  nlohmann::json timers = nlohmann::json::array();
  for (const TimerRule& t : rules.timers())
    timers.push_back(
        {{"timer", TimerName(t.timer)},
         {"effective_from", t.effective_from},
         {"days", t.days},
         {"unit", t.unit == DayCount::kWorking ? "working" : "calendar"},
         {"source", t.source},
         {"in_force", rules.TimerOn(t.timer, date).ok() &&
                          rules.TimerOn(t.timer, date)->effective_from == t.effective_from}});
  nlohmann::json grounds = nlohmann::json::array();
  for (const std::string_view kind : {kInadmissible, kMediationEnd, kPauseMediate, kPauseVerify}) {
    for (const Ground& g : rules.GroundsOn(kind, date))
      grounds.push_back({{"kind", g.kind},
                         {"code", g.code},
                         {"article", g.article},
                         {"text", g.text},
                         {"effective_from", g.effective_from}});
  }
  nlohmann::json axes = nlohmann::json::array();
  for (const TaxonomyEntry& e : taxonomy.entries())
    axes.push_back({{"axis", e.axis}, {"code", e.code}, {"name", e.name}, {"group", e.group}});
  return {{"date", date}, {"timers", timers}, {"grounds", grounds}, {"taxonomy", axes}};
}

nlohmann::json ClassifierModelJson(const std::optional<ClassifierModelInfo>& m) {
  if (!m)
    return {{"in_use", false}, {"method", "rules"}};
  return {{"in_use", m->retired_at.empty()},
          {"method", "model"},
          {"id", m->id},
          {"digest", m->digest},
          {"tokenizer", m->tokenizer},
          {"labels", m->labels},
          {"vocabulary", m->vocabulary},
          {"documents", m->documents},
          {"installed_by", m->installed_by},
          {"installed_at", m->installed_at},
          {"retired_at", m->retired_at}};
}

}  // namespace zq::complaint
