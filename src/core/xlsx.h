#pragma once

#include <cstddef>
#include <functional>
#include <string_view>

#include "core/csv.h"
#include "core/status.h"

namespace zq {

// Reads the first worksheet of an XLSX workbook (Office Open XML, ISO/IEC 29500: a ZIP package
// with xl/workbook.xml, the sheet, its shared strings and styles) into records shaped like
// ReadCsv's, so that every importer takes a spreadsheet as it takes CSV:
// - one record per row with a non-blank cell; `line` is the row's number in the sheet, the one
//   a user sees in the spreadsheet;
// - `fields` runs from column A to the row's last cell with a value, a missing or empty cell
//   between giving "";
// - a cell's text: a string as written (rich-text runs joined, phonetic runs left out, _xHHHH_
//   escapes decoded); a number as stored ("12", "0.5"); a number in a date format as an ISO date
//   ("2026-03-05", or "2026-03-05 14:30:00" with a time of day) in the workbook's 1900 or 1904
//   date system; a boolean as TRUE or FALSE; a formula as its cached result; an error as its code;
// - a row that cannot be read whole (longer than kMaxCsvRecordBytes, a cell beyond column XFD,
//   a shared string the workbook lacks) comes with `error` set, so the importer reports that row
//   and goes on.
// `on_record` returns false to stop. kInvalidArgument (field "file") when `bytes` is not a
// workbook, a part is missing, malformed or larger than kMaxXlsxPartBytes once uncompressed, or
// an XML part has a DTD (entity declarations are refused, so nothing expands).
Status ReadXlsx(std::string_view bytes, const std::function<bool(CsvRecord&)>& on_record);

// Uncompressed size above which one part of a workbook (a sheet, the shared strings) is refused:
// the guard against a ZIP bomb.
inline constexpr std::size_t kMaxXlsxPartBytes = std::size_t{1} << 30;

// Whether `bytes` starts like a ZIP package (local file header "PK\3\4").
bool LooksLikeZip(std::string_view bytes);

}  // namespace zq
