#pragma once

#include <cstddef>
#include <ostream>
#include <string_view>

#include "auth/caller.h"
#include "core/result.h"
#include "registry/registry.h"

namespace zq::registry {

enum class ExportFormat { kCsv, kXlsx };

// "csv" or "xlsx"; kInvalidArgument (field "format") otherwise.
Result<ExportFormat> ParseExportFormat(std::string_view text);

// The most rows an XLSX export holds (a worksheet has 1,048,576 rows).
inline constexpr std::size_t kMaxXlsxRows = 1'000'000;

// Writes the entities matching `filter` in the caller's scope to `out`, in the column layout that
// ImportEntities reads (so an administrator's export re-imports unchanged), with a header row.
// CSV is UTF-8 with a BOM (so spreadsheet programs read Chinese) and formula-guarded; XLSX is one
// worksheet. Personal fields are masked except for administrators. Audited as an export.
// Returns the number of rows written.
Result<std::size_t> ExportEntities(Registry& registry, const auth::Caller& caller,
                                   const EntityFilter& filter, ExportFormat format,
                                   std::ostream& out);

}  // namespace zq::registry
