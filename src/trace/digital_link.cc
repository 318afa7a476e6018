#include "trace/digital_link.h"

#include <array>
#include <regex>
#include <vector>

#include "core/ids/gtin.h"

namespace zq::trace {
namespace {

constexpr std::string_view kDomain = "https://id.gs1.org";

bool IsAllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9')
      return false;
  }
  return true;
}

bool IsDigits(std::string_view s, std::size_t min, std::size_t max) {
  return s.size() >= min && s.size() <= max && IsAllDigits(s);
}

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

bool InSet(char c, std::string_view set) { return set.find(c) != std::string_view::npos; }

// TDS 2.0 §5 (GS1_AI_encodable characters in an EPC URI): the characters that may stand as they
// are, and the %-escapes of the others. Returns the number of characters encoded, or nullopt.
std::optional<std::size_t> EpcCharCount(std::string_view s) {
  static constexpr std::string_view kPlain = "!')(*+,.:;=_-";
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size())
        return std::nullopt;
      const char hi = s[i + 1];
      const char lo = s[i + 2];
      const bool ok = IsHex(lo) && ((hi == '2' && !InSet(lo, "034")) || hi == '3' ||
                                    ((hi == '4' || hi == '6') && lo != '0') ||
                                    (hi == '5' && InSet(lo, "0123456789AaFf")) ||
                                    (hi == '7' && InSet(lo, "0123456789Aa")));
      if (!ok)
        return std::nullopt;
      i += 3;
    } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
               InSet(c, kPlain)) {
      ++i;
    } else {
      return std::nullopt;
    }
  }
  return count;
}

bool EpcChars(std::string_view s, std::size_t min, std::size_t max) {
  const std::optional<std::size_t> n = EpcCharCount(s);
  return n && *n >= min && *n <= max;
}

// The CPI component reference's characters (TDS: digits, capitals, '-', and %23 %2D %2F escapes).
bool CpiChars(std::string_view s, std::size_t min, std::size_t max) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.size(); ++count) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size())
        return false;
      const char hi = s[i + 1];
      const char lo = s[i + 2];
      const bool ok = (hi == '2' && InSet(lo, "3dfDF")) || (hi == '3' && lo >= '0' && lo <= '9') ||
                      (hi == '4' && IsHex(lo) && lo != '0') ||
                      (hi == '5' && InSet(lo, "0123456789Aa"));
      if (!ok)
        return false;
      i += 3;
    } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-') {
      ++i;
    } else {
      return false;
    }
  }
  return count >= min && count <= max;
}

