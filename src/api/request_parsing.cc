#include "api/internal/request_parsing.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <set>

#include <arpa/inet.h>

namespace zq::api::internal {
namespace {

bool HexValue(std::string_view s, std::size_t at, std::size_t digits, int& out) {
  if (at + digits > s.size())
    return false;
  out = 0;
  for (std::size_t i = at; i < at + digits; ++i) {
    const char c = s[i];
    int v = 0;
    if (c >= '0' && c <= '9') {
      v = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      v = c - 'a' + 10;
    } else if (c >= 'A' && c <= 'F') {
      v = c - 'A' + 10;
    } else {
      return false;
    }
    out = out * 16 + v;
  }
  return true;
}

void AppendUtf8(int code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0xD800 || code >= 0xE000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
  // A lone surrogate (U+D800–U+DFFF) gives nothing, as in cpp-httplib.
}

// cpp-httplib's split(): pieces between `delimiter`s, blanks trimmed, empty pieces skipped.
template <class Fn>
void Split(std::string_view s, char delimiter, Fn fn) {
  std::size_t begin = 0;
  while (begin <= s.size()) {
    std::size_t end = s.find(delimiter, begin);
    if (end == std::string_view::npos)
      end = s.size();
    std::string_view piece = s.substr(begin, end - begin);
    while (!piece.empty() && (piece.front() == ' ' || piece.front() == '\t'))
      piece.remove_prefix(1);
    while (!piece.empty() && (piece.back() == ' ' || piece.back() == '\t')) piece.remove_suffix(1);
    if (!piece.empty())
      fn(piece);
    begin = end + 1;
  }
}

// The 16 bytes of an IPv6 address, IPv4 mapped into ::ffff:0:0/96; false when not an address.
bool ToBytes(std::string_view text, std::array<std::uint8_t, 16>& out) {
  const std::string s(text);
  in_addr v4{};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out.fill(0);
    out[10] = 0xff;
    out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return true;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return true;
  }
  return false;
}

bool IsMappedV4(const std::array<std::uint8_t, 16>& b) {
  return std::all_of(b.begin(), b.begin() + 10, [](std::uint8_t x) { return x == 0; }) &&
         b[10] == 0xff && b[11] == 0xff;
}

}  // namespace

std::string DecodeUrl(std::string_view s, PlusSign plus) {
  const bool plus_as_space = plus == PlusSign::kSpace;
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    int value = 0;
    if (s[i] == '%' && i + 1 < s.size() && s[i + 1] == 'u' && HexValue(s, i + 2, 4, value)) {
      AppendUtf8(value, out);
      i += 5;
    } else if (s[i] == '%' && i + 1 < s.size() && s[i + 1] != 'u' && HexValue(s, i + 1, 2, value)) {
      out += static_cast<char>(value);
      i += 2;
    } else if (plus_as_space && s[i] == '+') {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

bool SplitTarget(std::string_view target, std::string& path,
                 std::multimap<std::string, std::string>& query) {
  int pieces = 0;
  Split(target, '?', [&](std::string_view piece) {
    if (pieces == 0) {
      path = DecodeUrl(piece, PlusSign::kLiteral);
    } else if (pieces == 1) {
      std::set<std::string_view> seen;
      Split(piece, '&', [&](std::string_view pair) {
        if (!seen.insert(pair).second)
          return;
        std::string_view key;
        std::string_view value;
        bool have_key = false;
        Split(pair, '=', [&](std::string_view part) {
          if (!have_key) {
            key = part;
            have_key = true;
          } else {
            value = part;
          }
        });
        if (!have_key)
          return;
        // A name that decodes to nothing (a lone "%uD800" surrogate) is no name either.
        std::string name = DecodeUrl(key, PlusSign::kSpace);
        if (!name.empty())
          query.emplace(std::move(name), DecodeUrl(value, PlusSign::kSpace));
      });
    }
    ++pieces;
  });
  return pieces <= 2;
}

Result<ProxyTrust> ProxyTrust::Parse(const std::vector<std::string>& entries) {
  ProxyTrust trust;
  for (const std::string& entry : entries) {
    const std::size_t slash = entry.find('/');
    Block block;
    if (!ToBytes(std::string_view(entry).substr(0, slash), block.bytes)) {
      return Status::InvalidArgument("not an IP address or CIDR block: " + entry, "trusted_proxy");
    }
    const bool v4 = IsMappedV4(block.bytes) && entry.find(':') == std::string::npos;
    if (slash != std::string::npos) {
      int bits = -1;
      const char* first = entry.data() + slash + 1;
      const char* last = entry.data() + entry.size();
      const auto [end, ec] = std::from_chars(first, last, bits);
      if (ec != std::errc() || end != last || first == last || bits < 0 || bits > (v4 ? 32 : 128))
        return Status::InvalidArgument("bad prefix length in " + entry, "trusted_proxy");
      block.prefix_bits = v4 ? 96 + bits : bits;
    }
    trust.blocks_.push_back(block);
  }
  return trust;
}

bool ProxyTrust::Trusts(std::string_view address) const {
  std::array<std::uint8_t, 16> bytes{};
  if (blocks_.empty() || !ToBytes(address, bytes))
    return false;
  return std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& block) {
    int bits = block.prefix_bits;
    for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
      const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
      if ((bytes[i] & mask) != (block.bytes[i] & mask))
        return false;
    }
    return true;
  });
}

std::string ProxyTrust::ClientAddress(std::string_view peer, std::string_view forwarded_for) const {
  if (forwarded_for.empty() || !Trusts(peer))
    return std::string(peer);
  std::vector<std::string_view> hops;
  Split(forwarded_for, ',', [&](std::string_view hop) { hops.push_back(hop); });
  if (hops.empty())
    return std::string(peer);
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::array<std::uint8_t, 16> bytes{};
    if (!ToBytes(*it, bytes))
      return std::string(peer);  // not written by a proxy we trust
    if (!Trusts(*it))
      return CanonicalAddress(*it);
  }
  return CanonicalAddress(hops.front());
}

std::string CanonicalAddress(std::string_view address) {
  std::array<std::uint8_t, 16> bytes{};
  if (address.find(':') == std::string_view::npos || !ToBytes(address, bytes) || !IsMappedV4(bytes))
    return std::string(address);
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  return text;
}

}  // namespace zq::api::internal
