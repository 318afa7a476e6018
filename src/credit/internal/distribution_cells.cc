#include "credit/internal/distribution_cells.h"

#include <string>
#include <vector>

namespace zq::credit::internal {
namespace {

using store::Value;

// " AND <column> in the subtree named by `prefix`" (a key range, so the index serves it).
void AddPrefix(std::string& sql, std::vector<Value>& params, std::string_view column,
               std::string_view prefix) {
  if (prefix.empty())
    return;
  std::string hi(prefix);
  hi.back() = static_cast<char>(hi.back() + 1);
  sql += std::string(" AND ") + std::string(column) + " >= ? AND " + std::string(column) + " < ?";
  params.emplace_back(std::string(prefix));
  params.emplace_back(std::move(hi));
}

}  // namespace

// Two key ranges read in place (Scan: no row copied): the maintained class counts of the
// subtree's active graded entities, then the registry's counts of its active entities.
Status ReadMaintainedCells(store::Transaction& tx, std::string_view prefix, const CellSink& sink) {
  Status failure;
  const auto scan = [&](std::string sql, std::string_view class_column) -> Status {
    std::vector<Value> params;
    AddPrefix(sql, params, "region_code", prefix);
    ZQ_RETURN_IF_ERROR(tx.Scan(sql, params, [&](const store::RowView& r) {
      failure = sink(r.Text(0), r.Text(1), class_column.empty() ? "" : r.Text(2), r.Int(3));
      return failure.ok();
    }));
    return failure;
  };
  ZQ_RETURN_IF_ERROR(
      scan("SELECT region_code, division, risk_class, n FROM credit_class_counts "
           "WHERE status = 'active' AND n <> 0",
           "risk_class"));
  return scan(
      "SELECT region_code, division, '', n FROM registry_entity_counts "
      "WHERE status = 'active' AND n <> 0",
      "");
}

// The distribution as it was computed before the maintained counts: the newest grade of every
// graded entity joined with its facts, and the active entities grouped from their index.
Status ScanCells(store::Transaction& tx, std::string_view prefix, const CellSink& sink) {
  std::string sql =
      "SELECT e.region_code, substr(e.industry_code, 1, 2), g.risk_class, COUNT(*) "
      "FROM credit_grades g JOIN registry_entity_facts e ON e.uscc = g.uscc "
      "WHERE e.status = 'active' "
      "AND g.id = (SELECT MAX(l.id) FROM credit_grades l WHERE l.uscc = g.uscc)";
  std::vector<Value> params;
  AddPrefix(sql, params, "e.region_code", prefix);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet graded, tx.Query(sql + " GROUP BY 1, 2, 3", params));
  for (const store::Row& row : graded.rows)
    ZQ_RETURN_IF_ERROR(sink(row.GetText(0), row.GetText(1), row.GetText(2), row.GetInt(3)));
  sql =
      "SELECT region_code, substr(industry_code, 1, 2), COUNT(*) FROM registry_entity_facts "
      "WHERE status = 'active'";
  params.clear();
  AddPrefix(sql, params, "region_code", prefix);
  ZQ_ASSIGN_OR_RETURN(store::ResultSet active, tx.Query(sql + " GROUP BY 1, 2", params));
  for (const store::Row& row : active.rows)
    ZQ_RETURN_IF_ERROR(sink(row.GetText(0), row.GetText(1), "", row.GetInt(2)));
  return Status::Ok();
}

}  // namespace zq::credit::internal
