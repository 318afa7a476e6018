#include "store/internal/schema_migrations.h"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "store/schema_catalog.h"

namespace zq::store::internal {
namespace {

// Fixed history: these rows never change. A database of the global numbering has a prefix of it.
constexpr std::array<GlobalMigration, 23> kGlobalNumbering = {{
    {1, "store", 1, "meta"},
    {2, "registry", 1, "registry"},
    {3, "auth", 1, "auth"},
    {4, "registry", 2, "region_order"},
    {5, "auth", 2, "audit_log_by_seq"},
    {6, "inspection", 1, "inspection"},
    {7, "registry", 3, "dashboard"},
    {8, "store", 2, "domain_events"},
    {9, "inspection", 2, "results"},
    {10, "credit", 1, "credit"},
    {11, "registry", 4, "personal_blind_index"},
    {12, "registry", 5, "recent"},
    {13, "auth", 3, "audit_log_without_actor_index"},
    {14, "credit", 2, "lists"},
    {15, "credit", 3, "repair"},
    {16, "registry", 6, "entity_facts"},
    {17, "credit", 4, "events_severity_index"},
    {18, "auth", 4, "audit_log_tail"},
    {19, "registry", 7, "inspector_accounts"},
    {20, "inspection", 3, "retest_window_resumed"},
    {21, "credit", 5, "penalty_publication_received"},
    {22, "auth", 5, "audit_head_mac"},
    {23, "auth", 6, "sign_in"},
}};

constexpr std::string_view kCreateTable =
    "CREATE TABLE schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL, "
    "name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))";

Status UpgradeFromGlobalNumbering(Transaction& tx) {
  ZQ_ASSIGN_OR_RETURN(
      ResultSet old,
      tx.Query("SELECT version, applied_at FROM schema_migrations ORDER BY version"));
  std::vector<std::vector<Value>> rows;
  for (const Row& row : old.rows) {
    const std::int64_t version = row.GetInt(0);
    const auto* it =
        std::find_if(kGlobalNumbering.begin(), kGlobalNumbering.end(),
                     [&](const GlobalMigration& m) { return m.global_version == version; });
    if (it == kGlobalNumbering.end()) {
      return Status::FailedPrecondition(
          fmt::format("the database records migration {:04d} of the global numbering, which "
                      "this zq does not know (0001–{:04d}): it was migrated by a newer zq",
                      version, kGlobalNumbering.size()),
          "schema_migrations");
    }
    rows.push_back({std::string(it->module), std::int64_t{it->version}, std::string(it->name),
                    row.GetText(1)});
  }
  // Dropped first, so the new table and its primary key get the names a new database has.
  ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE schema_migrations").status());
  ZQ_RETURN_IF_ERROR(tx.Execute(kCreateTable).status());
  for (const std::vector<Value>& row : rows) {
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO schema_migrations (module, version, name, "
                                  "applied_at) VALUES (?, ?, ?, ?)",
                                  row)
                           .status());
  }
  return Status::Ok();
}

}  // namespace

std::span<const GlobalMigration> GlobalNumbering() { return kGlobalNumbering; }

Status EnsureSchemaMigrations(Transaction& tx) {
  ZQ_ASSIGN_OR_RETURN(std::vector<std::string> columns, TableColumns(tx, "schema_migrations"));
  if (columns.empty())
    return tx.Execute(kCreateTable).status();
  if (std::find(columns.begin(), columns.end(), "module") != columns.end())
    return Status::Ok();
  return UpgradeFromGlobalNumbering(tx);
}

}  // namespace zq::store::internal
