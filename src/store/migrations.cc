// Database::Migrate: applies the migrations the linked modules registered
// (store/migration_registry.h; src/store/migrations/README.md).
#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "store/database.h"
#include "store/internal/migration_plan.h"
#include "store/internal/schema_migrations.h"

namespace zq::store {
namespace {

constexpr std::int64_t kMigrationLockKey = 7202604;  // any constant shared by all zq processes

// Serialises migrating processes: PostgreSQL by an advisory lock held to the end of the
// transaction; on SQLite, BEGIN IMMEDIATE already does.
Status LockMigrations(Transaction& tx) {
  if (tx.backend() != Backend::kPostgres)
    return Status::Ok();
  const std::vector<Value> key = {kMigrationLockKey};
  return tx.Query("SELECT pg_advisory_xact_lock(?)", key).status();
}

std::string Now() {
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}Z",
                     std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace

Status Database::Migrate() {
  ZQ_RETURN_IF_ERROR(InTransaction(*this, [](Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(LockMigrations(tx));
    return internal::EnsureSchemaMigrations(tx);
  }));
  const std::vector<const ModuleMigrations*> modules = RegisteredMigrations();
  ZQ_ASSIGN_OR_RETURN(std::vector<internal::PlannedMigration> plan,
                      internal::PlanMigrations(modules, backend()));
  for (const internal::PlannedMigration& migration : plan) {
    Status s = InTransaction(*this, [&](Transaction& tx) -> Status {
      ZQ_RETURN_IF_ERROR(LockMigrations(tx));
      const std::vector<Value> key = {migration.module, std::int64_t{migration.version}};
      ZQ_ASSIGN_OR_RETURN(
          ResultSet done,
          tx.Query("SELECT 1 FROM schema_migrations WHERE module = ? AND version = ?", key));
      if (!done.rows.empty())
        return Status::Ok();
      for (const std::string& statement : internal::SplitStatements(migration.sql)) {
        ZQ_RETURN_IF_ERROR(tx.Execute(statement).status());
      }
      const std::vector<Value> row = {migration.module, std::int64_t{migration.version},
                                      migration.name, Now()};
      return tx
          .Execute(
              "INSERT INTO schema_migrations (module, version, name, applied_at) "
              "VALUES (?, ?, ?, ?)",
              row)
          .status();
    });
    if (!s.ok()) {
      return s.WithContext(fmt::format("{} migration {:04d}_{}", migration.module,
                                       migration.version, migration.name));
    }
  }
  return Status::Ok();
}

Result<int> Database::SchemaVersion() {
  ZQ_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kReadOnly));
  Result<ResultSet> rs = tx->Query("SELECT COUNT(*) FROM schema_migrations");
  if (!rs.ok())
    return 0;  // no table yet: nothing applied
  return static_cast<int>(rs->rows[0].GetInt(0));
}

}  // namespace zq::store
