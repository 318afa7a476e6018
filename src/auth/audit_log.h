#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_chain.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/database.h"

namespace zq::auth {

// 审计日志: the audit log. Every write, login, read of personal data and export appends an entry
// in the same transaction as the change it records, so a rolled-back change leaves no entry and
// a committed one always has its entry. Entries are chained (auth/audit_chain.h). The newest
// entry carries the tail mark (the head's MAC over its seq and hash), which each append moves to
// the new entry; audit_head keeps a sealed point the log has reached, brought up to date by each
// append that reads it. Removing entries at the end therefore needs the key. The same on both
// backends: their differences are in store/ and in auth migration 0007's trigger.
// Appending costs no extra round trip in the usual case: the head last seen by this process is
// cached, and one statement inserts the entry only if the cached head still carries the tail
// mark (on PostgreSQL sent together with COMMIT through Transaction::ExecuteDeferred; concurrent
// appenders of one head meet on the unique seq, and all but one fall back); otherwise, after
// another process's append or a rollback, the head is read again under the head row's lock
// (PostgreSQL; SQLite's write lock serialises all writers). A stale cache therefore costs time,
// never a broken chain.
// Thread-safe: the chain and clock are immutable, the cached head has its own mutex.
class AuditLog {
 public:
  AuditLog(const AuditChain& chain, const Clock& clock)
      : chain_(chain), clock_(clock), head_(std::make_shared<CachedHead>()) {}

  // Appends one entry. `action` is dotted ("entity.upsert", "login.failed"); `object` names the
  // record ("entity:9137…"); `detail` is optional JSON.
  Status Append(store::Transaction& tx, const Caller& caller, std::string_view action,
                std::string_view object, std::string_view detail = {}) const;

  // Walks the whole log in insertion order; nullopt when the chain and its head hold. The
  // stored head must carry its MAC (HMAC-SM3 under a key derived from the master key; the newest
  // entry's tail mark too), so removing entries at the end and moving the head or the
  // mark back is caught without the key. `recorded_heads` are heads kept outside the database
  // (auth/audit_head_file.h, or read from the operator's log): the log must reach each one's seq
  // and hold its hash there, which also catches a cut back to an older genuine head.
  Result<std::optional<ChainFinding>> Verify(store::Database& db,
                                             std::span<const AuditHead> recorded_heads = {}) const;

  // The newest entry's seq and hash (AuditHead{} for an empty log).
  Result<AuditHead> Head(store::Transaction& tx) const;

  // Whether the log holds `head`: an entry at head.seq with head.hash (an empty head always).
  Result<bool> Holds(store::Transaction& tx, const AuditHead& head) const;

  // Re-links every entry (in insertion order) and the head under `new_chain`, for a key
  // rotation. Verify the log under the current key first: this makes whatever is stored valid.
  Status Rekey(store::Transaction& tx, const AuditChain& new_chain) const;

  struct Filter {
    std::string actor;
    std::string action_prefix;
    std::string object_prefix;
    std::string from;  // ISO timestamps, inclusive
    std::string to;
    int limit = 100;
    int offset = 0;
  };

  // Admin search, newest first. kPermissionDenied for anyone but a platform admin.
  Result<std::vector<AuditEntry>> Search(store::Transaction& tx, const Caller& caller,
                                         const Filter& filter) const;

 private:
  struct CachedHead {
    std::mutex mu;
    std::int64_t seq = -1;  // -1: unknown
    std::string hash;
  };

  // Appends `entry` after the newest entry, read under the head row's lock.
  Status AppendAfterReadingHead(store::Transaction& tx, AuditEntry entry) const;
  void Remember(const AuditEntry& head) const;

  const AuditChain& chain_;
  const Clock& clock_;
  std::shared_ptr<CachedHead> head_;  // shared by copies: any value is checked before use
};

// "2026-11-24T08:30:00.123Z" for `t`.
std::string FormatTimestamp(std::chrono::system_clock::time_point t);

}  // namespace zq::auth
