#pragma once

#include <istream>

#include "auth/caller.h"
#include "core/result.h"
#include "registry/entity_import.h"
#include "registry/registry.h"

namespace zq::registry {

// Imports the inspector pool (执法检查人员名录库) from CSV (UTF-8, header row)
// or the first sheet of an XLSX workbook (core/table_file.h). Columns, in any
// order: inspector_id (the enforcement certificate number, 执法证号), name, unit, region_code
// (required); qualifications (separated by ";", e.g. "product_quality;special_equipment"),
// active (1/0, true/false, yes/no, 在岗/停用; empty = 1), username (the console account linked
// to the inspector for 我的任务). Without a username column the stored links are kept.
// Each row is validated and written like Registry::UpsertInspector (its own transaction and
// audit entry): a bad row, an inspector of another jurisdiction, or an account already linked to
// another inspector is reported with its line and field and the import goes on. An inspector ID
// repeated in the file keeps its first row. A row equal to the stored inspector is counted as
// unchanged and not rewritten, so importing the same file twice changes nothing. kInvalidArgument
// (field "header") for a bad header; kPermissionDenied for a caller who may not write.
Result<ImportReport> ImportInspectors(Registry& registry, const auth::Caller& caller,
                                      std::istream& in, const ImportOptions& options = {});

}  // namespace zq::registry