// GS1 Digital Link Table 7-1: characters of an AI value that a URI path must percent-encode
// (those an EPC URI may carry as they are).
std::string PercentEncode(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '!':
        out += "%21";
        break;
      case '(':
        out += "%28";
        break;
      case ')':
        out += "%29";
        break;
      case '*':
        out += "%2A";
        break;
      case '+':
        out += "%2B";
        break;
      case ',':
        out += "%2C";
        break;
      case ':':
        out += "%3A";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string WithCheckDigit(const std::string& digits) {
  Result<char> check = ids::Gs1CheckDigit(digits);
  return check.ok() ? digits + *check : digits;  // every caller passes 12 to 17 digits
}

// Splits an EPC URI body at its first `n - 1` dots (the last part keeps any further dots).
std::vector<std::string_view> SplitDots(std::string_view body, std::size_t n) {
  std::vector<std::string_view> parts;
  while (parts.size() + 1 < n) {
    const std::size_t dot = body.find('.');
    if (dot == std::string_view::npos)
      break;
    parts.push_back(body.substr(0, dot));
    body.remove_prefix(dot + 1);
  }
  parts.push_back(body);
  return parts;
}

// A GS1 company prefix (6-12 digits) and the reference beside it, of `total` digits together.
bool PrefixAndReference(std::string_view prefix, std::string_view reference, std::size_t total) {
  return IsDigits(prefix, 6, 12) && IsAllDigits(reference) &&
         prefix.size() + reference.size() == total;
}

// GTIN-14 from a company prefix and an item reference whose first digit is the indicator.
std::string Gtin14(std::string_view prefix, std::string_view item) {
  return WithCheckDigit(std::string(item.substr(0, 1)) + std::string(prefix) +
                        std::string(item.substr(1)));
}

std::optional<std::string> FromEpcIdUri(std::string_view scheme, std::string_view body) {
  const std::string dl(kDomain);
  if (scheme == "sgtin" || scheme == "itip" || scheme == "upui") {
    const bool itip = scheme == "itip";
    std::vector<std::string_view> p = SplitDots(body, itip ? 5 : 3);
    if (p.size() != (itip ? 5U : 3U) || !PrefixAndReference(p[0], p[1], 13))
      return std::nullopt;
    const std::string_view serial = p.back();
    if (scheme == "upui") {
      if (!EpcChars(serial, 1, 28))
        return std::nullopt;
      return dl + "/01/" + Gtin14(p[0], p[1]) + "/235/" + PercentEncode(serial);
    }
    if (!EpcChars(serial, 1, 20))
      return std::nullopt;
    if (itip) {
      if (!IsDigits(p[2], 2, 2) || !IsDigits(p[3], 2, 2))
        return std::nullopt;
      return dl + "/8006/" + Gtin14(p[0], p[1]) + std::string(p[2]) + std::string(p[3]) + "/21/" +
             PercentEncode(serial);
    }
    return dl + "/01/" + Gtin14(p[0], p[1]) + "/21/" + PercentEncode(serial);
  }
  if (scheme == "sscc" || scheme == "gsrn" || scheme == "gsrnp" || scheme == "gsin") {
    std::vector<std::string_view> p = SplitDots(body, 2);
    const std::size_t total = scheme == "gsin" ? 16 : 17;
    if (p.size() != 2 || !PrefixAndReference(p[0], p[1], total))
      return std::nullopt;
    if (scheme == "sscc") {  // the extension digit leads
      return dl + "/00/" +
             WithCheckDigit(std::string(p[1].substr(0, 1)) + std::string(p[0]) +
                            std::string(p[1].substr(1)));
    }
    const std::string ai = scheme == "gsrn" ? "/8018/" : scheme == "gsrnp" ? "/8017/" : "/402/";
    return dl + ai + WithCheckDigit(std::string(p[0]) + std::string(p[1]));
  }
  if (scheme == "sgln" || scheme == "grai" || scheme == "gdti" || scheme == "sgcn") {
    std::vector<std::string_view> p = SplitDots(body, 3);
    if (p.size() != 3 || !PrefixAndReference(p[0], p[1], 12))
      return std::nullopt;
    const std::string key = std::string(p[0]) + std::string(p[1]);
    const std::string_view rest = p[2];
    if (scheme == "sgln") {
      if (!EpcChars(rest, 1, 20))
        return std::nullopt;
      const std::string gln = dl + "/414/" + WithCheckDigit(key);
      return rest == "0" ? gln : gln + "/254/" + PercentEncode(rest);
    }
    if (scheme == "grai") {
      if (!EpcChars(rest, 1, 16))
        return std::nullopt;
      return dl + "/8003/" + WithCheckDigit("0" + key) + PercentEncode(rest);
    }
    if (scheme == "gdti") {
      if (!EpcChars(rest, 0, 19))
        return std::nullopt;
      return dl + "/253/" + WithCheckDigit(key) + PercentEncode(rest);
    }
    if (!IsDigits(rest, 1, 12))
      return std::nullopt;
    return dl + "/255/" + WithCheckDigit(key) + std::string(rest);
  }
  if (scheme == "giai" || scheme == "ginc") {
    std::vector<std::string_view> p = SplitDots(body, 2);
    if (p.size() != 2 || !IsDigits(p[0], 6, 12) || !EpcChars(p[1], 1, 30 - p[0].size()))
      return std::nullopt;
    return dl + (scheme == "giai" ? "/8004/" : "/401/") + std::string(p[0]) + PercentEncode(p[1]);
  }
  if (scheme == "pgln") {
    std::vector<std::string_view> p = SplitDots(body, 2);
    if (p.size() != 2 || !PrefixAndReference(p[0], p[1], 12))
      return std::nullopt;
    return dl + "/417/" + WithCheckDigit(std::string(p[0]) + std::string(p[1]));
  }
  if (scheme == "cpi") {
    const std::size_t first = body.find('.');
    const std::size_t last = body.rfind('.');
    if (first == std::string_view::npos || first == last)
      return std::nullopt;
    const std::string_view prefix = body.substr(0, first);
    const std::string_view reference = body.substr(first + 1, last - first - 1);
    const std::string_view serial = body.substr(last + 1);
    if (!IsDigits(prefix, 6, 12) || !CpiChars(reference, 1, 30 - prefix.size()) ||
        !IsDigits(serial, 1, 12))
      return std::nullopt;
    return dl + "/8010/" + PercentEncode(std::string(prefix) + std::string(reference)) + "/8011/" +
           std::string(serial);
  }
  return std::nullopt;
}

std::optional<std::string> FromEpcPatternUri(std::string_view scheme, std::string_view body) {
  const std::string dl(kDomain);
  if (body.size() < 2 || body.substr(body.size() - 2) != ".*")
    return std::nullopt;
  body.remove_suffix(2);
  if (scheme == "cpi") {
    const std::size_t dot = body.find('.');
    if (dot == std::string_view::npos || !IsDigits(body.substr(0, dot), 6, 12) ||
        !CpiChars(body.substr(dot + 1), 1, 30 - dot))
      return std::nullopt;
    return dl + "/8010/" +
           PercentEncode(std::string(body.substr(0, dot)) + std::string(body.substr(dot + 1)));
  }
  const bool itip = scheme == "itip";
  std::vector<std::string_view> p = SplitDots(body, itip ? 4 : 2);
  if (p.size() != (itip ? 4U : 2U))
    return std::nullopt;
  if (scheme == "sgtin" || scheme == "upui" || itip) {
    if (!PrefixAndReference(p[0], p[1], 13))
      return std::nullopt;
    if (!itip)
      return dl + "/01/" + Gtin14(p[0], p[1]);
    if (!IsDigits(p[2], 2, 2) || !IsDigits(p[3], 2, 2))
      return std::nullopt;
    return dl + "/8006/" + Gtin14(p[0], p[1]) + std::string(p[2]) + std::string(p[3]);
  }
  if (!PrefixAndReference(p[0], p[1], 12))
    return std::nullopt;
  const std::string key = std::string(p[0]) + std::string(p[1]);
  if (scheme == "grai")
    return dl + "/8003/" + WithCheckDigit("0" + key);
  if (scheme == "gdti")
    return dl + "/253/" + WithCheckDigit(key);
  if (scheme == "sgcn")
    return dl + "/255/" + WithCheckDigit(key);
  return std::nullopt;
}

void ReplaceEvery(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// A Digital Link URI: https?://host/…/<primary key AI or short name>/<4 digits and more>…
bool LooksLikeDigitalLink(const std::string& uri) {
  static const std::regex kLink(
      R"(^https?:(//[^/?#]*)?[^?#]*/(01|gtin|8006|itip|8010|cpid|414|gln|417|party|8017|gsrnp|)"
      R"(8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc|402|gsin|8003|grai|8004|giai)/\d{4}[^/].*)");
  return std::regex_match(uri, kLink);
}

// The constrained canonical forms the hash accepts (after normalisation); others are left alone.
bool IsConstrainedCanonical(const std::string& uri) {
  // The characters of an AI value in a URI path that need no escape (Digital Link 1.2 §7).
  static const std::string c = R"(["'\-.0-9;-?A-Z_a-z])";
  static const std::regex kForms(
      "^https://id\\.gs1\\.org/(00/\\d{18}|01/\\d{14}(/21/" + c + "{0,20}|/10/" + c +
      "{0,20}|/235/" + c + "{0,28})?|253/\\d{13}" + c + "{0,17}|255/\\d{13}\\d{0,12}|401/" + c +
      "{0,30}|402/\\d{17}|414/\\d{13}(/254/" + c + "{0,20})?|417/\\d{13}|8003/\\d{14}" + c +
      "{0,16}|8004/" + c + "{0,30}|8006/\\d{18}(/21/" + c + "{0,20}|/10/" + c +
      "{0,20})?|8010/[#\\-/0-9A-Z]{0,30}(/8011/\\d{0,12})?|8017/\\d{18}|8018/\\d{18})$");
  return std::regex_match(uri, kForms);
}

std::optional<std::string> FromDigitalLink(std::string uri) {
  if (!LooksLikeDigitalLink(uri))
    return std::nullopt;
  if (const std::size_t q = uri.find('?'); q != std::string::npos)
    uri.resize(q);
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kShortNames = {{
      {"/gtin/", "/01/"},
      {"/itip/", "/8006/"},
      {"/cpid/", "/8010/"},
      {"/gln/", "/414/"},
      {"/party/", "/417/"},
      {"/gsrnp/", "/8017/"},
      {"/gsrn/", "/8018/"},
      {"/gcn/", "/255/"},
      {"/sscc/", "/00/"},
      {"/gdti/", "/253/"},
      {"/ginc/", "/401/"},
      {"/gsin/", "/402/"},
      {"/grai/", "/8003/"},
      {"/giai/", "/8004/"},
      {"/cpv/", "/22/"},
      {"/lot/", "/10/"},
      {"/ser/", "/21/"},
  }};
  for (const auto& [name, ai] : kShortNames) ReplaceEvery(uri, name, ai);
  // Any other domain (or path before the key) becomes id.gs1.org, at the first primary key found
  // in this order.
  static const std::regex kCanonicalStart(
      R"(^https://id\.gs1\.org/(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)/\d{4}[^/].*)");
  if (!std::regex_match(uri, kCanonicalStart)) {
    static constexpr std::array<std::string_view, 14> kKeys = {
        "/00/",  "/01/",   "/253/",  "/255/",  "/401/",  "/402/",  "/414/",
        "/417/", "/8003/", "/8004/", "/8006/", "/8010/", "/8017/", "/8018/"};
    for (std::string_view key : kKeys) {
      if (const std::size_t at = uri.find(key); at != std::string::npos) {
        uri = std::string(kDomain) + uri.substr(at);
        break;
      }
    }
  }
  // A GTIN-8, -12 or -13 is padded to 14 digits.
  static const std::regex kGtinDigits(R"(^https://id\.gs1\.org/01/(\d+).*)");
  std::smatch m;
  if (std::regex_match(uri, m, kGtinDigits)) {
    const std::size_t n = std::min<std::size_t>(m[1].length(), 14);
    if (n == 13 || n == 12 || n == 8)
      uri.insert(22, std::string(14 - n, '0'));
  }
  // The CPV (AI 22) is dropped, and so is a lot when a serial follows it: the hash keeps the most
  // fine-grained identification only.
  static const std::string c = R"(["'\-.0-9;-?A-Z_a-z])";
  static const std::regex kCpv("^(https://id\\.gs1\\.org/(8006/\\d{18}|01/\\d{14}))/22/" + c +
                               "{0,20}$");
  static const std::regex kCpvThen(
      "^(https://id\\.gs1\\.org/(8006/\\d{18}|01/\\d{14}))/22/[^/]*(/" +
      std::string(R"(["'\-./0-9;-?A-Z_a-z])") + "*)$");
  static const std::regex kCpvLength("^https://id\\.gs1\\.org/(8006/\\d{18}|01/\\d{14})/22/" +
                                     std::string(R"(["'\-./0-9;-?A-Z_a-z])") + "{0,20}$");
  if (std::regex_match(uri, m, kCpv)) {
    uri = m[1].str();
  } else if (std::regex_match(uri, kCpvLength) && std::regex_match(uri, m, kCpvThen)) {
    uri = m[1].str() + m[3].str();
  }
  static const std::regex kLotAndSerial("^(https://id\\.gs1\\.org/(8006/\\d{18}|01/\\d{14}))/10/" +
                                        c + "{0,20}(/21/" + c + "{0,20})$");
  if (std::regex_match(uri, m, kLotAndSerial))
    uri = m[1].str() + m[3].str();
  if (!IsConstrainedCanonical(uri))
    return std::nullopt;
  return uri;
}

}  // namespace

std::optional<std::string> CanonicalDigitalLink(std::string_view uri) {
  if (uri.find('.') == std::string_view::npos)
    return std::nullopt;
  static constexpr std::string_view kId = "urn:epc:id:";
  static constexpr std::string_view kClass = "urn:epc:class:lgtin:";
  static constexpr std::string_view kPattern = "urn:epc:idpat:";
  if (uri.starts_with(kId) || uri.starts_with(kPattern)) {
    const bool pattern = uri.starts_with(kPattern);
    std::string_view rest = uri.substr(pattern ? kPattern.size() : kId.size());
    const std::size_t colon = rest.find(':');
    if (colon == std::string_view::npos)
      return std::nullopt;
    return pattern ? FromEpcPatternUri(rest.substr(0, colon), rest.substr(colon + 1))
                   : FromEpcIdUri(rest.substr(0, colon), rest.substr(colon + 1));
  }
  if (uri.starts_with(kClass)) {
    std::vector<std::string_view> p = SplitDots(uri.substr(kClass.size()), 3);
    if (p.size() != 3 || !PrefixAndReference(p[0], p[1], 13) || !EpcChars(p[2], 1, 20))
      return std::nullopt;
    return std::string(kDomain) + "/01/" + Gtin14(p[0], p[1]) + "/10/" + PercentEncode(p[2]);
  }
  if (uri.starts_with("http:") || uri.starts_with("https:"))
    return FromDigitalLink(std::string(uri));
  return std::nullopt;
}

}  // namespace zq::trace
