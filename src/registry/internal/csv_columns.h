#pragma once
// The header row of a registry CSV import: which named column is at which position (internal).
#include <cstddef>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/csv.h"
#include "core/status.h"
#include "registry/entity_import.h"

namespace zq::registry::internal {

// Another name a header may give a column: the Chinese header of an export (统一社会信用代码 for
// uscc). An alias whose `name` is empty is a label column an export writes beside a code
// (行政区划 beside 行政区划代码): accepted and ignored.
struct ColumnAlias {
  std::string_view label;
  std::string_view name;
};

class CsvColumns {
 public:
  // Columns may come in any order, each by its name or an alias. kInvalidArgument (field
  // "header") for a malformed header, a column not in `known` or `aliases`, a column named twice,
  // or one of `required` missing.
  Status Parse(const CsvRecord& header, std::span<const std::string_view> known,
               std::span<const std::string_view> required,
               std::span<const ColumnAlias> aliases = {});

  bool Has(std::string_view name) const { return columns_.contains(name); }

  // The number of columns in the header, ignored label columns included.
  std::size_t size() const { return width_; }

  // The field of column `name` in `record`, spaces and tabs trimmed; "" when there is no such
  // column.
  std::string Get(const CsvRecord& record, std::string_view name) const;

 private:
  std::map<std::string, std::size_t, std::less<>> columns_;
  std::size_t width_ = 0;
};

// Reads an import file, CSV or XLSX (core/table_file.h): the first record to `header`, each further
// one to `row`, stopping at the first error either returns (that error is the result).
// kInvalidArgument (field "header") for an empty file.
Status ReadImportFile(std::istream& in, const std::function<Status(const CsvRecord&)>& header,
                      const std::function<Status(const CsvRecord&)>& row);

// What the registry's importers share: the header's columns, the report, and how a row is
// checked and rejected. A derived importer parses the header into `columns_` and calls
// ReadRow() first for each row.
class RowImporter {
 public:
  ImportReport& report() { return report_; }

 protected:
  explicit RowImporter(const ImportOptions& options) : options_(options) {}

  // Counts the row as read; OK when it is well formed and has the header's number of fields,
  // else the reason (field "csv" for a count that differs), to be passed to Reject().
  Status ReadRow(const CsvRecord& rec);

  // Counts a rejected row and keeps its reason while fewer than options.max_reported_errors are
  // kept; returns OK, so that the import goes on with the next row.
  Status Reject(std::size_t line, const Status& why);

  const ImportOptions& options_;
  CsvColumns columns_;
  ImportReport report_;
};

}  // namespace zq::registry::internal
