// CreditService's read side: the regulator's file, the department query, the public grade, the
// change feed, recomputation of a stored grade and the risk classes for the spot-check draw.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "core/calendar.h"
#include "core/ids/region_code.h"
#include "credit/credit_service.h"
#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"
#include "credit/internal/list_rows.h"
#include "credit/internal/repair_sql.h"

namespace zq::credit {
namespace {

using store::Value;

bool MayQuery(const auth::Caller& caller) {
  return caller.IsOfficial() ||
         (caller.IsDepartmentClient() && caller.HasPermission("credit.query"));
}

// `disputed`: events with a pending objection (异议中), marked on their reasons.
CreditStatus StatusFrom(std::string_view uscc, const GradeRecord& g, const Assessment& a,
                        const std::set<std::int64_t>& disputed = {}) {
  CreditStatus s;
  s.uscc = std::string(uscc);
  s.found = true;
  s.risk_class = g.risk_class;
  s.grade = g.grade;
  s.abnormal_listed = g.abnormal_listed;
  s.serious_listed = g.serious_listed;
  s.rule_version = g.rule_version;
  s.as_of = g.as_of;
  s.vetoes = a.vetoes;
  for (const Contribution& c : a.contributions) {
    if (!c.note.empty() || (c.risk_points == 0 && c.grade_points == 0))
      continue;
    Reason r;
    r.event_type = c.type;
    r.occurred_on = c.occurred_on;
    r.risk_points = c.risk_points;
    r.grade_points = c.grade_points;
    r.disputed = disputed.contains(c.event_id);
    if (Result<EventType> t = EventCatalogue::Builtin().Find(c.type, c.occurred_on); t.ok()) {
      r.name_zh = t->name_zh;
      r.legal_basis = t->legal_basis;
    }
    s.reasons.push_back(std::move(r));
  }
  std::stable_sort(s.reasons.begin(), s.reasons.end(), [](const Reason& x, const Reason& y) {
    return std::abs(x.risk_points) > std::abs(y.risk_points);
  });
  return s;
}

}  // namespace

Result<CreditFile> CreditService::File(const auth::Caller& caller, const ids::Uscc& id) {
  const std::string_view uscc = id.code;
  if (!caller.IsOfficial() && !caller.ActsForEntity(uscc))
    return Status::NotFound("no such market entity", "uscc");
  ZQ_ASSIGN_OR_RETURN(const std::string region, EntityRegion(caller, id));
  CreditFile f;
  f.uscc = std::string(uscc);
  f.region_code = region;
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(f.events, LoadEvents(*tx, uscc));
  ZQ_ASSIGN_OR_RETURN(const std::set<std::int64_t> disputed, internal::DisputedEventIds(*tx, uscc));
  for (CreditEvent& e : f.events) e.disputed = disputed.contains(e.id);
  const std::vector<Value> key = {std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT {} FROM credit_grades WHERE uscc = ? ORDER BY id DESC",
                            internal::GradeColumns().List()),
                key));
  for (const store::Row& row : rs.rows) f.history.push_back(internal::GradeFromRow(row));
  ZQ_ASSIGN_OR_RETURN(const std::vector<ScoringEvent> scoring, internal::ToScoring(f.events));
  const std::int32_t today = TodayNumber(clock_);
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(today));
  f.current = Assess(*rules, scoring, today, Explain::kYes);
  std::stable_sort(
      f.events.begin(), f.events.end(),
      [](const CreditEvent& a, const CreditEvent& b) { return a.occurred_on < b.occurred_on; });
  return f;
}

Result<CreditStatus> CreditService::Query(const auth::Caller& caller, const ids::Uscc& id) {
  const std::string_view uscc = id.code;
  // Without the credit.query permission nothing is in the caller's scope (DESIGN.md §3).
  if (!MayQuery(caller))
    return Status::NotFound("no credit information in your scope", "uscc");
  ZQ_RETURN_IF_ERROR(EntityRegion(caller, id).status());
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(std::optional<GradeRecord> g, internal::LatestGrade(*tx, uscc));
  if (!g.has_value()) {
    // Never graded: the rule set's assessment of an entity without events.
    ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(TodayNumber(clock_)));
    const Assessment a = Assess(*rules, {}, TodayNumber(clock_));
    return StatusFrom(uscc, internal::GradeFor(uscc, "", a, {}, ""), a);
  }
  ZQ_ASSIGN_OR_RETURN(const std::set<std::int64_t> disputed, internal::DisputedEventIds(*tx, uscc));
  // The reasons are those of the stored grade: its snapshot under its rule version.
  ZQ_ASSIGN_OR_RETURN(const Assessment a, Reassess(*tx, *g));
  return StatusFrom(uscc, *g, a, disputed);
}

