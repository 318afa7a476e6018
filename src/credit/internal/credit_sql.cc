#include "credit/internal/credit_sql.h"

#include <charconv>

#include <fmt/format.h>

namespace zq::credit::internal {

using store::Value;

const store::Columns<CreditEvent>& EventColumns() {
  using E = CreditEvent;
  static const store::Columns<E> kColumns(
      "id", &E::id, "source", &E::source, "source_id", &E::source_id, "event_type", &E::event_type,
      "uscc", &E::uscc, "region_code", &E::region_code, "occurred_on", &E::occurred_on,
      "display_until", &E::display_until, "severity", &E::severity, "evidence_ref",
      &E::evidence_ref, "summary", &E::summary, "recorded_by", &E::recorded_by, "recorded_at",
      &E::recorded_at, "ends_event_id", &E::ends_event_id);
  return kColumns;
}

const store::Columns<GradeRecord>& GradeColumns() {
  using G = GradeRecord;
  const auto ids = [](const std::string& text) { return SplitIds(text).value_or({}); };
  static const store::Columns<G> kColumns(
      "id", &G::id, "uscc", &G::uscc, "region_code", &G::region_code, "risk_class", &G::risk_class,
      "grade", &G::grade, "risk_score", &G::risk_score, "grade_score", &G::grade_score,
      "abnormal_listed", &G::abnormal_listed, "serious_listed", &G::serious_listed, "rule_version",
      &G::rule_version, "as_of", &G::as_of, "event_ids", &G::event_ids, ids, "snapshot_hash",
      &G::snapshot_hash, "computed_at", &G::computed_at);
  return kColumns;
}

CreditEvent EventFromRow(const store::Row& r) { return EventColumns().FromRow(r); }

GradeRecord GradeFromRow(const store::Row& r) { return GradeColumns().FromRow(r); }

std::string JoinIds(const std::vector<std::int64_t>& ids) {
  return fmt::format("{}", fmt::join(ids, ","));
}

Result<std::vector<std::int64_t>> SplitIds(std::string_view text) {
  std::vector<std::int64_t> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find(',', pos);
    if (end == std::string_view::npos)
      end = text.size();
    std::int64_t id = 0;
    const auto [p, ec] = std::from_chars(text.data() + pos, text.data() + end, id);
    if (ec != std::errc() || p != text.data() + end)
      return Status(StatusCode::kInternal, "malformed event snapshot", "snapshot");
    out.push_back(id);
    pos = end + 1;
  }
  return out;
}

const std::vector<std::string>& GradeInsertColumns() {
  static const std::vector<std::string> kColumns = {
      "uscc",        "region_code",     "risk_class",     "grade",        "risk_score",
      "grade_score", "abnormal_listed", "serious_listed", "rule_version", "as_of",
      "event_ids",   "snapshot_hash",   "computed_at"};
  return kColumns;
}

std::vector<Value> GradeRow(const GradeRecord& g) {
  return {g.uscc,
          g.region_code,
          g.risk_class,
          g.grade,
          g.risk_score,
          g.grade_score,
          std::int64_t{g.abnormal_listed},
          std::int64_t{g.serious_listed},
          g.rule_version,
          g.as_of,
          JoinIds(g.event_ids),
          g.snapshot_hash,
          g.computed_at};
}

Result<std::int64_t> InsertGrade(store::Transaction& tx, const GradeRecord& g) {
  static const std::string kInsert = [] {
    std::string placeholders = "?";
    for (std::size_t i = 1; i < GradeInsertColumns().size(); ++i) placeholders += ", ?";
    return fmt::format("INSERT INTO credit_grades ({}) VALUES ({}) RETURNING id",
                       fmt::join(GradeInsertColumns(), ", "), placeholders);
  }();
  ZQ_ASSIGN_OR_RETURN(const store::ResultSet rs, tx.Query(kInsert, GradeRow(g)));
  return rs.rows.at(0).GetInt(0);
}

Result<CreditEvent> EventById(store::Transaction& tx, std::int64_t event_id) {
  const std::vector<Value> key = {event_id};
  return EventColumns().QueryOneOr(tx, "credit_events WHERE id = ?", key,
                                   Status::NotFound("no such credit event", "event_id"));
}

Result<std::string> RegionOfEntity(store::Transaction& tx, std::string_view uscc) {
  const std::vector<Value> key = {std::string(uscc)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet entity,
      tx.Query("SELECT region_code FROM registry_entity_facts WHERE uscc = ?", key));
  if (entity.rows.empty())
    return Status::NotFound("no such market entity", "uscc");
  return entity.rows[0].GetText(0);
}

Result<std::optional<GradeRecord>> LatestGrade(store::Transaction& tx, std::string_view uscc) {
  const std::vector<Value> key = {std::string(uscc)};
  return GradeColumns().QueryOne(tx, "credit_grades WHERE uscc = ? ORDER BY id DESC LIMIT 1", key);
}

GradeRecord GradeFor(std::string_view uscc, std::string_view region_code, const Assessment& a,
                     std::span<const ScoringEvent> events, std::string computed_at) {
  GradeRecord g;
  g.uscc = std::string(uscc);
  g.region_code = std::string(region_code);
  g.risk_class = a.risk_class;
  g.grade = a.grade;
  g.risk_score = a.risk_score;
  g.grade_score = a.grade_score;
  g.abnormal_listed = a.abnormal_listed;
  g.serious_listed = a.serious_listed;
  g.rule_version = a.rule_version;
  g.as_of = DayText(a.as_of);
  g.event_ids.reserve(events.size());
  for (const ScoringEvent& e : events) g.event_ids.push_back(e.id);
  g.snapshot_hash = SnapshotHash(events, a.snapshot_severity);
  g.computed_at = std::move(computed_at);
  return g;
}

bool Changed(const GradeRecord& last, const GradeRecord& next) {
  return last.risk_class != next.risk_class || last.grade != next.grade ||
         last.abnormal_listed != next.abnormal_listed ||
         last.serious_listed != next.serious_listed || last.rule_version != next.rule_version;
}

Result<std::vector<ScoringEvent>> ToScoring(std::span<const StoredEvent> events) {
  std::vector<ScoringEvent> out;
  out.reserve(events.size());
  for (const StoredEvent& e : events) {
    ScoringEvent s;
    s.id = e.id;
    s.type = e.event_type;
    s.ends_event = e.ends_event_id;
    s.severity = e.severity;
    ZQ_ASSIGN_OR_RETURN(s.occurred, DayNumber(e.occurred_on, "occurred_on"));
    if (!e.display_until.empty()) {
      ZQ_ASSIGN_OR_RETURN(s.display_until, DayNumber(e.display_until, "display_until"));
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace zq::credit::internal
