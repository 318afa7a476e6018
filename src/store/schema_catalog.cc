#include "store/schema_catalog.h"

#include <algorithm>

#include <fmt/format.h>

namespace zq::store {
namespace {

// Tables and views: (name, "table" or "view").
Result<ResultSet> Relations(Transaction& tx) {
  if (tx.backend() == Backend::kSqlite) {
    return tx.Query(
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE "
        "'sqlite_%' ORDER BY name");
  }
  return tx.Query(
      "SELECT table_name, CASE WHEN table_type = 'VIEW' THEN 'view' ELSE 'table' END FROM "
      "information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name");
}

// (name, type, 1 when NOT NULL) of each column of `table`.
Result<ResultSet> ColumnRows(Transaction& tx, std::string_view table) {
  const std::vector<Value> p = {std::string(table)};
  if (tx.backend() == Backend::kSqlite) {
    return tx.Query("SELECT name, lower(type), \"notnull\" FROM pragma_table_info(?) ORDER BY cid",
                    p);
  }
  return tx.Query(
      "SELECT column_name, data_type, CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END FROM "
      "information_schema.columns WHERE table_schema = current_schema() AND table_name = ? "
      "ORDER BY ordinal_position",
      p);
}

// (table, index name) of every index.
Result<ResultSet> Indexes(Transaction& tx) {
  if (tx.backend() == Backend::kSqlite)
    return tx.Query("SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'");
  return tx.Query(
      "SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()");
}

}  // namespace

Result<std::vector<std::string>> TableColumns(Transaction& tx, std::string_view table) {
  ZQ_ASSIGN_OR_RETURN(ResultSet rs, ColumnRows(tx, table));
  std::vector<std::string> out;
  for (const Row& row : rs.rows) out.push_back(row.GetText(0));
  return out;
}

Result<std::vector<std::string>> DescribeSchema(Transaction& tx) {
  std::vector<std::string> out;
  ZQ_ASSIGN_OR_RETURN(ResultSet relations, Relations(tx));
  for (const Row& relation : relations.rows) {
    const std::string name = relation.GetText(0);
    out.push_back(fmt::format("{} {}", relation.GetText(1), name));
    ZQ_ASSIGN_OR_RETURN(ResultSet columns, ColumnRows(tx, name));
    for (const Row& c : columns.rows) {
      out.push_back(fmt::format("column {}.{} {}{}", name, c.GetText(0), c.GetText(1),
                                c.GetInt(2) != 0 ? " NOT NULL" : ""));
    }
  }
  ZQ_ASSIGN_OR_RETURN(ResultSet indexes, Indexes(tx));
  for (const Row& row : indexes.rows)
    out.push_back(fmt::format("index {}.{}", row.GetText(0), row.GetText(1)));
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace zq::store
