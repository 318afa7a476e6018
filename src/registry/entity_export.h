#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

#include "auth/caller.h"
#include "core/export_headers.h"
#include "core/result.h"
#include "registry/registry.h"

namespace zq::registry {

enum class ExportFormat { kCsv, kXlsx };

// "csv" or "xlsx"; kInvalidArgument (field "format") otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view text);

// The header row and labels (core/export_headers.h): kCodes is `zq export entities`'s default;
// kChinese gives Chinese labels (企业, 存续, 小型) and the region's and the industry's names beside
// their codes, kEnglish the names with code values.
using ::zq::ExportHeaders;
using ::zq::ParseExportHeaders;

// A file name that says what the export holds and when it was made: 市场主体_20261207.xlsx
// (Chinese headers) or market-entities_20261207.csv; `date` is YYYY-MM-DD (Beijing time).
std::string ExportFileName(ExportFormat format, ExportHeaders headers, std::string_view date);

// The most rows an XLSX export holds (a worksheet has 1,048,576 rows).
inline constexpr std::size_t kMaxXlsxRows = 1'000'000;

// Writes the entities matching `filter` in the caller's scope to `out`, with a header row, in a
// column layout that ImportEntities reads back whatever `headers` is (it ignores the name columns
// and reads Chinese labels), so an administrator's export re-imports unchanged. Registered
// capital is a number (an XLSX number cell; yuan with two decimals in CSV).
// CSV is UTF-8 with a BOM (so spreadsheet programs read Chinese) and formula-guarded; XLSX is one
// worksheet. Personal fields are masked except for administrators. Audited as an export.
// Returns the number of rows written.
Result<std::size_t> ExportEntities(Registry& registry, const auth::Caller& caller,
                                   const EntityFilter& filter, ExportFormat format,
                                   std::ostream& out,
                                   ExportHeaders headers = ExportHeaders::kCodes);

}  // namespace zq::registry
