#pragma once

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/result.h"

// A labelled or unlabelled set of texts as a CSV file, read whole for `zq complaint classifier
// train` and `zq complaint classify` (complaint_commands.cc), which refuse a bad file before
// writing anything.
namespace zq::complaint {

struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRecord> rows;  // each with its line (error always ok)
};

// Reads `in` (core/csv.h: RFC 4180, a UTF-8 BOM skipped). kInvalidArgument, the message naming
// the line: no header (field "file"), a malformed record ("file"), a record that is not UTF-8
// ("encoding"; when its bytes read as GBK/GB 18030 the message says so and how to convert), a row
// with more or fewer fields than the header ("file").
Result<CsvTable> ReadCsvTable(std::istream& in);

// The index of the column named `name`; kInvalidArgument with `field` (the option naming it),
// listing the header's columns, when there is none.
Result<std::size_t> ColumnIndex(const CsvTable& table, std::string_view name,
                                std::string_view field);

// True when `bytes` is not UTF-8 but every byte above 0x7F belongs to a GBK/GB 18030 character
// (a lead byte 81–FE then a trail byte 40–7E or 80–FE, or GB 18030's four-byte form).
bool LooksLikeGbk(std::string_view bytes);

}  // namespace zq::complaint
