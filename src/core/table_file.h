#pragma once

#include <functional>
#include <istream>

#include "core/csv.h"
#include "core/status.h"

namespace zq {

// Reads an import file of either kind into records: an XLSX workbook (recognised by its ZIP
// signature, whatever the file is called) through ReadXlsx, anything else as CSV through
// ReadCsv. A workbook is read whole into memory first: kInvalidArgument (field "file") above
// kMaxTableFileBytes, or for a workbook ReadXlsx cannot read. A sheet row shorter than the first
// row (the header) is padded with empty fields, as its CSV line would be. Otherwise as ReadCsv.
Status ReadTableFile(std::istream& in, const std::function<bool(CsvRecord&)>& on_record);

// The largest XLSX file ReadTableFile takes, as compressed on disk.
inline constexpr std::size_t kMaxTableFileBytes = std::size_t{256} << 20;

}  // namespace zq
