#pragma once

#include <istream>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/credit_service.h"
#include "registry/entity_import.h"

namespace zq::credit {

// Imports credit events from CSV (UTF-8, header row) or from the first sheet of an XLSX workbook
// (core/table_file.h: recognised by content; a date cell reads as YYYY-MM-DD, and `line` is the
// sheet's row number). Columns, in any order, by their English or Chinese headers: source
// 来源部门, source_id 来源编号, event_type 事件类型, uscc 统一社会信用代码, occurred_on 发生日期,
// evidence_ref 依据文号 (required); severity 严重程度 (0-5), summary 摘要. Every row is
// validated like CreditService::RecordEvent before anything is written; each bad row is reported
// with its line, field and reason (registry::ImportError), and the good rows are kept. A
// (source, source_id) repeated in the file keeps its first row (ALREADY_EXISTS on the others);
// one already stored counts as unchanged, so importing the same file twice changes nothing.
// Rows are written in batches of `batch_size`, each one transaction with an audit entry per new
// event and the rescoring of the entities it touched. Report: inserted = new events.
// kInvalidArgument (field "header") when the header lacks a required column or names an unknown
// one, (field "file") for a workbook that cannot be read; then kPermissionDenied, before any row
// is read, when the caller may not report events (CheckReporter); other errors abort at a batch
// boundary.
Result<registry::ImportReport> ImportEvents(CreditService& service, store::Database& db,
                                            const auth::Caller& caller, std::istream& in,
                                            const registry::ImportOptions& options = {});

}  // namespace zq::credit
