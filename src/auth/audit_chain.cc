#include "auth/audit_chain.h"

#include <openssl/crypto.h>

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

std::string Bytes(const Sm3Digest& d) {
  return std::string(reinterpret_cast<const char*>(d.data()), d.size());
}

std::span<const std::uint8_t> KeyBytes(const std::string& key) {
  return {reinterpret_cast<const std::uint8_t*>(key.data()), key.size()};
}

}  // namespace

AuditChain::AuditChain(std::string key)
    : key_(std::move(key)), head_key_(Bytes(HmacSm3(KeyBytes(key_), "zq/audit/head"))) {}

std::string AuditChain::HeadMac(HeadCopy copy, std::int64_t seq, std::string_view hash) const {
  std::string canonical;
  Append(canonical, copy == HeadCopy::kStored ? "stored-head" : "external-head");
  Append(canonical, std::to_string(seq));
  Append(canonical, hash);
  return "v1:" + ToHex(HmacSm3(KeyBytes(head_key_), canonical));
}

bool AuditChain::HeadMacHolds(HeadCopy copy, std::int64_t seq, std::string_view hash,
                              std::string_view mac) const {
  const std::string expected = HeadMac(copy, seq, hash);
  return mac.size() == expected.size() &&
         CRYPTO_memcmp(mac.data(), expected.data(), expected.size()) == 0;
}

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
