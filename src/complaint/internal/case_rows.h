#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "complaint/complaint_service.h"
#include "store/database.h"
#include "store/row_mapping.h"

// The case table's columns declared once, and the reads and writes the intake, the workflow and
// the queries share.
namespace zq::complaint::internal {

const store::Columns<CaseRecord>& CaseColumns();

// The case `id` in `tx` when the caller may read its office's region (officials within their
// jurisdiction, administrators everywhere); kNotFound otherwise, so existence does not leak.
Result<CaseRecord> LoadCase(store::Transaction& tx, const auth::Caller& caller, std::int64_t id);

// The case numbered `number` (or with the id `number` when it is all digits), as LoadCase.
Result<CaseRecord> LoadCaseByNumber(store::Transaction& tx, const auth::Caller& caller,
                                    std::string_view number);

// The state a closed case was closed from (its last close step in the history).
Result<State> StateBeforeClosing(store::Transaction& tx, std::int64_t case_id);

// The routing inputs a case keeps (routing.h), received by `received_by` ("" for none).
RoutingInput RoutingOf(const CaseRecord& c, std::string received_by);

// " AND kind = ?" for a kind filter ("" for none); kInvalidArgument ("kind") for another text.
Status AppendKind(const std::string& kind, std::string& where, std::vector<store::Value>& params);

// Appends a step to the case's history.
Status AddHistory(store::Transaction& tx, std::int64_t case_id, std::string_view at,
                  std::string_view actor, std::string_view action, std::string_view from,
                  std::string_view to, std::string_view note);

Result<std::vector<HistoryEntry>> HistoryOf(store::Transaction& tx, std::int64_t case_id);

// " AND handling_region LIKE ?" for the caller's scope and an optional region filter (its
// subtree); kInvalidArgument ("region") for a malformed filter, kNotFound for a filter outside
// the caller's jurisdiction.
Status AppendScope(const auth::Caller& caller, const std::optional<std::string>& region,
                   std::string& where, std::vector<store::Value>& params);

// The GB 11643-1999 check character of an 18-character 居民身份证号码 holds.
bool ValidIdNumber(std::string_view id);

}  // namespace zq::complaint::internal
