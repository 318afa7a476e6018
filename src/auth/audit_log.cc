#include "auth/audit_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace zq::auth {
namespace {

using store::Value;

constexpr std::string_view kColumns =
    "seq, at, actor, role, action, object, request_id, source, detail, prev_hash, hash";

AuditEntry EntryFromRow(const store::Row& row) {
  AuditEntry e;
  e.seq = row.GetInt(0);
  e.at = row.GetText(1);
  e.actor = row.GetText(2);
  e.role = row.GetText(3);
  e.action = row.GetText(4);
  e.object = row.GetText(5);
  e.request_id = row.GetText(6);
  e.source = row.GetText(7);
  e.detail = row.GetText(8);
  e.prev_hash = row.GetText(9);
  e.hash = row.GetText(10);
  return e;
}

const std::string& InsertSql() {
  static const std::string sql =
      fmt::format("INSERT INTO audit_log ({}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", kColumns);
  return sql;
}

std::vector<Value> EntryValues(const AuditEntry& e) {
  return {e.seq,        e.at,     e.actor,  e.role,      e.action, e.object,
          e.request_id, e.source, e.detail, e.prev_hash, e.hash};
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
  const auto ms = std::chrono::floor<std::chrono::milliseconds>(t);
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z", ms);
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
  if (cached.seq > 0) {
    // The usual case: extend the head this process saw last, if it is still the head. The check
    // and the head's advance are one conditional UPDATE that takes the head row's lock (waiting
    // for a concurrent appender to finish, then re-checking against its committed head).
    AuditEntry next = entry;
    chain_.Link(&cached, next);
    ZQ_ASSIGN_OR_RETURN(bool appended, TryAppendAfter(tx, cached, next));
    if (appended) {
      Remember(next);
      return Status::Ok();
    }
  }
  // Unknown or stale head (first append of this process, another process appended, or our last
  // append was rolled back): advancing the head first takes its row lock (PostgreSQL) or the
  // write lock (SQLite), so concurrent appenders queue here instead of both extending the same
  // head; RETURNING gives the new sequence number and the previous entry's hash.
  ZQ_ASSIGN_OR_RETURN(
      store::ResultSet head,
      tx.Query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash"));
  if (head.rows.size() != 1)
    return Status::Internal("audit_head row is missing");
  AuditEntry previous;
  previous.seq = head.rows[0].GetInt(0) - 1;
  previous.hash = head.rows[0].GetText(1);
  chain_.Link(previous.seq == 0 ? nullptr : &previous, entry);
  ZQ_RETURN_IF_ERROR(tx.Execute(InsertSql(), EntryValues(entry)).status());
  const std::vector<Value> head_params = {entry.hash};
  ZQ_RETURN_IF_ERROR(
      tx.Execute("UPDATE audit_head SET hash = ? WHERE id = 1", head_params).status());
  Remember(entry);
  return Status::Ok();
}

Result<bool> AuditLog::TryAppendAfter(store::Transaction& tx, const AuditEntry& previous,
                                      const AuditEntry& next) const {
  std::vector<Value> params = {next.seq, next.hash, previous.seq, previous.hash};
  if (tx.backend() == store::Backend::kPostgres) {
    // One round trip: the head's conditional advance and the insert in one statement. When the
    // head moved on, the UPDATE matches nothing and so the INSERT inserts nothing.
    static const std::string sql = fmt::format(
        "WITH head AS (UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND "
        "hash = ? RETURNING id) INSERT INTO audit_log ({}) SELECT CAST(? AS BIGINT), "
        "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), "
        "CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT) "
        "FROM head",
        kColumns);
    for (Value& v : EntryValues(next)) params.push_back(std::move(v));
    ZQ_ASSIGN_OR_RETURN(std::int64_t inserted, tx.Execute(sql, params));
    return inserted == 1;
  }
  // SQLite: calls are in-process, so two statements cost no round trip; the write lock taken by
  // BEGIN IMMEDIATE already excludes other appenders.
  ZQ_ASSIGN_OR_RETURN(
      std::int64_t advanced,
      tx.Execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1 AND seq = ? AND hash = ?",
                 params));
  if (advanced != 1)
    return false;
  ZQ_RETURN_IF_ERROR(tx.Execute(InsertSql(), EntryValues(next)).status());
  return true;
}

void AuditLog::Remember(const AuditEntry& head) const {
  std::lock_guard lock(head_->mu);
  head_->seq = head.seq;
  head_->hash = head.hash;
}

Result<std::optional<ChainFinding>> AuditLog::Verify(store::Database& db) const {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(store::TxMode::kReadOnly));
  std::vector<AuditEntry> entries;
  ZQ_RETURN_IF_ERROR(tx->QueryEach(fmt::format("SELECT {} FROM audit_log ORDER BY seq", kColumns),
                                   {}, [&](const store::Row& row) {
                                     entries.push_back(EntryFromRow(row));
                                     return true;
                                   }));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet head,
                      tx->Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
  if (head.rows.empty()) {
    return std::optional<ChainFinding>(
        ChainFinding{ChainBreak::kRemoved, 0, "the audit head row is missing"});
  }
  const std::int64_t head_seq = head.rows[0].GetInt(0);
  if (auto finding = chain_.Verify(entries, head_seq))
    return finding;
  if (entries.size() > static_cast<std::size_t>(head_seq)) {
    return std::optional<ChainFinding>(
        ChainFinding{ChainBreak::kAltered, head_seq + 1,
                     fmt::format("entries after {} are not covered by the audit head", head_seq)});
  }
  if (!entries.empty() && entries.back().hash != head.rows[0].GetText(1)) {
    return std::optional<ChainFinding>(ChainFinding{
        ChainBreak::kAltered, entries.back().seq, "the last entry does not match the audit head"});
  }
  return std::optional<ChainFinding>();
}

