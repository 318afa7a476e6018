#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace zq {

// One record of a CSV file (RFC 4180: comma separated, "…" quoting with "" for a quote, fields
// may hold newlines). `line` is the 1-based physical line on which the record starts, for error
// reports. A record is delivered even when it is malformed: then `error` says why (unterminated
// quote, stray quote inside an unquoted field, invalid UTF-8 in field N) and `fields` holds what
// could be read, so an importer can report the row and go on with the next one.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<std::string> fields;
  Status error;
};

// Streams `in` record by record into `on_record` (return false to stop). A UTF-8 BOM at the start
// is skipped; CRLF and LF line ends are both accepted; an unterminated quote swallows at most
// the rest of the file and is reported on its record. Returns a Status only for I/O failure.
Status ReadCsv(std::istream& in, const std::function<bool(CsvRecord&)>& on_record);

// Whether exported text may start a spreadsheet formula. kOn (exports for people) prefixes "'" to
// a field that starts with = + - @ or a tab/CR, so that opening the file runs nothing.
enum class FormulaGuard { kOff, kOn };

// Writes one record with its line end ("\r\n"), quoting fields that need it (comma, quote, CR,
// LF, leading/trailing space).
std::string CsvLine(const std::vector<std::string>& fields,
                    FormulaGuard guard = FormulaGuard::kOff);

// The largest record ReadCsv accepts; a longer one (e.g. an unterminated quote) is an error record.
inline constexpr std::size_t kMaxCsvRecordBytes = 1 << 20;

// True when `text` is valid UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool IsValidUtf8(std::string_view text);

}  // namespace zq
