#include "credit/credit_service.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/csv.h"
#include "core/ids/uscc.h"
#include "credit/event_catalogue.h"
#include "credit/internal/credit_sql.h"

namespace zq::credit {
namespace {

using store::Value;

// A source department's name: 1-64 characters, each an ASCII letter or digit, '-', '_', '.', ':'
// or a non-ASCII character other than a space or a control (税务局, 国家税务总局山东省税务局,
// tax-bureau). Whitespace, quotes and the rest of ASCII punctuation are refused, so a source reads
// the same in a CSV file, a URL and the audit log.
bool IsSourceName(std::string_view s) {
  if (s.empty() || !IsValidUtf8(s))
    return false;
  std::size_t characters = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    ++characters;
    if (b < 0x80) {
      const bool ok = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z') ||
                      b == '-' || b == '_' || b == '.' || b == ':';
      if (!ok)
        return false;
      ++i;
      continue;
    }
    const std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    const std::string_view ch = s.substr(i, len);
    // U+0080-U+009F (C1 controls), U+00A0 (no-break space), U+3000 (ideographic space), U+FEFF.
    if (ch == "\u00A0" || ch == "\u3000" || ch == "\uFEFF" ||
        (len == 2 && b == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0))
      return false;
    i += len;
  }
  return characters <= 64;
}

}  // namespace

Status CheckReporter(const auth::Caller& caller) {
  if (caller.CanWrite())
    return Status::Ok();
  if (caller.IsDepartmentClient() && caller.HasPermission("credit.events"))
    return Status::Ok();
  return Status::PermissionDenied("this caller may not report credit events");
}

Status CreditService::StoreRuleSet(store::Transaction& tx, const RuleSet& r) const {
  const std::vector<Value> key = {r.version()};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs,
                      tx.Query("SELECT sha FROM credit_rule_sets WHERE version = ?", key));
  if (!rs.rows.empty()) {
    if (rs.rows[0].GetText(0) != r.hash()) {
      return Status::FailedPrecondition(
          "rule set " + r.version() + " differs from the stored one; publish a new version",
          "rules");
    }
    return Status::Ok();
  }
  const std::vector<Value> row = {r.version(), r.effective_from(), r.text(), r.hash()};
  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO credit_rule_sets (version, effective_from, body, sha) "
                                "VALUES (?, ?, ?, ?)",
                                row)
                         .status());
  return audit_.Append(tx, auth::Caller::System(), "credit.rules.store",
                       "credit_rules:" + r.version());
}

// Reads only (the shipped versions and a read-only transaction), so that it may run while the
// caller holds a write transaction; a version is stored with the first grade that uses it.
// Entries are only added, never replaced, so pointers handed out stay valid.
Status CreditService::EnsureRuleSets(Reload reload) const {
  const std::lock_guard lock(rules_mutex_);
  if (!rules_.empty() && reload == Reload::kNo)
    return Status::Ok();
  for (const RuleSet& r : RuleSet::Builtin()) {
    if (!rules_.contains(r.version()))
      rules_[r.version()] = std::make_unique<RuleSet>(r);
  }
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx->Query("SELECT version, body FROM credit_rule_sets"));
  for (const store::Row& row : rs.rows) {
    if (rules_.contains(row.GetText(0)))
      continue;
    ZQ_ASSIGN_OR_RETURN(RuleSet r, RuleSet::Parse(row.GetText(1)));
    rules_[row.GetText(0)] = std::make_unique<RuleSet>(std::move(r));
  }
  return Status::Ok();
}

Status CreditService::LoadRuleSets() const {
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    for (const RuleSet& r : RuleSet::Builtin()) ZQ_RETURN_IF_ERROR(StoreRuleSet(tx, r));
    return Status::Ok();
  }));
  return EnsureRuleSets(Reload::kYes);
}

Result<const RuleSet*> CreditService::RuleSetVersion(std::string_view version) const {
  ZQ_RETURN_IF_ERROR(EnsureRuleSets());
  const std::lock_guard lock(rules_mutex_);
  const auto it = rules_.find(version);
  if (it == rules_.end())
    return Status::NotFound("no stored rule set " + std::string(version), "rule_version");
  return it->second.get();
}

