#include "credit/rescore.h"

#include <set>
#include <vector>

#include "credit/internal/credit_sql.h"
#include "credit/scoring.h"

namespace zq::credit {
namespace {

using store::Value;

// The latest grade row of each graded entity, in USCC order.
struct LastGrade {
  std::string uscc;
  GradeRecord grade;  // class, grade, list flags and rule version only
};

Result<std::vector<LastGrade>> LoadLatest(store::Transaction& tx) {
  std::vector<LastGrade> out;
  // Index-only scan in (uscc, id) order: the last row of each USCC is its latest.
  ZQ_RETURN_IF_ERROR(
      tx.QueryEach("SELECT uscc, risk_class, grade, abnormal_listed, serious_listed, rule_version "
                   "FROM credit_grades ORDER BY uscc, id",
                   {}, [&](const store::Row& r) {
                     std::string uscc = r.GetText(0);
                     if (out.empty() || out.back().uscc != uscc) {
                       out.emplace_back();
                       out.back().uscc = std::move(uscc);
                     }
                     GradeRecord& g = out.back().grade;
                     g.risk_class = r.GetText(1);
                     g.grade = r.GetText(2);
                     g.abnormal_listed = r.GetInt(3) != 0;
                     g.serious_listed = r.GetInt(4) != 0;
                     g.rule_version = r.GetText(5);
                     return true;
                   }));
  return out;
}

}  // namespace

Result<RescoreStats> RescoreAllEntities(store::Database& db, const RuleSet& rules,
                                        std::int32_t as_of, const std::string& computed_at,
                                        const RescoreOptions& options) {
  RescoreStats stats;
  stats.rule_version = rules.version();
  stats.as_of = DayText(as_of);
  ZQ_ASSIGN_OR_RETURN(auto read, db.Begin(store::TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(const std::vector<LastGrade> latest, LoadLatest(*read));
  std::size_t next_latest = 0;
  // Event type names live here; scoring events point into it.
  std::set<std::string, std::less<>> types;
  std::vector<ScoringEvent> events;
  std::string uscc;
  std::string region;
  std::vector<std::vector<Value>> batch;
  Status failure;

  const auto flush = [&]() -> Status {
    if (batch.empty())
      return Status::Ok();
    ZQ_RETURN_IF_ERROR(store::InTransaction(db, [&](store::Transaction& tx) {
      return tx.BulkInsert("credit_grades", internal::GradeInsertColumns(), batch);
    }));
    batch.clear();
    return Status::Ok();
  };
  const auto finish_entity = [&]() -> Status {
    if (uscc.empty())
      return Status::Ok();
    ++stats.entities;
    const Assessment a = Assess(rules, events, as_of);
    GradeRecord next = internal::GradeFor(uscc, region, a, events, computed_at);
    // Both streams come in the database's text order; for USCCs ([0-9A-Z] only) that is the byte
    // order of std::string on SQLite (BINARY) and PostgreSQL (C and en_US-style collations).
    while (next_latest < latest.size() && latest[next_latest].uscc < uscc) ++next_latest;
    const bool has_last = next_latest < latest.size() && latest[next_latest].uscc == uscc;
    if (!has_last || internal::Changed(latest[next_latest].grade, next)) {
      batch.push_back(internal::GradeRow(next));
      ++stats.changed;
      if (batch.size() >= options.batch_size)
        return flush();
    }
    return Status::Ok();
  };

  ZQ_RETURN_IF_ERROR(read->QueryEach(
      "SELECT uscc, id, event_type, occurred_on, display_until, region_code FROM credit_events "
      "ORDER BY uscc, id",
      {}, [&](const store::Row& r) {
        std::string row_uscc = r.GetText(0);
        if (row_uscc != uscc) {
          failure = finish_entity();
          if (!failure.ok())
            return false;
          uscc = std::move(row_uscc);
          events.clear();
        }
        region = r.GetText(5);
        ++stats.events;
        const std::string type = r.GetText(2);
        auto it = types.find(type);
        if (it == types.end())
          it = types.insert(type).first;
        ScoringEvent e;
        e.id = r.GetInt(1);
        e.type = *it;
        Result<std::int32_t> occurred = DayNumber(r.GetText(3), "occurred_on");
        if (!occurred.ok()) {
          failure = occurred.status();
          return false;
        }
        e.occurred = *occurred;
        const std::string until = r.GetText(4);
        if (!until.empty()) {
          Result<std::int32_t> day = DayNumber(until, "display_until");
          if (!day.ok()) {
            failure = day.status();
            return false;
          }
          e.display_until = *day;
        }
        events.push_back(e);
        return true;
      }));
  ZQ_RETURN_IF_ERROR(failure);
  ZQ_RETURN_IF_ERROR(finish_entity());
  ZQ_RETURN_IF_ERROR(flush());
  return stats;
}

}  // namespace zq::credit
