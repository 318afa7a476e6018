#include "core/internal/xlsx_cells.h"

#include <charconv>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

namespace zq::internal {

std::optional<std::size_t> ColumnOfCellReference(std::string_view ref) {
  std::size_t column = 0;
  std::size_t letters = 0;
  for (const char c : ref) {
    if (c < 'A' || c > 'Z')
      break;
    column = column * 26 + static_cast<std::size_t>(c - 'A' + 1);
    if (++letters > 3)
      return std::nullopt;
  }
  if (letters == 0 || column > 16384)
    return std::nullopt;
  return column - 1;
}

bool IsDateFormat(int id, std::string_view code) {
  // ISO/IEC 29500-1 §18.8.30: 14-17 and 22 are dates (22 with a time); 27-36 and 50-58 are the
  // East Asian date formats (e.g. 31 is yyyy"年"m"月"d"日" in zh-CN). Time-only formats (18-21,
  // 45-47) are not dates: their serial is a fraction of a day.
  if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
    return true;
  if (id < 164 || code.empty())
    return false;
  // A custom code: look for y or d outside "quoted text", \escapes and [colour/locale/elapsed]
  // sections. "m" alone is not enough: it is month or minute by context.
  bool quoted = false;
  int bracket = 0;
  for (std::size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (quoted) {
      quoted = c != '"';
    } else if (c == '"') {
      quoted = true;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is literal (or padding)
    } else if (c == '[') {
      ++bracket;
    } else if (c == ']') {
      bracket = bracket > 0 ? bracket - 1 : 0;
    } else if (bracket == 0 && (c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'e')) {
      return true;  // "e" is the East Asian era year
    }
  }
  return false;
}

std::optional<std::string> DateFromSerial(std::string_view serial, bool date1904) {
  double value = 0;
  const auto [end, ec] = std::from_chars(serial.data(), serial.data() + serial.size(), value);
  if (ec != std::errc() || end != serial.data() + serial.size() || !std::isfinite(value) ||
      value < 0 || value >= 2958466)
    return std::nullopt;
  auto days = static_cast<long>(std::floor(value));
  long seconds = std::lround((value - static_cast<double>(days)) * 86400.0);
  if (seconds >= 86400) {
    ++days;
    seconds -= 86400;
  }
  std::chrono::year_month_day date;
  if (date1904) {
    date = std::chrono::sys_days(std::chrono::year{1904} / 1 / 1) + std::chrono::days(days);
  } else if (days == 60) {
    return seconds == 0 ? std::optional<std::string>("1900-02-29") : std::nullopt;
  } else {
    // Excel counts 1900 as a leap year (Lotus 1-2-3's error), so from serial 61 on the day
    // count is one ahead of the calendar: serial 61 is 1900-03-01.
    const long offset = days < 60 ? days : days - 1;
    date = std::chrono::sys_days(std::chrono::year{1899} / 12 / 31) + std::chrono::days(offset);
  }
  std::string text =
      fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  if (seconds > 0) {
    text += fmt::format(" {:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return text;
}

namespace {

void AppendUtf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string DecodeXstring(std::string_view text) {
  if (text.find("_x") == std::string_view::npos)
    return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    std::uint32_t cp = 0;
    if (text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && text[i + 6] == '_') {
      const char* first = text.data() + i + 2;
      const auto [end, ec] = std::from_chars(first, first + 4, cp, 16);
      // A surrogate cannot stand alone in UTF-8: such an escape is kept as text.
      if (ec == std::errc() && end == first + 4 && (cp < 0xD800 || cp > 0xDFFF)) {
        AppendUtf8(out, cp);
        i += 6;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

}  // namespace zq::internal
