#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace zq::store {

// A secondary index of a table and the statement that re-creates it, as the database itself
// reports it (sqlite_master.sql; pg_get_indexdef on PostgreSQL).
struct IndexDefinition {
  std::string name;
  std::string create_sql;
};

// The secondary indexes of `table`: every index that does not back a PRIMARY KEY or UNIQUE
// constraint. Bulk loads of millions of rows drop these first and re-create them afterwards,
// since building an index from sorted data is many times faster than inserting keys one by one in
// random order. kInvalidArgument (field "table") when `table` is not a plain identifier.
Result<std::vector<IndexDefinition>> ListSecondaryIndexes(Transaction& tx, std::string_view table);

// Drops each of `indexes` (names must be plain identifiers, as ListSecondaryIndexes gives them).
Status DropIndexes(Transaction& tx, std::span<const IndexDefinition> indexes);

// Re-creates each of `indexes` from its create_sql.
Status CreateIndexes(Transaction& tx, std::span<const IndexDefinition> indexes);

}  // namespace zq::store