Result<std::vector<CreditStatus>> CreditService::QueryBatch(const auth::Caller& caller,
                                                            std::span<const std::string> usccs) {
  if (!MayQuery(caller))
    return Status::PermissionDenied("credit queries need the credit.query permission");
  if (usccs.empty() || usccs.size() > 1000)
    return Status::InvalidArgument("between 1 and 1000 USCCs per batch", "usccs");
  std::vector<CreditStatus> out;
  for (std::size_t i = 0; i < usccs.size(); ++i) {
    const std::string& uscc = usccs[i];
    Result<ids::Uscc> parsed = ids::ParseUscc(uscc);
    if (!parsed.ok()) {
      return Status::InvalidArgument(fmt::format("usccs[{}]: {}", i, parsed.status().message()),
                                     "usccs");
    }
    Result<CreditStatus> one = Query(caller, *parsed);
    if (one.ok()) {
      out.push_back(std::move(one).value());
    } else if (one.status().code() == StatusCode::kNotFound) {
      CreditStatus missing;
      missing.uscc = uscc;
      out.push_back(std::move(missing));
    } else {
      return one.status();
    }
  }
  return out;
}

Result<PublicGrade> CreditService::Public(const ids::Uscc& id) {
  const std::string_view uscc = id.code;
  // No identity: a registered entity's grade is public. The registry's entity facts (no personal
  // data, nothing decrypted or audited) tell whether it is registered; a failed read stays the
  // failure it is (kUnavailable for an outage), only an unregistered USCC answers kNotFound.
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_RETURN_IF_ERROR(internal::RegionOfEntity(*tx, uscc).status());
  ZQ_ASSIGN_OR_RETURN(std::optional<GradeRecord> g, internal::LatestGrade(*tx, uscc));
  PublicGrade p;
  p.uscc = std::string(uscc);
  if (g.has_value()) {
    p.grade = g->grade;
    p.abnormal_listed = g->abnormal_listed;
    p.serious_listed = g->serious_listed;
    p.as_of = g->as_of;
  } else {
    ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(TodayNumber(clock_)));
    p.grade = Assess(*rules, {}, TodayNumber(clock_)).grade;
    p.as_of = DayText(TodayNumber(clock_));
  }
  return p;
}

Result<ChangePage> CreditService::Changes(const auth::Caller& caller, std::int64_t after,
                                          int limit) {
  if (!MayQuery(caller))
    return Status::NotFound("no credit information in your scope", "cursor");
  if (after < 0)
    return Status::InvalidArgument("cursor must be >= 0", "cursor");
  if (limit < 1 || limit > 1000)
    return Status::InvalidArgument("limit lies in 1-1000", "limit");
  ChangePage page;
  page.next_cursor = after;
  // The scope is in the query, so that a page holds `limit` changes the caller may read (a
  // county's first page is not empty because other regions' changes come first).
  std::string where = "id > ?";
  std::vector<Value> params = {after};
  if (caller.ReadsWithinRegion()) {
    if (caller.region_code.size() != 6)
      return page;
    where += " AND region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(caller.region_code)) + "%");
  }
  params.emplace_back(std::int64_t{limit});
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx->Query(fmt::format("SELECT {} FROM credit_grades WHERE {} ORDER BY id LIMIT ?",
                            internal::GradeColumns().List(), where),
                params));
  for (const store::Row& row : rs.rows) {
    GradeRecord g = internal::GradeFromRow(row);
    page.next_cursor = g.id;
    if (!caller.CanReadRegion(g.region_code))  // a bound key: its region
      continue;
    g.event_ids.clear();
    page.changes.push_back(std::move(g));
  }
  return page;
}

Result<Assessment> CreditService::Recompute(const auth::Caller& caller, std::int64_t grade_id) {
  if (!caller.IsOfficial())
    return Status::NotFound("no such grade", "grade_id");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const std::vector<Value> key = {grade_id};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM credit_grades WHERE id = ?",
                                            internal::GradeColumns().List()),
                                key));
  if (rs.rows.empty() || !caller.CanSeeRegion(rs.rows[0].GetText(2)))
    return Status::NotFound("no such grade", "grade_id");
  return Reassess(*tx, internal::GradeFromRow(rs.rows[0]));
}

