#pragma once

#include <span>
#include <string_view>

#include "core/status.h"
#include "store/database.h"

namespace zq::store::internal {

// A migration of the global numbering that zq used before each module kept its own migrations
// (src/store/migrations/0001…0023), and the per-module migration it became.
struct GlobalMigration {
  int global_version = 0;
  std::string_view module;
  int version = 0;
  std::string_view name;
};

// The whole global numbering, 0001…0023, in order.
std::span<const GlobalMigration> GlobalNumbering();

// Makes schema_migrations the per-module table (module, version, name, applied_at), inside `tx`,
// which holds the migration lock: creates it in a new database, and in a database of the global
// numbering (schema_migrations(version, name, applied_at)) replaces it by the per-module rows of
// every recorded version, keeping applied_at, so that nothing applied runs again.
// kFailedPrecondition (field "schema_migrations") for a recorded version not in the global
// numbering: the database was migrated by a newer zq of the old scheme.
Status EnsureSchemaMigrations(Transaction& tx);

}  // namespace zq::store::internal
