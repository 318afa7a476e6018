#include "trace/canonical_value.h"

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "trace/digital_link.h"

namespace zq::trace {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads `n` digits at `at` into `out`.
bool ReadNumber(std::string_view s, std::size_t& at, std::size_t n, int& out) {
  if (at + n > s.size())
    return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!IsDigit(s[at + i]))
      return false;
    out = out * 10 + (s[at + i] - '0');
  }
  at += n;
  return true;
}

bool Expect(std::string_view s, std::size_t& at, char c) {
  if (at < s.size() && s[at] == c) {
    ++at;
    return true;
  }
  return false;
}

// Milliseconds since the epoch, in UTC, of an ISO 8601 date-time, or nullopt.
std::optional<std::int64_t> ParseTimestamp(std::string_view s) {
  std::size_t at = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadNumber(s, at, 4, year) || !Expect(s, at, '-') || !ReadNumber(s, at, 2, month) ||
      !Expect(s, at, '-') || !ReadNumber(s, at, 2, day))
    return std::nullopt;
  if (!Expect(s, at, 'T') && !Expect(s, at, 't') && !Expect(s, at, ' '))
    return std::nullopt;
  if (!ReadNumber(s, at, 2, hour) || !Expect(s, at, ':') || !ReadNumber(s, at, 2, minute))
    return std::nullopt;
  if (Expect(s, at, ':') && !ReadNumber(s, at, 2, second))
    return std::nullopt;
  // Microseconds, as a parser that keeps six decimals reads them; then half-to-even rounding to
  // milliseconds (CBV 2.0 §8.9.2: "rounded up if the 4th decimal place is 5-9", which is what
  // the reference implementation's rounding gives except on an exact half).
  int micros = 0;
  if (Expect(s, at, '.') || Expect(s, at, ',')) {
    std::size_t digits = 0;
    for (; at < s.size() && IsDigit(s[at]); ++at, ++digits) {
      if (digits < 6)
        micros = micros * 10 + (s[at] - '0');
    }
    if (digits == 0)
      return std::nullopt;
    for (; digits < 6; ++digits) micros *= 10;
  }
  int offset_minutes = 0;
  if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) {
    ++at;
  } else if (at < s.size() && (s[at] == '+' || s[at] == '-')) {
    const int sign = s[at] == '-' ? -1 : 1;
    ++at;
    int oh = 0, om = 0;
    if (!ReadNumber(s, at, 2, oh))
      return std::nullopt;
    Expect(s, at, ':');
    if (at < s.size() && !ReadNumber(s, at, 2, om))
      return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  }
  if (at != s.size())
    return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                         std::chrono::day(day)};
  if (!date.ok() || hour > 23 || minute > 59 || second > 60)
    return std::nullopt;
  std::int64_t millis = micros / 1000;
  const int rest = micros % 1000;
  if (rest > 500 || (rest == 500 && millis % 2 == 1))
    ++millis;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  const std::int64_t seconds = days * 86400 + std::int64_t{hour} * 3600 +
                               std::int64_t{minute} * 60 + second -
                               std::int64_t{offset_minutes} * 60;
  return seconds * 1000 + millis;
}

std::string FormatTimestamp(std::int64_t millis) {
  const std::int64_t seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000;
  const std::int64_t ms = millis - seconds * 1000;
  const std::int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const std::int64_t in_day = seconds - days * 86400;
  const std::chrono::year_month_day date{
      std::chrono::sys_days(std::chrono::days(static_cast<int>(days)))};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                     in_day / 3600, in_day / 60 % 60, in_day % 60, ms);
}

