#pragma once
// What every export for people shares (导出): the header row and labels a file carries, a file
// name that says what the file holds and when it was made, its times in Beijing time, and CSV
// fields guarded one by one. The registry's entity export, the pass-rate report and the trace's
// key data elements use them.
#include <chrono>
#include <string>
#include <string_view>

#include "core/csv.h"
#include "core/result.h"

namespace zq {

// The header row and the labels an export carries.
enum class ExportHeaders {
  kCodes,  // machine names (uscc, region_code, …), code values (enterprise, met) and UTC times:
           // the layout scripts read, and the command line's default
  kChinese,  // Chinese headers (统一社会信用代码, …), Chinese labels (企业, 达标, 发货), names
             // beside codes and times in Beijing time: the console's default
  kEnglish,  // English headers, code values, names beside the codes, times in Beijing time
};

// A column of an export: its machine header ("" for a column only people get, such as a region's
// name beside its code), its Chinese header and its English one.
struct ExportColumn {
  std::string_view code;  // "uscc"
  std::string_view zh;    // 统一社会信用代码
  std::string_view en;    // "USCC"
};

// The column's header in the layout `headers` ("" for a people-only column in kCodes).
constexpr std::string_view HeaderOf(const ExportColumn& c, ExportHeaders headers) {
  return headers == ExportHeaders::kCodes     ? c.code
         : headers == ExportHeaders::kChinese ? c.zh
                                              : c.en;
}

// "codes", "zh" or "en"; kInvalidArgument (field "headers") otherwise.
Result<ExportHeaders> ParseExportHeaders(std::string_view text);

// `what`, the digits of `date` and the extension: DatedFileName("市场主体", "2026-12-07", "csv")
// is 市场主体_20261207.csv. `date` is YYYY-MM-DD, today in Beijing time (TodayText).
std::string DatedFileName(std::string_view what, std::string_view date, std::string_view extension);

// An instant as exports for people write it: "YYYY-MM-DD HH:MM:SS" in Beijing time (China
// Standard Time, UTC+8 with no daylight saving), whole seconds.
std::string FormatBeijingTime(std::chrono::sys_time<std::chrono::milliseconds> t);

// One field as CsvLine writes it (quoted when it needs it, formula-guarded under kOn), for a line
// whose fields need different guards: a number such as -0.05 beside a name.
std::string CsvField(std::string_view field, FormulaGuard guard = FormulaGuard::kOff);

}  // namespace zq
