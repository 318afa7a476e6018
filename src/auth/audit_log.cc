#include "auth/audit_log.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "core/calendar.h"
#include "store/row_mapping.h"

namespace zq::auth {
namespace {

using store::Value;

// prev_hash is not stored (auth migration 0004): it is always the hash of the entry before.
const store::Columns<AuditEntry>& EntryColumns() {
  using E = AuditEntry;
  static const store::Columns<E> kColumns("seq", &E::seq, "at", &E::at, "actor", &E::actor, "role",
                                          &E::role, "action", &E::action, "object", &E::object,
                                          "request_id", &E::request_id, "source", &E::source,
                                          "detail", &E::detail, "hash", &E::hash);
  return kColumns;
}

struct TailMark {
  std::int64_t seq = 0;
  std::string mac;  // "1" in a database not yet sealed (auth migration 0005)
};

// Reads the whole log in insertion order, each entry's prev_hash taken from the entry before,
// and every entry marked as the tail, with its mark.
Result<std::vector<AuditEntry>> ReadChain(store::Transaction& tx,
                                          std::vector<TailMark>* tails = nullptr) {
  std::vector<AuditEntry> entries;
  std::string prev(kAuditGenesisHash);
  ZQ_RETURN_IF_ERROR(tx.QueryEach(
      fmt::format("SELECT {}, tail FROM audit_log ORDER BY seq", EntryColumns().List()), {},
      [&](const store::Row& row) {
        entries.push_back(EntryColumns().FromRow(row));
        entries.back().prev_hash = std::move(prev);
        prev = entries.back().hash;
        const std::size_t tail = EntryColumns().size();
        if (tails != nullptr && !row.IsNull(tail))
          tails->push_back(TailMark{entries.back().seq, row.GetText(tail)});
        return true;
      }));
  return entries;
}

// Inserts an entry marked as the tail (its mark: the head's MAC over its seq and hash).
const std::string& InsertSql() {
  static const std::string sql =
      fmt::format("INSERT INTO audit_log ({}, tail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  EntryColumns().List());
  return sql;
}

std::vector<Value> InsertParams(const AuditEntry& e, std::string mark) {
  return {e.seq,        e.at,     e.actor,  e.role, e.action,       e.object,
          e.request_id, e.source, e.detail, e.hash, std::move(mark)};
}

// Inserts an entry marked as the tail, if the entry before it still carries the mark it was read
// with: otherwise the hash is NULL and the statement fails (NOT NULL), as
// Transaction::ExecuteDeferred requires. Inserting moves the mark: the trigger of auth migration
// 0007 clears the previous entry's, on the page the new entry goes to.
const std::string& InsertAfterSql() {
  static const std::string sql = fmt::format(
      "INSERT INTO audit_log ({}, tail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT CAST(? AS "
      "TEXT) FROM audit_log WHERE seq = ? AND hash = ? AND COALESCE(CAST(tail AS TEXT), '') = ?), "
      "?)",
      EntryColumns().List());
  return sql;
}

// How often an append that read the head tries again after an append that did not read it
// committed first (PostgreSQL), before it gives up with kUnavailable. Each retry means another
// append went through. The count travels with the fallback that retries (the fallback below).
constexpr int kMaxRetries = 32;
thread_local int retry_of_fallback = 0;  // set by the retrying fallback for the call it makes

// `next` with its tail mark, to follow `previous` as long as it carries `previous_mark` ('' for
// none).
std::vector<Value> InsertAfterParams(const AuditEntry& previous, std::string previous_mark,
                                     const AuditEntry& next, std::string next_mark) {
  return {next.seq,
          next.at,
          next.actor,
          next.role,
          next.action,
          next.object,
          next.request_id,
          next.source,
          next.detail,
          next.hash,
          previous.seq,
          previous.hash,
          std::move(previous_mark),
          std::move(next_mark)};
}

// substr() counts characters on both backends; a UTF-8 prefix's character count.
std::int64_t CharacterCount(std::string_view text) {
  std::int64_t n = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++n;
  }
  return n;
}

}  // namespace

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  return FormatUtcTimestamp(std::chrono::floor<std::chrono::milliseconds>(t));
}

