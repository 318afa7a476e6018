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

class CsvColumns {
 public:
  // Columns may come in any order. kInvalidArgument (field "header") for a malformed header, a
  // column not in `known`, a column named twice, or one of `required` missing.
  Status Parse(const CsvRecord& header, std::span<const std::string_view> known,
               std::span<const std::string_view> required);

  bool Has(std::string_view name) const { return columns_.contains(name); }

  std::size_t size() const { return columns_.size(); }

  // The field of column `name` in `record`, spaces and tabs trimmed; "" when there is no such
  // column.
  std::string Get(const CsvRecord& record, std::string_view name) const;

 private:
  std::map<std::string, std::size_t, std::less<>> columns_;
};

// Reads an import file: the first record to `header`, each further one to `row`, stopping at the
// first error either returns (that error is the result). kInvalidArgument (field "header") for
// an empty file.
Status ReadImportFile(std::istream& in, const std::function<Status(const CsvRecord&)>& header,
                      const std::function<Status(const CsvRecord&)>& row);

// Counts a rejected row in `report` and keeps its reason while fewer than `max_reported` are kept.
void RejectRow(ImportReport& report, std::size_t line, const Status& why, std::size_t max_reported);

}  // namespace zq::registry::internal
