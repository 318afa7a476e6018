#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/migration_registry.h"

namespace zq::store::internal {

// One migration as Database::Migrate() applies it: `sql` already in the backend's dialect.
struct PlannedMigration {
  std::string module;
  int version = 0;
  std::string name;
  std::string sql;
};

// The migrations of `modules` for `backend`, in the order they apply: each module after the
// registered modules it depends on (otherwise by name), each module's in version order.
// "NNNN_name.sql" serves both backends unless "NNNN_name.<backend>.sql" exists. kInternal for a
// file not named so, two texts of one version, a version with only the other backend's variant,
// two modules of one name, or a dependency cycle (named).
Result<std::vector<PlannedMigration>> PlanMigrations(
    std::span<const ModuleMigrations* const> modules, Backend backend);

// The modules of `modules` in dependency order (as PlanMigrations orders them).
Result<std::vector<std::string>> OrderModules(std::span<const ModuleMigrations* const> modules);

// Splits a migration into statements: a statement ends with ';' at the end of a line; lines
// starting with "--" are left out.
std::vector<std::string> SplitStatements(std::string_view sql);

}  // namespace zq::store::internal