Status AuditLog::Append(store::Transaction& tx, const Caller& caller, std::string_view action,
                        std::string_view object, std::string_view detail) const {
  AuditEntry entry;
  entry.at = FormatTimestamp(clock_.Now());
  entry.actor = caller.actor;
  entry.role = std::string(RoleName(caller.role));
  entry.action = std::string(action);
  entry.object = std::string(object);
  entry.request_id = caller.request_id;
  entry.source = caller.source;
  entry.detail = std::string(detail);

  AuditEntry cached;
  {
    std::lock_guard lock(head_->mu);
    cached.seq = head_->seq;
    cached.hash = head_->hash;
  }
  if (cached.seq <= 0)
    return AppendAfterReadingHead(tx, entry);
  // The usual case: extend the head this process saw last, if it is still the tail. One
  // statement checks it, inserts the entry and moves the tail mark, deferred to the round trip
  // of COMMIT; it fails if the tail moved on (another process's append, or our last append was
  // rolled back), and then the transaction returns to the point before it and appends after
  // reading the head instead. The cache is only a guess either way, so it may take `next` now.
  AuditEntry next = entry;
  chain_.Link(&cached, next);
  Remember(next);
  return tx.ExecuteDeferred(
      InsertAfterSql(),
      InsertAfterParams(cached, chain_.HeadMac(HeadCopy::kStored, cached.seq, cached.hash), next,
                        chain_.HeadMac(HeadCopy::kStored, next.seq, next.hash)),
      [this, entry](store::Transaction& t) { return AppendAfterReadingHead(t, entry); });
}

Status AuditLog::AppendAfterReadingHead(store::Transaction& tx, AuditEntry entry) const {
  // Unknown or stale head (first append of this process, another process appended, or our last
  // append was rolled back). Touching the head row first serialises the appenders that read the
  // head (PostgreSQL: its row lock, held to commit; SQLite's write lock does so already). The
  // head row keeps a sealed point the log has reached, for Verify; it is brought up to date here.
  const int retry = std::exchange(retry_of_fallback, 0);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet head,
                      tx.Query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, mac"));
  if (head.rows.size() != 1)
    return Status::Internal("audit_head row is missing");
  ZQ_ASSIGN_OR_RETURN(store::ResultSet last,
                      tx.Query("SELECT seq, hash, tail FROM audit_log ORDER BY seq DESC LIMIT 1"));
  // A database not yet sealed (before auth migration 0005) marks its tail with 1 and has no head
  // MAC; its first append seals it, trusting what is there as the first append always did.
  const bool unsealed = head.rows[0].IsNull(1);
  AuditEntry newest;
  newest.hash = std::string(kAuditGenesisHash);
  std::string mark;
  if (!last.rows.empty()) {
    newest.seq = last.rows[0].GetInt(0);
    newest.hash = last.rows[0].GetText(1);
    mark = last.rows[0].GetText(2);
  }
  AuditEntry previous = newest;
  // The newest entry does not carry a valid tail mark: entries after it were removed (and the
  // mark moved by someone without the key). Leave a gap for Verify to name rather than filling it.
  if (!last.rows.empty() &&
      !chain_.HeadMacHolds(HeadCopy::kStored, newest.seq, newest.hash, mark) &&
      !(unsealed && mark == "1")) {
    ++previous.seq;
  }
  // Likewise when the head is beyond the newest entry.
  previous.seq = std::max(previous.seq, head.rows[0].GetInt(0));
  chain_.Link(previous.seq == 0 ? nullptr : &previous, entry);
  const std::string mac = chain_.HeadMac(HeadCopy::kStored, entry.seq, entry.hash);
  if (last.rows.empty() || previous.seq != newest.seq) {
    // An empty log, or a gap: only appenders that read the head write here, one at a time (the
    // usual case needs a valid mark on the newest entry). The insert clears only its direct
    // predecessor's mark.
    if (!last.rows.empty()) {
      const std::vector<Value> p = {newest.seq};
      ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE audit_log SET tail = NULL WHERE seq = ?", p).status());
    }
    ZQ_RETURN_IF_ERROR(tx.Execute(InsertSql(), InsertParams(entry, mac)).status());
  } else {
    // Extending the newest entry, checked as in the usual case: an append that did not read the
    // head may have committed since it was read (on PostgreSQL; SQLite's write lock excludes
    // it). Then the transaction returns to the point before, and this is done again.
    ZQ_RETURN_IF_ERROR(tx.ExecuteDeferred(
        InsertAfterSql(), InsertAfterParams(newest, mark, entry, mac),
        [this, entry, retry](store::Transaction& t) {
          if (retry >= kMaxRetries)
            return Status::Unavailable("the audit log's tail kept moving; try again");
          retry_of_fallback = retry + 1;
          return AppendAfterReadingHead(t, entry);
        }));
  }
  // Deferred too, so that it runs only after the insert succeeded; and only if the entry it
  // names is there.
  std::vector<Value> head_row = {entry.seq, entry.hash, mac, entry.seq, entry.hash};
  ZQ_RETURN_IF_ERROR(tx.ExecuteDeferred(
      "UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1 AND EXISTS (SELECT 1 FROM "
      "audit_log WHERE seq = ? AND hash = ?)",
      std::move(head_row), [](store::Transaction&) { return Status::Ok(); }));
  Remember(entry);
  return Status::Ok();
}