Result<const RuleSet*> CreditService::RuleSetOn(std::int32_t day) const {
  ZQ_RETURN_IF_ERROR(EnsureRuleSets());
  const std::lock_guard lock(rules_mutex_);
  const RuleSet* best = nullptr;
  const std::string date = DayText(day);
  for (const auto& [version, r] : rules_) {
    if (r->effective_from() <= date &&
        (best == nullptr || r->effective_from() > best->effective_from())) {
      best = r.get();
    }
  }
  if (best == nullptr)
    return Status::FailedPrecondition("no rule set is in force on " + date, "rules");
  return best;
}

Status CreditService::PrepareEvent(const auth::Caller& caller, CreditEvent& e) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  return PrepareEventInTx(*tx, caller, e);
}

Status CreditService::PrepareEventInTx(store::Transaction& tx, const auth::Caller& caller,
                                       CreditEvent& e) {
  if (caller.IsDepartmentClient() && e.source.empty())
    e.source = caller.actor;
  if (!IsSourceName(e.source))
    return Status::InvalidArgument(
        "source: 1-64 characters: Chinese, letters, digits, '-', '_', '.' or ':' (税务局, "
        "tax-bureau)",
        "source");
  if (e.source_id.empty() || e.source_id.size() > 128)
    return Status::InvalidArgument("source_id is required (at most 128 bytes)", "source_id");
  ZQ_ASSIGN_OR_RETURN(const std::int32_t occurred, DayNumber(e.occurred_on, "occurred_on"));
  if (occurred > TodayNumber(clock_))
    return Status::InvalidArgument("occurred_on lies in the future", "occurred_on");
  ZQ_ASSIGN_OR_RETURN(const EventType type,
                      EventCatalogue::Builtin().Find(e.event_type, e.occurred_on));
  ZQ_RETURN_IF_ERROR(ids::ParseUscc(e.uscc).status());  // names the failed GB 32100 rule
  if (e.evidence_ref.empty() || e.evidence_ref.size() > 400)
    return Status::InvalidArgument("evidence_ref is required (at most 400 bytes)", "evidence_ref");
  if (e.summary.size() > 2000)
    return Status::InvalidArgument("summary: at most 2000 bytes", "summary");
  if (e.severity < -1 || e.severity > 5)
    return Status::InvalidArgument("severity lies in 0-5", "severity");
  if (IsEndingType(e.event_type) != (e.ends_event_id != 0)) {
    return e.ends_event_id == 0
               ? Status::InvalidArgument(e.event_type + " ends another event: name it (EndEvent)",
                                         "ends_event_id")
               : Status::InvalidArgument("only record.withdrawn or record.repaired end an event",
                                         "ends_event_id");
  }
  ZQ_RETURN_IF_ERROR(CheckReporter(caller));
  if (caller.IsDepartmentClient() && e.source != caller.actor)
    return Status::PermissionDenied("a department reports under its own name", "source");
  ZQ_ASSIGN_OR_RETURN(std::string region, internal::RegionOfEntity(tx, e.uscc));
  if (caller.CanWrite() && !caller.CanWriteIn(region))
    return Status::NotFound("no such market entity", "uscc");
  e.region_code = std::move(region);
  e.display_until =
      type.display_months == 0 ? std::string() : DayText(AddMonths(occurred, type.display_months));
  if (e.severity < 0)
    e.severity = type.default_severity;
  return Status::Ok();
}

