#pragma once
// The text of one XLSX cell (internal to core/; see core/xlsx.h for the rules).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace zq::internal {

// The 0-based column of a cell reference ("A1" -> 0, "AB12" -> 27); nullopt when `ref` does
// not start with column letters or names a column beyond XFD (16384 columns).
std::optional<std::size_t> ColumnOfCellReference(std::string_view ref);

// Whether number format `id` (with its `code` when the workbook defines one) shows a date: the
// built-in date formats of ISO/IEC 29500-1 §18.8.30 and the East Asian ones (27-36, 50-58),
// or a custom code with a year or day part outside quoted text, escapes and [sections].
bool IsDateFormat(int id, std::string_view code);

// A date serial number as ISO text: "2026-03-05", or "2026-03-05 14:30:00" when it has a time
// of day. 1900 system: serial 1 is 1900-01-01 and serial 60 is Excel's non-existent 1900-02-29,
// shown as such so that an importer rejects it; 1904 system: serial 0 is 1904-01-01. nullopt
// outside 0..2958465 (9999-12-31) or for text that is not a number.
std::optional<std::string> DateFromSerial(std::string_view serial, bool date1904);

// Decodes the _xHHHH_ escapes of ISO/IEC 29500 ST_Xstring ("_x000D_" is a carriage return,
// "_x005F_" an underscore) into UTF-8; anything else is kept as it is.
std::string DecodeXstring(std::string_view text);

}  // namespace zq::internal
