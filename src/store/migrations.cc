// Database::Migrate: applies the migrations the linked modules registered
// (store/migration_registry.h; src/store/migrations/README.md).
#include <chrono>
#include <map>
#include <set>
#include <utility>

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

// Refuses a database that a newer build (or another branch) migrated: a module this build knows
// has an applied migration that this build does not have, so its code would misread the tables.
// Modules this build does not link are not judged.
Status CheckNoUnknownMigrations(Transaction& tx,
                                const std::vector<internal::PlannedMigration>& plan) {
  std::map<std::pair<std::string, std::int64_t>, std::string> known;
  std::set<std::string> modules;
  for (const internal::PlannedMigration& m : plan) {
    known[{m.module, m.version}] = m.name;
    modules.insert(m.module);
  }
  ZQ_ASSIGN_OR_RETURN(ResultSet applied,
                      tx.Query("SELECT module, version, name FROM schema_migrations"));
  for (const Row& row : applied.rows) {
    const std::string module = row.GetText(0);
    if (!modules.contains(module))
      continue;
    const std::int64_t version = row.GetInt(1);
    const auto it = known.find({module, version});
    if (it == known.end() || it->second != row.GetText(2)) {
      return Status::FailedPrecondition(
          fmt::format(
              "the database has {} migration {:04d}_{}, which this build of zq does not have: it "
              "was "
              "migrated by a newer version; run that version, or restore a backup made before the "
              "upgrade",
              module, version, row.GetText(2)),
          "schema_migrations");
    }
  }
  return Status::Ok();
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
  ZQ_RETURN_IF_ERROR(InTransaction(
      *this, [&plan](Transaction& tx) -> Status { return CheckNoUnknownMigrations(tx, plan); }));
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