Result<Assessment> CreditService::Reassess(store::Transaction& tx, const GradeRecord& g) const {
  ZQ_ASSIGN_OR_RETURN(const std::vector<StoredEvent> all, LoadEvents(tx, g.uscc));
  const std::set<std::int64_t> wanted(g.event_ids.begin(), g.event_ids.end());
  std::vector<StoredEvent> snapshot;
  for (const StoredEvent& e : all) {
    if (wanted.contains(e.id))
      snapshot.push_back(e);
  }
  ZQ_ASSIGN_OR_RETURN(const std::vector<ScoringEvent> scoring, internal::ToScoring(snapshot));
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetVersion(g.rule_version));
  const SnapshotSeverity severity =
      rules->uses_severity() ? SnapshotSeverity::kInclude : SnapshotSeverity::kOmit;
  if (snapshot.size() != wanted.size() || SnapshotHash(scoring, severity) != g.snapshot_hash)
    return Status(StatusCode::kInternal, "the stored events no longer match the grade's snapshot",
                  "snapshot");
  ZQ_ASSIGN_OR_RETURN(const std::int32_t as_of, DayNumber(g.as_of, "as_of"));
  return Assess(*rules, scoring, as_of, Explain::kYes);
}

Result<std::map<std::string, RiskClass>> CreditService::RiskClasses(
    store::Transaction& tx, std::span<const std::string> usccs) const {
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(TodayNumber(clock_)));
  const RiskClass fallback =
      RiskClassAt(Assess(*rules, {}, TodayNumber(clock_)).risk_index).value_or(RiskClass::kB);
  std::map<std::string, RiskClass> out;
  for (const std::string& uscc : usccs) out.emplace(uscc, fallback);
  // Set-based: one statement per chunk of USCCs (the last chunk padded with a repeat, so that one
  // prepared statement serves every chunk), answered from the covering index; of each USCC's
  // rows the one with the highest id is its latest grade.
  constexpr std::size_t kChunk = 500;
  static const std::string kSelect = [] {
    std::string marks = "?";
    for (std::size_t i = 1; i < kChunk; ++i) marks += ", ?";
    return "SELECT uscc, id, risk_class FROM credit_grades WHERE uscc IN (" + marks + ")";
  }();
  std::map<std::string_view, std::int64_t> latest_id;
  std::vector<Value> params(kChunk);
  for (auto it = out.begin(); it != out.end();) {
    const auto first = it;
    for (std::size_t i = 0; i < kChunk; ++i) {
      params[i] = (it == out.end() ? first : it++)->first;
    }
    ZQ_RETURN_IF_ERROR(tx.QueryEach(kSelect, params, [&](const store::Row& r) {
      const auto found = out.find(r.GetText(0));
      if (found == out.end())
        return true;
      std::int64_t& id = latest_id[found->first];
      if (r.GetInt(1) > id) {
        id = r.GetInt(1);
        found->second = ParseRiskClass(r.GetText(2)).value_or(fallback);
      }
      return true;
    }));
  }
  return out;
}

Result<std::vector<CreditEvent>> CreditService::EventsOfTypes(
    const auth::Caller& caller, std::span<const std::string> event_types,
    const std::optional<ids::RegionCode>& region, std::string_view since) {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("only officials list credit events by type");
  std::vector<CreditEvent> out;
  if (event_types.empty())
    return out;
  std::string where = "event_type IN (";
  std::vector<Value> params;
  for (std::size_t i = 0; i < event_types.size(); ++i) {
    where += i == 0 ? "?" : ", ?";
    params.emplace_back(event_types[i]);
  }
  where += ")";
  if (!since.empty()) {
    where += " AND occurred_on >= ?";
    params.emplace_back(std::string(since));
  }
  ZQ_RETURN_IF_ERROR(internal::AppendScope(caller, ids::CodeOrEmpty(region), where, params));
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx->Query(fmt::format("SELECT {} FROM credit_events WHERE {} ORDER BY id",
                                            internal::EventColumns().List(), where),
                                params));
  for (const store::Row& r : rs.rows) out.push_back(internal::EventFromRow(r));
  return out;
}

}  // namespace zq::credit
