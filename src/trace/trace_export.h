#pragma once
// A trace answer (trace_service.h) written out: as JSON (the API's and `zq trace … --json`), and
// as the FSMA-204-style electronic sortable spreadsheet of key data elements — one row per
// critical tracking event, in time order — in CSV (UTF-8 with a BOM, formula-guarded) or XLSX
// (a sheet of the rows with a filter on every column, then the destinations and holders of a
// forward trace or the inputs of a backward one, and the cycles found in bad data).
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "trace/trace_service.h"

namespace zq::trace {

// {"direction", "roots", "destinations" | "inputs", "holders", "rows", "cycles", "truncated"};
// a firm is {"uscc", "name", "regionCode"} or null, a missing quantity null.
nlohmann::json TraceAnswerJson(const TraceAnswer& answer);

// The columns of the key data elements and one row's fields.
const std::vector<std::string>& KdeHeader();
std::vector<std::string> KdeFields(const TraceRow& row);

void WriteTraceCsv(const TraceAnswer& answer, std::ostream& out);

// The workbook's bytes; kInternal when libxlsxwriter fails.
Result<std::string> TraceXlsx(const TraceAnswer& answer);

}  // namespace zq::trace
