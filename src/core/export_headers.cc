#include "core/export_headers.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace zq {

Result<ExportHeaders> ParseExportHeaders(std::string_view text) {
  if (text == "codes")
    return ExportHeaders::kCodes;
  if (text == "zh")
    return ExportHeaders::kChinese;
  if (text == "en")
    return ExportHeaders::kEnglish;
  return Status::InvalidArgument("the headers are codes, zh or en", "headers");
}

std::string DatedFileName(std::string_view what, std::string_view date,
                          std::string_view extension) {
  std::string day;
  for (const char c : date) {
    if (c >= '0' && c <= '9')
      day += c;
  }
  return fmt::format("{}_{}.{}", what, day, extension);
}

std::string FormatBeijingTime(std::chrono::sys_time<std::chrono::milliseconds> t) {
  return fmt::format("{:%Y-%m-%d %H:%M:%S}",
                     std::chrono::floor<std::chrono::seconds>(t + std::chrono::hours(8)));
}

std::string CsvField(std::string_view field, FormulaGuard guard) {
  std::string line = CsvLine({std::string(field)}, guard);
  line.resize(line.size() - 2);  // the line end
  return line;
}

}  // namespace zq
