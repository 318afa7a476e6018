#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

// The tamper-evident part of the audit log (安全审计, GB/T 22239-2019 8.1.4.3): each entry's hash
// covers the previous entry's hash and every field of the entry, so altering, removing or
// reordering a stored entry breaks the chain at that point. The hash is HMAC-SM3 under a key kept
// outside the database, so that someone who can write the table cannot recompute the chain.
namespace zq::auth {

struct AuditEntry {
  std::int64_t seq = 0;  // 1, 2, 3, … with no gaps
  std::string at;        // UTC timestamp, ISO 8601
  std::string actor;     // user name, API client, or "anonymous"
  std::string role;
  std::string action;  // e.g. "entity.upsert", "login.failed", "personal_data.read"
  std::string object;  // e.g. "entity:91350100M000100Y43"
  std::string request_id;
  std::string source;     // remote address
  std::string detail;     // JSON with what changed, may be empty
  std::string prev_hash;  // hex, the previous entry's hash (genesis for seq 1); not stored
  std::string hash;       // hex
};

// The prev_hash of the first entry.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The head of the chain: its newest entry's seq and hash (0 and the genesis hash when empty).
struct AuditHead {
  std::int64_t seq = 0;
  std::string hash = std::string(kAuditGenesisHash);

  friend bool operator==(const AuditHead&, const AuditHead&) = default;
};

enum class ChainBreak { kAltered, kRemoved, kReordered };

struct ChainFinding {
  ChainBreak kind;
  std::int64_t seq;  // the first entry at which the chain no longer holds
  std::string message;
};

// Which copy of the chain's head a MAC seals: the one in the database (audit_head, and on SQLite
// the newest entry's tail mark) or the one kept outside it (auth/audit_head_file.h). Different
// labels, so that one cannot be passed off as the other.
enum class HeadCopy { kStored, kExternal };

// Computes and checks entry hashes, and seals the chain's head. Immutable: thread-safe.
class AuditChain {
 public:
  // `key` hashes the entries; the head MAC's key is derived from it (HMAC-SM3, its own label).
  explicit AuditChain(std::string key);

  // The hash of `entry` given its prev_hash and fields (its own `hash` field is ignored).
  std::string HashOf(const AuditEntry& entry) const;

  // Fills `entry.seq`, `prev_hash` and `hash` to follow `previous` (nullptr for the first).
  void Link(const AuditEntry* previous, AuditEntry& entry) const;

  // Walks entries in stored order and names the first break, or nullopt when the chain holds.
  // `expected_count`, when known (kept outside the table), also detects removal at the tail.
  std::optional<ChainFinding> Verify(std::span<const AuditEntry> entries,
                                     std::optional<std::int64_t> expected_count = {}) const;

  // "v1:" + hex HMAC-SM3 over the head (seq, hash) under the head key: only a holder of the
  // master key can write a head that passes HeadMacHolds, so the database file alone cannot move
  // the head (or, on SQLite, the tail mark) back over removed entries. Constant-time compare.
  std::string HeadMac(HeadCopy copy, std::int64_t seq, std::string_view hash) const;
  bool HeadMacHolds(HeadCopy copy, std::int64_t seq, std::string_view hash,
                    std::string_view mac) const;

 private:
  std::string key_;
  std::string head_key_;
};

}  // namespace zq::auth
