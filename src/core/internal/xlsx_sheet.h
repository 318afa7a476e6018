#pragma once
// The worksheet part of an XLSX workbook as records (internal to core/; see core/xlsx.h).
#include <functional>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/status.h"
#include "core/xml_reader.h"

namespace zq::internal {

// Runs `parse` with a reader that turns the sheet's rows into records for `on_record`.
// `shared_strings` is the workbook's string table, `date_styles` says for each cell format
// whether it shows a date, `date1904` which date system the workbook uses.
Status ReadXlsxSheet(const std::function<Status(XmlReader&)>& parse,
                     const std::vector<std::string>& shared_strings,
                     const std::vector<bool>& date_styles, bool date1904,
                     const std::function<bool(CsvRecord&)>& on_record);

}  // namespace zq::internal
