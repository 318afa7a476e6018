#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "auth/caller.h"
#include "core/result.h"
#include "registry/registry.h"

namespace zq::registry {

// One rejected row of an import.
struct ImportError {
  std::size_t line = 0;  // physical line in the file where the record starts
  std::string field;     // the column at fault, e.g. "uscc", "region_code", "csv", "encoding"
  std::string code;      // "INVALID_ARGUMENT", "ALREADY_EXISTS" (duplicate in the file)
  std::string message;
};

struct ImportReport {
  std::size_t rows_read = 0;
  std::size_t inserted = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t rejected = 0;
  std::vector<ImportError> errors;  // by line; the first `max_reported_errors` (default: all)
};

// The report as JSON, for `zq import … --json` and the API's import routes: rows_read, inserted,
// updated, unchanged, rejected, and errors [{line, field, code, message}].
nlohmann::json ImportReportJson(const ImportReport& report);

struct ImportOptions {
  std::size_t batch_size = 5000;
  std::size_t max_reported_errors = std::numeric_limits<std::size_t>::max();
  std::function<void(std::size_t rows_read)> progress;  // after each batch
};

// Imports market entities from CSV (UTF-8, header row) or from the first sheet of an XLSX
// workbook (core/table_file.h; a date cell reads as YYYY-MM-DD), e.g. an ExportEntities file.
// Columns, in any order:
//   uscc, name, region_code (required); legal_representative, industry_code, type
//   (enterprise|individual|cooperative|other or 企业|个体工商户|农民专业合作社), registered_capital
//   (yuan, up to 2 decimals), established_on, deregistered_on (YYYY-MM-DD), status
//   (active|revoked|cancelled|dormant or 存续|吊销|注销|歇业), size (large|medium|small|micro),
//   address.
// Every row is validated in full before anything is written: good rows are kept, each bad row is
// reported with its line, field and reason (all of them, ordered by line). A USCC repeated in the
// file keeps its first row. Rows are upserted by USCC in chunks of `batch_size`
// (internal/entity_chunk.h), each chunk one transaction with one audit entry "entity.import"
// carrying the SM3 digest of its rows: a bad row never enters a chunk, so it costs no good row;
// a row whose stored entity lies outside the caller's jurisdiction is rejected (PERMISSION_DENIED,
// field uscc) and the rest of its chunk written. A row equal to the stored entity is counted as
// unchanged and not rewritten, so importing the same file twice changes nothing. The search index
// and the dashboard's counts are maintained once per chunk. kInvalidArgument (field "header") when
// the header lacks a required column or names an unknown one; a database error aborts at a chunk
// boundary (the chunks before it stay committed, the failing one is rolled back whole).
Result<ImportReport> ImportEntities(Registry& registry, const auth::Caller& caller,
                                    std::istream& in, const ImportOptions& options = {});

}  // namespace zq::registry
