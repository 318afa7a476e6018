#pragma once
// A trace answer (trace_service.h) written out: as JSON (the API's and `zq trace … --json`), and
// as the FSMA-204-style electronic sortable spreadsheet of key data elements — one row per
// critical tracking event, in time order — in CSV (UTF-8 with a BOM, formula-guarded) or XLSX
// (a sheet of the rows with a filter on every column, then the destinations and holders of a
// forward trace or the inputs of a backward one, and the cycles found in bad data), with the
// headers and labels of core/export_headers.h.
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/export_headers.h"
#include "core/result.h"
#include "trace/trace_service.h"

namespace zq::trace {

// {"direction", "roots", "destinations" | "inputs", "holders", "rows", "cycles", "truncated"};
// a firm is {"uscc", "name", "regionCode"} or null, a missing quantity null.
nlohmann::json TraceAnswerJson(const TraceAnswer& answer);

// How a trace is written for people or scripts.
struct TraceExportOptions {
  // kCodes: the machine layout, as it always was (English headers, code values, UTC times).
  // kChinese: Chinese headers, Chinese labels for the steps (发货), units (千克) and document types
  // (采购订单), 是/否, and a firm's region name beside its code; kEnglish: English headers, code
  // values and the region names. Both write times in Beijing time ("2026-03-04 18:00:30").
  ExportHeaders headers = ExportHeaders::kCodes;
  // Regions' full names by GB/T 2260 code (Registry::AllReferenceNames), for the name columns; a
  // code it lacks gets an empty name.
  std::map<std::string, std::string, std::less<>> region_names;
};

// The header of the key data elements and one row's fields in the layout of `options`.
std::vector<std::string> KdeHeader(ExportHeaders headers = ExportHeaders::kCodes);
std::vector<std::string> KdeFields(const TraceRow& row, const TraceExportOptions& options = {});

void WriteTraceCsv(const TraceAnswer& answer, std::ostream& out,
                   const TraceExportOptions& options = {});

// The workbook's bytes; kInternal when libxlsxwriter fails.
Result<std::string> TraceXlsx(const TraceAnswer& answer, const TraceExportOptions& options = {});

// 正向追溯_20261207.csv / 反向追溯_20261207.xlsx under kChinese, else trace-forward_20261207.csv;
// `extension` is "csv" or "xlsx", `date` YYYY-MM-DD, today in Beijing time (TodayText).
std::string TraceFileName(Direction direction, ExportHeaders headers, std::string_view extension,
                          std::string_view date);

}  // namespace zq::trace