void AuditLog::Remember(const AuditEntry& head) const {
  std::lock_guard lock(head_->mu);
  head_->seq = head.seq;
  head_->hash = head.hash;
}

Result<std::optional<ChainFinding>> AuditLog::Verify(
    store::Database& db, std::span<const AuditHead> recorded_heads) const {
  using Finding = std::optional<ChainFinding>;
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  std::vector<TailMark> tails;
  ZQ_ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, ReadChain(*tx, &tails));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet head,
                      tx->Query("SELECT seq, hash, mac FROM audit_head WHERE id = 1"));
  if (head.rows.empty())
    return Finding(ChainFinding{ChainBreak::kRemoved, 0, "the audit head row is missing"});
  const std::int64_t head_seq = head.rows[0].GetInt(0);
  const std::string head_hash = head.rows[0].GetText(1);
  const auto count = static_cast<std::int64_t>(entries.size());
  // The head must be sealed by a key holder; only a new database's empty head is not.
  if (head.rows[0].IsNull(2) && (count > 0 || head_seq != 0)) {
    return Finding(ChainFinding{
        ChainBreak::kAltered, head_seq,
        "the audit head carries no MAC: it was altered, or the database was written before "
        "auth migration 0005 (its next audited write seals the head)"});
  }
  if (!head.rows[0].IsNull(2) &&
      !chain_.HeadMacHolds(HeadCopy::kStored, head_seq, head_hash, head.rows[0].GetText(2))) {
    return Finding(ChainFinding{ChainBreak::kAltered, head_seq,
                                "the audit head was altered: its MAC does not hold"});
  }
  if (auto finding = chain_.Verify(entries, head_seq))
    return finding;
  // The log reaches the head (checked above); the entry there must be the one the head sealed.
  if (head_seq > 0 && entries[static_cast<std::size_t>(head_seq - 1)].hash != head_hash) {
    return Finding(ChainFinding{ChainBreak::kAltered, head_seq,
                                fmt::format("entry {} does not match the audit head", head_seq)});
  }
  // The head is a point the log has reached; the newest entry carries the tail mark (the head's
  // MAC over its seq and hash), and no other entry does.
  if (!entries.empty() &&
      (tails.empty() || tails.back().seq != count ||
       !chain_.HeadMacHolds(HeadCopy::kStored, count, entries.back().hash, tails.back().mac))) {
    return Finding(ChainFinding{
        ChainBreak::kRemoved, count + 1,
        fmt::format("entries after {} are missing: it is not sealed as the last", count)});
  }
  if (tails.size() > 1) {
    return Finding(
        ChainFinding{ChainBreak::kAltered, tails.front().seq,
                     fmt::format("entry {} is marked as the last but is not", tails.front().seq)});
  }
  // Heads recorded outside the database (auth/audit_head_file.h, the operator's log): the log
  // must reach each and hold its hash at its seq, or it was cut back (or rewritten) since.
  for (const AuditHead& recorded : recorded_heads) {
    if (recorded.seq > count) {
      return Finding(ChainFinding{
          ChainBreak::kRemoved, count + 1,
          fmt::format("entries from {} on are missing: the log ends before the head recorded "
                      "outside the database (entry {})",
                      count + 1, recorded.seq)});
    }
    if (recorded.seq > 0 &&
        entries[static_cast<std::size_t>(recorded.seq - 1)].hash != recorded.hash) {
      return Finding(ChainFinding{
          ChainBreak::kAltered, recorded.seq,
          fmt::format("entry {} differs from the head recorded outside the database: the log "
                      "was cut back and written again, or replaced",
                      recorded.seq)});
    }
  }
  return Finding();
}

