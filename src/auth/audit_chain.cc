#include "auth/audit_chain.h"

#include "auth/crypto.h"

namespace zq::auth {
namespace {

// Length-prefixed fields, so that no two different entries serialise to the same bytes.
void Append(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ';';
}

}  // namespace

std::string AuditChain::HashOf(const AuditEntry& entry) const {
  std::string canonical;
  Append(canonical, entry.prev_hash);
  Append(canonical, std::to_string(entry.seq));
  for (const std::string* f : {&entry.at, &entry.actor, &entry.role, &entry.action, &entry.object,
                               &entry.request_id, &entry.source, &entry.detail}) {
    Append(canonical, *f);
  }
  const auto* key = reinterpret_cast<const std::uint8_t*>(key_.data());
  return ToHex(HmacSm3({key, key_.size()}, canonical));
}

void AuditChain::Link(const AuditEntry* previous, AuditEntry& entry) const {
  entry.seq = previous == nullptr ? 1 : previous->seq + 1;
  entry.prev_hash = previous == nullptr ? std::string(kAuditGenesisHash) : previous->hash;
  entry.hash = HashOf(entry);
}

std::optional<ChainFinding> AuditChain::Verify(std::span<const AuditEntry> entries,
                                               std::optional<std::int64_t> expected_count) const {
  std::string prev_hash(kAuditGenesisHash);
  std::int64_t expected_seq = 1;
  for (const AuditEntry& e : entries) {
    if (e.seq < expected_seq) {
      return ChainFinding{ChainBreak::kReordered, e.seq,
                          "entry " + std::to_string(e.seq) + " stands after entry " +
                              std::to_string(expected_seq - 1)};
    }
    if (e.seq > expected_seq) {
      return ChainFinding{ChainBreak::kRemoved, expected_seq,
                          "entry " + std::to_string(expected_seq) + " is missing"};
    }
    if (HashOf(e) != e.hash) {
      return ChainFinding{ChainBreak::kAltered, e.seq,
                          "entry " + std::to_string(e.seq) + " was altered"};
    }
    if (e.prev_hash != prev_hash) {
      // The entry is intact but does not follow its predecessor: something before it changed.
      return ChainFinding{ChainBreak::kAltered, e.seq - 1,
                          "entry " + std::to_string(e.seq - 1) + " was altered or replaced"};
    }
    prev_hash = e.hash;
    ++expected_seq;
  }
  if (expected_count && expected_seq - 1 < *expected_count) {
    return ChainFinding{ChainBreak::kRemoved, expected_seq,
                        "entries from " + std::to_string(expected_seq) + " on are missing"};
  }
  return std::nullopt;
}

}  // namespace zq::auth
