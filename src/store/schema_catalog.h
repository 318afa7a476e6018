#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"

// What the database holds, read from its catalogue (sqlite_master and table_info on SQLite,
// information_schema and pg_indexes in the current schema on PostgreSQL): the backend-specific
// catalogue queries stay here. For the migration runner and for tests that compare two schemas.
namespace zq::store {

// The columns of `table`, in the order the catalogue gives them; empty when there is no such
// table.
Result<std::vector<std::string>> TableColumns(Transaction& tx, std::string_view table);

// The schema as sorted lines, one per table or view ("table users"), column ("column
// users.username text NOT NULL") and index ("index users.sessions_user"); types as the backend
// reports them, so two descriptions compare only within one backend.
Result<std::vector<std::string>> DescribeSchema(Transaction& tx);

}  // namespace zq::store
