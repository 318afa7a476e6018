#include "credit/internal/credit_sql.h"

#include <charconv>

#include <fmt/format.h>

namespace zq::credit::internal {

using store::Value;

CreditEvent EventFromRow(const store::Row& r) {
  CreditEvent e;
  e.id = r.GetInt(0);
  e.source = r.GetText(1);
  e.source_id = r.GetText(2);
  e.event_type = r.GetText(3);
  e.uscc = r.GetText(4);
  e.region_code = r.GetText(5);
  e.occurred_on = r.GetText(6);
  e.display_until = r.GetText(7);
  e.severity = static_cast<int>(r.GetInt(8));
  e.evidence_ref = r.GetText(9);
  e.summary = r.GetText(10);
  e.recorded_by = r.GetText(11);
  e.recorded_at = r.GetText(12);
  e.ends_event_id = r.GetInt(13);
  return e;
}

GradeRecord GradeFromRow(const store::Row& r) {
  GradeRecord g;
  g.id = r.GetInt(0);
  g.uscc = r.GetText(1);
  g.region_code = r.GetText(2);
  g.risk_class = r.GetText(3);
  g.grade = r.GetText(4);
  g.risk_score = r.GetDouble(5);
  g.grade_score = r.GetDouble(6);
  g.abnormal_listed = r.GetInt(7) != 0;
  g.serious_listed = r.GetInt(8) != 0;
  g.rule_version = r.GetText(9);
  g.as_of = r.GetText(10);
  g.event_ids = SplitIds(r.GetText(11)).value_or({});
  g.snapshot_hash = r.GetText(12);
  g.computed_at = r.GetText(13);
  return g;
}

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
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM credit_events WHERE id = ?", kEventColumns), key));
  if (rs.rows.empty())
    return Status::NotFound("no such credit event", "event_id");
  return EventFromRow(rs.rows[0]);
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
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rs,
      tx.Query(fmt::format("SELECT {} FROM credit_grades WHERE uscc = ? ORDER BY id DESC LIMIT 1",
                           kGradeColumns),
               key));
  if (rs.rows.empty())
    return std::optional<GradeRecord>();
  return std::optional<GradeRecord>(GradeFromRow(rs.rows[0]));
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
