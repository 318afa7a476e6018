#include "store/index_maintenance.h"

#include <fmt/format.h>

#include "store/internal/identifiers.h"

namespace zq::store {

Result<std::vector<IndexDefinition>> ListSecondaryIndexes(Transaction& tx, std::string_view table) {
  if (!internal::IsPlainIdentifier(table))
    return Status::InvalidArgument("bad table name", "table");
  const std::vector<Value> params = {std::string(table)};
  // SQLite gives constraint-backed indexes (sqlite_autoindex_*) no SQL text; PostgreSQL records
  // them in pg_constraint.conindid.
  const std::string_view sql =
      tx.backend() == Backend::kSqlite
          ? "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name"
          : "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
            "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) "
            "ORDER BY i.relname";
  ZQ_ASSIGN_OR_RETURN(ResultSet rs, tx.Query(sql, params));
  std::vector<IndexDefinition> out;
  out.reserve(rs.rows.size());
  for (const Row& row : rs.rows) out.push_back({row.GetText(0), row.GetText(1)});
  return out;
}

Status DropIndexes(Transaction& tx, std::span<const IndexDefinition> indexes) {
  for (const IndexDefinition& index : indexes) {
    if (!internal::IsPlainIdentifier(index.name))
      return Status::InvalidArgument("bad index name", "index");
  }
  for (const IndexDefinition& index : indexes) {
    ZQ_RETURN_IF_ERROR(tx.Execute(fmt::format("DROP INDEX {}", index.name)).status());
  }
  return Status::Ok();
}

Status CreateIndexes(Transaction& tx, std::span<const IndexDefinition> indexes) {
  for (const IndexDefinition& index : indexes) {
    ZQ_RETURN_IF_ERROR(tx.Execute(index.create_sql).status());
  }
  return Status::Ok();
}

}  // namespace zq::store