Status AuditLog::Rekey(store::Transaction& tx, const AuditChain& new_chain) const {
  std::vector<AuditEntry> entries;
  ZQ_RETURN_IF_ERROR(tx.QueryEach(fmt::format("SELECT {} FROM audit_log ORDER BY seq", kColumns),
                                  {}, [&](const store::Row& row) {
                                    entries.push_back(EntryFromRow(row));
                                    return true;
                                  }));
  std::string prev(kAuditGenesisHash);
  for (AuditEntry& e : entries) {
    e.prev_hash = prev;
    e.hash = new_chain.HashOf(e);
    prev = e.hash;
    const std::vector<Value> p = {e.prev_hash, e.hash, e.seq};
    ZQ_RETURN_IF_ERROR(
        tx.Execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?", p).status());
  }
  const std::vector<Value> head = {prev};
  return tx.Execute("UPDATE audit_head SET hash = ? WHERE id = 1", head).status();
}

Result<std::vector<AuditEntry>> AuditLog::Search(store::Transaction& tx, const Caller& caller,
                                                 const Filter& filter) const {
  if (caller.role != Role::kPlatformAdmin) {
    return Status::PermissionDenied("only a platform administrator may search the audit log");
  }
  if (filter.limit < 1 || filter.limit > 1000) {
    return Status::InvalidArgument("limit must be between 1 and 1000", "limit");
  }
  if (filter.offset < 0)
    return Status::InvalidArgument("offset must not be negative", "offset");
  std::string sql = fmt::format("SELECT {} FROM audit_log WHERE 1 = 1", kColumns);
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
  if (!filter.from.empty()) {
    sql += " AND at >= ?";
    params.emplace_back(filter.from);
  }
  if (!filter.to.empty()) {
    sql += " AND at <= ?";
    params.emplace_back(filter.to);
  }
  sql += " ORDER BY seq DESC LIMIT ? OFFSET ?";
  params.emplace_back(static_cast<std::int64_t>(filter.limit));
  params.emplace_back(static_cast<std::int64_t>(filter.offset));
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query(sql, params));
  std::vector<AuditEntry> out;
  out.reserve(rs.rows.size());
  for (const store::Row& row : rs.rows) out.push_back(EntryFromRow(row));
  return out;
}

}  // namespace zq::auth