Result<std::vector<RecordOutcome>> CreditService::StoreEvents(store::Transaction& tx,
                                                              const auth::Caller& caller,
                                                              std::span<const CreditEvent> events) {
  std::vector<RecordOutcome> out;
  std::set<std::pair<std::string, std::string>> touched;
  const std::string now = auth::FormatTimestamp(clock_.Now());
  const std::string select =
      fmt::format("SELECT {} FROM credit_events WHERE source = ? AND source_id = ?",
                  internal::EventColumns().List());
  for (CreditEvent e : events) {
    const std::vector<Value> key = {e.source, e.source_id};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet existing, tx.Query(select, key));
    if (!existing.rows.empty()) {
      out.push_back({internal::EventFromRow(existing.rows[0]), false});
      continue;
    }
    if (e.ends_event_id != 0)
      ZQ_RETURN_IF_ERROR(CheckEndable(tx, e));
    e.recorded_by = caller.actor;
    e.recorded_at = now;
    const std::vector<Value> row = {
        e.source,       e.source_id,   e.event_type,    e.uscc,
        e.region_code,  e.occurred_on, e.display_until, std::int64_t{e.severity},
        e.evidence_ref, e.summary,     e.recorded_by,   e.recorded_at,
        e.ends_event_id};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO credit_events (source, source_id, event_type, uscc, region_code, "
                   "occurred_on, display_until, severity, evidence_ref, summary, recorded_by, "
                   "recorded_at, ends_event_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   row)
            .status());
    ZQ_ASSIGN_OR_RETURN(store::ResultSet stored, tx.Query(select, key));
    e.id = stored.rows.at(0).GetInt(0);
    nlohmann::json detail = {
        {"uscc", e.uscc}, {"event_type", e.event_type}, {"occurred_on", e.occurred_on}};
    if (e.ends_event_id != 0)
      detail["ends_event_id"] = e.ends_event_id;
    ZQ_RETURN_IF_ERROR(audit_.Append(tx, caller, "credit.event.record",
                                     fmt::format("credit_event:{}", e.id), detail.dump()));
    touched.emplace(e.uscc, e.region_code);
    out.push_back({std::move(e), true});
  }
  for (const auto& [uscc, region] : touched)
    ZQ_RETURN_IF_ERROR(RescoreInTx(tx, uscc, region).status());
  return out;
}

Result<RecordOutcome> CreditService::RecordEvent(const auth::Caller& caller, CreditEvent event) {
  ZQ_RETURN_IF_ERROR(PrepareEvent(caller, event));
  std::vector<RecordOutcome> outcome;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(outcome, StoreEvents(tx, caller, std::span(&event, 1)));
    return Status::Ok();
  }));
  return outcome.at(0);
}

Result<std::vector<StoredEvent>> CreditService::LoadEvents(store::Transaction& tx,
                                                           std::string_view uscc) const {
  const std::vector<Value> key = {std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM credit_events WHERE uscc = ? ORDER BY id",
                           internal::EventColumns().List()),
               key));
  std::vector<StoredEvent> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(internal::EventFromRow(row));
  return out;
}

Result<GradeRecord> CreditService::RescoreInTx(store::Transaction& tx, std::string_view uscc,
                                               std::string_view region_code) {
  ZQ_ASSIGN_OR_RETURN(const std::vector<StoredEvent> events, LoadEvents(tx, uscc));
  ZQ_ASSIGN_OR_RETURN(const std::vector<ScoringEvent> scoring, internal::ToScoring(events));
  const std::int32_t today = TodayNumber(clock_);
  ZQ_ASSIGN_OR_RETURN(const RuleSet* rules, RuleSetOn(today));
  const Assessment a = Assess(*rules, scoring, today);
  GradeRecord next =
      internal::GradeFor(uscc, region_code, a, scoring, auth::FormatTimestamp(clock_.Now()));
  ZQ_ASSIGN_OR_RETURN(std::optional<GradeRecord> last, internal::LatestGrade(tx, uscc));
  if (events.empty() && !last.has_value())
    return next;  // never graded and nothing to grade: the rule set's default, not stored
  if (last.has_value() && !internal::Changed(*last, next))
    return *last;
  ZQ_RETURN_IF_ERROR(StoreRuleSet(tx, *rules));  // with the first grade that uses it
  ZQ_ASSIGN_OR_RETURN(next.id, internal::InsertGrade(tx, next));
  return next;
}

Result<GradeRecord> CreditService::Rescore(const auth::Caller& caller, const ids::Uscc& uscc) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("this role may not rescore");
  ZQ_ASSIGN_OR_RETURN(const std::string region, EntityRegion(caller, uscc));
  GradeRecord out;
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_ASSIGN_OR_RETURN(out, RescoreInTx(tx, uscc.code, region));
    return audit_.Append(tx, caller, "credit.rescore", "entity:" + uscc.code);
  }));
  return out;
}

Result<std::string> CreditService::EntityRegion(const auth::Caller& caller, const ids::Uscc& uscc) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(std::string region, internal::RegionOfEntity(*tx, uscc.code));
  const bool may = caller.ActsForEntity(uscc.code) ||
                   caller.CanReadRegion(region);  // officials; department keys within their region
  if (!may)
    return Status::NotFound("no such market entity", "uscc");
  return region;
}

}  // namespace zq::credit
