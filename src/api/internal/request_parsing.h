#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// Pieces of reading an HTTP request that need no network library, so that they are tested on
// their own (request_parsing_test.cc) and the Beast adapter (http_transport.cc) stays small.
namespace zq::api::internal {

// Percent-decoding as cpp-httplib 0.11 did it before the server moved to Boost.Beast (so that no
// client sees a change): "%XX" and "%uXXXX" (as UTF-8) are decoded, a malformed escape is kept
// as is, and '+' becomes a space under PlusSign::kSpace (query strings; paths keep it).
enum class PlusSign { kLiteral, kSpace };

std::string DecodeUrl(std::string_view s, PlusSign plus);

// Splits a request target into its decoded path and its query parameters, the way cpp-httplib
// 0.11 did: parameters split on '&' then '=', blanks trimmed, empty pieces skipped, a repeated
// "k=v" kept once, a parameter without a name dropped. False when the target holds more than one
// '?' (a malformed request: 400).
bool SplitTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query);

// The proxies whose X-Forwarded-For is believed (zq serve --trusted-proxy): single addresses or
// CIDR blocks, IPv4 or IPv6. Immutable once made; safe to share between threads.
class ProxyTrust {
 public:
  ProxyTrust() = default;

  // kInvalidArgument (field "trusted_proxy") when an entry is neither an address nor a CIDR block.
  static Result<ProxyTrust> Parse(const std::vector<std::string>& entries);

  bool Trusts(std::string_view address) const;

  // The caller's address: `peer` itself unless `peer` is a trusted proxy; then the right-most
  // address of `forwarded_for` (a comma-separated X-Forwarded-For value) that is not a trusted
  // proxy, as every trusted proxy appends the address it received the request from. When all
  // entries are trusted, the left-most one; when the entry found is not an address, `peer`.
  std::string ClientAddress(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Block {
    std::array<std::uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix_bits = 128;
  };

  std::vector<Block> blocks_;
};

// An IPv4-mapped IPv6 address ("::ffff:10.0.0.1") written as IPv4; any other text as is.
std::string CanonicalAddress(std::string_view address);

}  // namespace zq::api::internal
