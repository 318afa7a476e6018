#include "events/dead_letters.h"

#include <string>
#include <vector>

#include "store/domain_events.h"
#include "store/row_mapping.h"

namespace zq::events {
namespace {

using store::Value;

const store::Columns<DeadLetter>& DeadLetterColumns() {
  using D = DeadLetter;
  static const store::Columns<D> kColumns("id", &D::id, "consumer", &D::consumer, "seq", &D::seq,
                                          "attempts", &D::attempts, "last_error", &D::last_error,
                                          "failed_at", &D::failed_at, "last_attempt_at",
                                          &D::last_attempt_at);
  return kColumns;
}

// Adds what the event says about itself, through the outbox's own reader.
Status Describe(store::Transaction& tx, DeadLetter& d) {
  ZQ_ASSIGN_OR_RETURN(std::vector<store::DomainEvent> events,
                      store::ReadDomainEvents(tx, d.seq - 1, 1));
  if (events.empty() || events.front().seq != d.seq)
    return Status::Ok();  // not expected: the outbox is append-only
  d.kind = events.front().kind;
  d.source = events.front().source;
  d.source_id = events.front().source_id;
  d.occurred_on = events.front().occurred_on;
  return Status::Ok();
}

}  // namespace

Status AddDeadLetter(store::Transaction& tx, const DeadLetter& d) {
  const std::vector<Value> row = {d.consumer,   d.seq,       d.attempts,
                                  d.last_error, d.failed_at, d.last_attempt_at};
  return tx
      .Execute(
          "INSERT INTO domain_event_dead_letters (consumer, seq, attempts, last_error, failed_at, "
          "last_attempt_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer, seq) DO UPDATE SET "
          "attempts = excluded.attempts, last_error = excluded.last_error, "
          "last_attempt_at = excluded.last_attempt_at",
          row)
      .status();
}

Result<std::vector<DeadLetter>> ListDeadLetters(store::Transaction& tx, std::size_t limit,
                                                std::string_view consumer) {
  std::string sql = DeadLetterColumns().SelectFrom("domain_event_dead_letters");
  std::vector<Value> params;
  if (!consumer.empty()) {
    sql += " WHERE consumer = ?";
    params.emplace_back(std::string(consumer));
  }
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rows, tx.Query(sql, params));
  std::vector<DeadLetter> out;
  out.reserve(rows.rows.size());
  for (const store::Row& row : rows.rows) {
    out.push_back(DeadLetterColumns().FromRow(row));
    ZQ_RETURN_IF_ERROR(Describe(tx, out.back()));
  }
  return out;
}

Result<std::optional<DeadLetter>> FindDeadLetter(store::Transaction& tx, std::int64_t id) {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(
      std::optional<DeadLetter> d,
      DeadLetterColumns().QueryOne(tx, "domain_event_dead_letters WHERE id = ?", key));
  if (d)
    ZQ_RETURN_IF_ERROR(Describe(tx, *d));
  return d;
}

Result<bool> RemoveDeadLetter(store::Transaction& tx, std::int64_t id) {
  const std::vector<Value> key = {id};
  ZQ_ASSIGN_OR_RETURN(const std::int64_t removed,
                      tx.Execute("DELETE FROM domain_event_dead_letters WHERE id = ?", key));
  return removed == 1;
}

Status RecordFailedAttempt(store::Transaction& tx, std::int64_t id, std::string_view error,
                           std::string_view at) {
  const std::vector<Value> row = {std::string(error), std::string(at), id};
  return tx
      .Execute(
          "UPDATE domain_event_dead_letters SET attempts = attempts + 1, last_error = ?, "
          "last_attempt_at = ? WHERE id = ?",
          row)
      .status();
}

Result<std::int64_t> CountDeadLetters(store::Transaction& tx, std::string_view consumer) {
  const std::vector<Value> key = {std::string(consumer)};
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet rows,
      tx.Query("SELECT COUNT(*) FROM domain_event_dead_letters WHERE consumer = ?", key));
  return rows.rows.empty() ? 0 : rows.rows.front().GetInt(0);
}

}  // namespace zq::events