Result<AuditHead> AuditLog::Head(store::Transaction& tx) const {
  ZQ_ASSIGN_OR_RETURN(store::ResultSet last,
                      tx.Query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  AuditHead head;
  if (!last.rows.empty()) {
    head.seq = last.rows[0].GetInt(0);
    head.hash = last.rows[0].GetText(1);
  }
  return head;
}

Result<bool> AuditLog::Holds(store::Transaction& tx, const AuditHead& head) const {
  if (head.seq == 0)
    return head.hash == kAuditGenesisHash;
  const std::vector<Value> p = {head.seq};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query("SELECT hash FROM audit_log WHERE seq = ?", p));
  return !rs.rows.empty() && rs.rows[0].GetText(0) == head.hash;
}

Status AuditLog::Rekey(store::Transaction& tx, const AuditChain& new_chain) const {
  ZQ_ASSIGN_OR_RETURN(std::vector<AuditEntry> entries, ReadChain(tx));
  std::string prev(kAuditGenesisHash);
  for (AuditEntry& e : entries) {
    e.prev_hash = prev;
    e.hash = new_chain.HashOf(e);
    prev = e.hash;
    const std::vector<Value> p = {e.hash, e.seq};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE audit_log SET hash = ? WHERE seq = ?", p).status());
  }
  const auto count = static_cast<std::int64_t>(entries.size());
  const std::string mac = new_chain.HeadMac(HeadCopy::kStored, count, prev);
  if (count > 0) {
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE audit_log SET tail = (CASE WHEN seq = ? THEN ? END) "
                                  "WHERE tail IS NOT NULL OR seq = ?",
                                  std::vector<Value>{count, mac, count})
                           .status());
  }
  const std::vector<Value> head = {count, prev, mac};
  ZQ_RETURN_IF_ERROR(
      tx.Execute("UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1", head).status());
  // This process's cached head was under the old key.
  Remember(AuditEntry{});
  return Status::Ok();
}

Result<std::vector<AuditEntry>> AuditLog::Search(store::Transaction& tx, const Caller& caller,
                                                 const Filter& filter) const {
  if (!caller.IsAdministrator()) {
    return Status::PermissionDenied("only a platform administrator may search the audit log");
  }
  if (filter.limit < 1 || filter.limit > 1000) {
    return Status::InvalidArgument("limit must be between 1 and 1000", "limit");
  }
  if (filter.offset < 0)
    return Status::InvalidArgument("offset must not be negative", "offset");
  std::string sql = fmt::format("SELECT {} FROM audit_log WHERE 1 = 1", EntryColumns().List());
  std::vector<Value> params;
  if (!filter.actor.empty()) {
    sql += " AND actor = ?";
    params.emplace_back(filter.actor);
  }
  if (!filter.action_prefix.empty()) {
    sql += " AND substr(action, 1, ?) = ?";
    params.emplace_back(CharacterCount(filter.action_prefix));
    params.emplace_back(filter.action_prefix);
  }
  if (!filter.object_prefix.empty()) {
    sql += " AND substr(object, 1, ?) = ?";
    params.emplace_back(CharacterCount(filter.object_prefix));
    params.emplace_back(filter.object_prefix);
  }
  // Bounds in any RFC 3339 form (or the console's Beijing time), compared in the stored UTC form.
  std::optional<std::chrono::sys_time<std::chrono::milliseconds>> from, to;
  if (!filter.from.empty()) {
    ZQ_ASSIGN_OR_RETURN(from, ParseTimestamp(filter.from, "from"));
    sql += " AND at >= ?";
    params.emplace_back(FormatUtcTimestamp(*from));
  }
  if (!filter.to.empty()) {
    ZQ_ASSIGN_OR_RETURN(to, ParseTimestamp(filter.to, "to"));
    sql += " AND at <= ?";
    params.emplace_back(FormatUtcTimestamp(*to));
  }
  if (from && to && *to < *from)
    return Status::InvalidArgument("the end of the period comes before its start", "to");
  sql += " ORDER BY seq DESC LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  params.emplace_back(static_cast<std::int64_t>(filter.offset));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(sql, params));
  std::vector<AuditEntry> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(EntryColumns().FromRow(row));
  return out;
}

}  // namespace zq::auth
