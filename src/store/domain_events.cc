#include "store/domain_events.h"

#include <string>
#include <vector>

#include "store/row_mapping.h"

namespace zq::store {
namespace {

// PostgreSQL: appending transactions hold this advisory lock shared until they end;
// SettledDomainEventSeq takes it exclusively, so it waits for those in flight.
constexpr std::int64_t kAppendLockKey = 7202624;  // any constant shared by all zq processes

const Columns<DomainEvent>& EventColumns() {
  using E = DomainEvent;
  static const Columns<E> kColumns("seq", &E::seq, "source", &E::source, "source_id", &E::source_id,
                                   "kind", &E::kind, "uscc", &E::uscc, "region_code",
                                   &E::region_code, "occurred_on", &E::occurred_on, "payload",
                                   &E::payload, "recorded_at", &E::recorded_at);
  return kColumns;
}

Status CheckRequired(const DomainEvent& event) {
  const std::pair<std::string_view, const std::string*> required[] = {
      {"source", &event.source}, {"source_id", &event.source_id}, {"kind", &event.kind},
      {"uscc", &event.uscc},     {"payload", &event.payload},
  };
  for (const auto& [field, value] : required) {
    if (value->empty()) {
      return Status::InvalidArgument(std::string("a domain event needs its ") + std::string(field),
                                     std::string(field));
    }
  }
  for (const char c : event.kind) {
    if (c <= ' ' || c >= '\x7f')
      return Status::InvalidArgument("a domain event's kind is printable ASCII", "kind");
  }
  return Status::Ok();
}

// The condition on kind for a prefix: a range instead of LIKE, so '%' or '_' in a prefix mean
// themselves. Kinds are ASCII, so without a prefix the range ["", "\x7f") holds every kind.
std::pair<Value, Value> KindRange(std::string_view kind_prefix) {
  std::string lower(kind_prefix);
  std::string upper = lower + '\x7f';
  return {Value{std::move(lower)}, Value{std::move(upper)}};
}

}  // namespace

Result<std::int64_t> AppendDomainEvent(Transaction& tx, const DomainEvent& event) {
  ZQ_RETURN_IF_ERROR(CheckRequired(event));
  const std::vector<Value> key = {event.source, event.source_id};
  // Looked up first: on PostgreSQL a failed INSERT would abort the caller's whole transaction.
  ZQ_ASSIGN_OR_RETURN(
      ResultSet existing,
      tx.Query("SELECT seq FROM domain_events WHERE source = ? AND source_id = ?", key));
  if (!existing.rows.empty())
    return existing.rows.front().GetInt(0);
  if (tx.backend() == Backend::kPostgres) {
    const std::vector<Value> lock = {kAppendLockKey};
    ZQ_RETURN_IF_ERROR(tx.Query("SELECT pg_advisory_xact_lock_shared(?)", lock).status());
  }
  const std::vector<Value> row = {event.source,  event.source_id,   event.kind,
                                  event.uscc,    event.region_code, event.occurred_on,
                                  event.payload, event.recorded_at};
  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO domain_events (source, source_id, kind, uscc, "
                                "region_code, occurred_on, payload, recorded_at) "
                                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                row)
                         .status());
  ZQ_ASSIGN_OR_RETURN(
      ResultSet stored,
      tx.Query("SELECT seq FROM domain_events WHERE source = ? AND source_id = ?", key));
  if (stored.rows.empty())
    return Status::Internal("domain event not stored");
  return stored.rows.front().GetInt(0);
}

Result<std::int64_t> SettledDomainEventSeq(Database& db) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kReadOnly));
  if (tx->backend() == Backend::kPostgres) {
    const std::vector<Value> lock = {kAppendLockKey};
    ZQ_RETURN_IF_ERROR(tx->Query("SELECT pg_advisory_xact_lock(?)", lock).status());
  }
  // Under READ COMMITTED this statement's snapshot is taken after the lock: it sees every event
  // whose transaction ended while we waited.
  ZQ_ASSIGN_OR_RETURN(ResultSet rows, tx->Query("SELECT COALESCE(MAX(seq), 0) FROM domain_events"));
  return rows.rows.empty() ? 0 : rows.rows.front().GetInt(0);
}

Result<std::vector<DomainEvent>> ReadDomainEvents(Transaction& tx, std::int64_t after_seq,
                                                  std::size_t limit, std::string_view kind_prefix) {
  if (limit == 0)
    return std::vector<DomainEvent>();
  auto [lower, upper] = KindRange(kind_prefix);
  const std::vector<Value> params = {Value{after_seq}, std::move(lower), std::move(upper),
                                     Value{static_cast<std::int64_t>(limit)}};
  return EventColumns().QueryAll(
      tx, "domain_events WHERE seq > ? AND kind >= ? AND kind < ? ORDER BY seq LIMIT ?", params);
}

Result<std::int64_t> DomainEventCursor(Transaction& tx, std::string_view consumer) {
  const std::vector<Value> key = {std::string(consumer)};
  ZQ_ASSIGN_OR_RETURN(
      ResultSet rows,
      tx.Query("SELECT last_seq FROM domain_event_cursors WHERE consumer = ?", key));
  return rows.rows.empty() ? 0 : rows.rows.front().GetInt(0);
}

Status AdvanceDomainEventCursor(Transaction& tx, std::string_view consumer, std::int64_t seq) {
  if (consumer.empty())
    return Status::InvalidArgument("a cursor needs its consumer", "consumer");
  const std::vector<Value> row = {std::string(consumer), seq};
  return tx
      .Execute(
          "INSERT INTO domain_event_cursors (consumer, last_seq) VALUES (?, ?) "
          "ON CONFLICT (consumer) DO UPDATE SET last_seq = excluded.last_seq",
          row)
      .status();
}

Result<bool> MoveDomainEventCursor(Transaction& tx, std::string_view consumer,
                                   std::int64_t from_seq, std::int64_t to_seq) {
  if (consumer.empty())
    return Status::InvalidArgument("a cursor needs its consumer", "consumer");
  const std::vector<Value> fresh = {std::string(consumer)};
  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO domain_event_cursors (consumer, last_seq) "
                                "VALUES (?, 0) ON CONFLICT (consumer) DO NOTHING",
                                fresh)
                         .status());
  // Compare and set: under PostgreSQL's READ COMMITTED a concurrent mover's update blocks this
  // one, which then finds the cursor moved and changes nothing.
  const std::vector<Value> move = {to_seq, std::string(consumer), from_seq};
  ZQ_ASSIGN_OR_RETURN(const std::int64_t changed,
                      tx.Execute("UPDATE domain_event_cursors SET last_seq = ? "
                                 "WHERE consumer = ? AND last_seq = ?",
                                 move));
  return changed == 1;
}

Result<std::int64_t> CountDomainEvents(Transaction& tx, std::int64_t after_seq,
                                       std::string_view kind_prefix) {
  auto [lower, upper] = KindRange(kind_prefix);
  const std::vector<Value> params = {Value{after_seq}, std::move(lower), std::move(upper)};
  ZQ_ASSIGN_OR_RETURN(ResultSet rows, tx.Query("SELECT COUNT(*) FROM domain_events "
                                               "WHERE seq > ? AND kind >= ? AND kind < ?",
                                               params));
  return rows.rows.empty() ? 0 : rows.rows.front().GetInt(0);
}

}  // namespace zq::store