// Python's float() grammar: [sign] (digits [. [digits]] | . digits) [e [sign] digits], where
// digits may have single underscores between them. Returns the text without underscores.
std::optional<std::string> DecimalLiteral(std::string_view s) {
  std::string out;
  std::size_t at = 0;
  const auto digits = [&]() {
    std::size_t n = 0;
    while (at < s.size()) {
      if (IsDigit(s[at])) {
        out += s[at++];
        ++n;
      } else if (s[at] == '_' && n > 0 && at + 1 < s.size() && IsDigit(s[at + 1])) {
        ++at;
      } else {
        break;
      }
    }
    return n;
  };
  if (at < s.size() && (s[at] == '+' || s[at] == '-'))
    out += s[at++];
  std::size_t mantissa = digits();
  if (at < s.size() && s[at] == '.') {
    out += s[at++];
    mantissa += digits();
  }
  if (mantissa == 0)
    return std::nullopt;
  if (at < s.size() && (s[at] == 'e' || s[at] == 'E')) {
    out += s[at++];
    if (at < s.size() && (s[at] == '+' || s[at] == '-'))
      out += s[at++];
    if (digits() == 0)
      return std::nullopt;
  }
  if (at != s.size())
    return std::nullopt;
  return out;
}

// Python's repr() of a finite double that is not an integer: the shortest digits that read back
// the same, in fixed notation when the decimal point falls within 16 places, else exponential.
std::string PythonRepr(double v) {
  std::array<char, 64> buf{};
  const std::to_chars_result r = std::to_chars(buf.data(), buf.data() + buf.size(), std::fabs(v),
                                               std::chars_format::scientific);
  const std::string_view sci(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
  const std::size_t e = sci.find('e');
  std::string digits(sci.substr(0, 1));
  if (e > 1)
    digits += sci.substr(2, e - 2);
  int exponent = 0;
  std::from_chars(sci.data() + e + (sci[e + 1] == '+' ? 2 : 1), sci.data() + sci.size(), exponent);
  const int point = exponent + 1;  // digits = 0.d1d2… × 10^point
  std::string out = v < 0 ? "-" : "";
  if (point > -4 && point <= 16) {
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-point), '0');
      out += digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
      out += digits + std::string(static_cast<std::size_t>(point) - digits.size(), '0') + ".0";
    } else {
      out.append(digits, 0, static_cast<std::size_t>(point));
      out += '.';
      out.append(digits, static_cast<std::size_t>(point));
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out.append(digits, 1);
  }
  return out + fmt::format("e{}{:02}", exponent < 0 ? '-' : '+', std::abs(exponent));
}

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

std::string CanonicalTimestamp(std::string_view text) {
  const std::optional<std::int64_t> millis = ParseTimestamp(text);
  return millis ? FormatTimestamp(*millis) : std::string(text);
}

std::string CanonicalNumber(std::string_view text) {
  const std::optional<std::string> literal = DecimalLiteral(text);
  if (!literal)
    return std::string(text);  // also "inf" and "nan", which have no canonical decimal form
  std::string_view digits = *literal;
  const bool negative = digits.starts_with('-');
  if (digits.starts_with('+') || negative)
    digits.remove_prefix(1);
  double v = 0;
  const std::from_chars_result r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (r.ec != std::errc() || !std::isfinite(v))
    return std::string(text);
  if (negative)
    v = -v;
  if (std::trunc(v) == v) {
    if (v == 0)
      return "0";
    return fmt::format("{:.0f}", v);  // exact, as Python's int() of the double
  }
  return PythonRepr(v);
}

std::string CanonicalValue(std::string_view text) {
  std::string value(text);
  // CBV 2.0 §8.9 rule 14: standard vocabulary URNs in their web URI form.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kCbvUrns = {{
      {"urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-"},
      {"urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-"},
      {"urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-"},
      {"urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-"},
      {"urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-"},
  }};
  for (const auto& [urn, web] : kCbvUrns) ReplaceAll(value, urn, web);
  value = CanonicalNumber(value);
  if (std::optional<std::string> link = CanonicalDigitalLink(value))
    return *std::move(link);
  return value;
}

}  // namespace zq::trace
