// Registry bulk-load mode: drop the secondary indexes of the large tables while millions of rows
// are appended, then re-create them (registry.h, BeginBulkLoad).
#include <nlohmann/json.hpp>

#include "registry/registry.h"
#include "store/index_maintenance.h"

namespace zq::registry {
namespace {

constexpr std::string_view kMetaKey = "registry.bulk_load_indexes";
constexpr std::string_view kBulkTables[] = {"entities", "products"};

Result<std::vector<store::IndexDefinition>> RecordedIndexes(store::Transaction& tx) {
  const std::vector<store::Value> key = {std::string(kMetaKey)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet rs, tx.Query("SELECT value FROM meta WHERE key = ?", key));
  std::vector<store::IndexDefinition> out;
  if (rs.rows.empty())
    return out;
  const nlohmann::json recorded = nlohmann::json::parse(rs.rows[0].GetText(0), nullptr, false);
  if (!recorded.is_array())
    return Status::Internal("the recorded bulk-load indexes are not readable");
  for (const nlohmann::json& i : recorded) {
    out.push_back({i.value("name", ""), i.value("create_sql", "")});
  }
  return out;
}

// The maintained copies whose triggers stand aside during a bulk load (registry migrations 0008
// and 0009), rebuilt in one pass each: the dashboard's counts and, on SQLite, the FTS5 index of
// names and addresses (PostgreSQL's trigram indexes are secondary indexes, re-created above).
Status RebuildMaintained(store::Transaction& tx) {
  ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM entity_counts").status());
  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO entity_counts (region_code, division, status, n) "
                                "SELECT region_code, substr(industry_code, 1, 2), status, "
                                "COUNT(*) FROM entities GROUP BY 1, 2, 3")
                         .status());
  if (tx.backend() != store::Backend::kSqlite)
    return Status::Ok();
  for (const char* sql :
       {"INSERT INTO entity_search (entity_search) VALUES ('delete-all')",
        "DELETE FROM entity_search_keys",
        "INSERT INTO entity_search_keys (uscc) SELECT uscc FROM entities ORDER BY uscc",
        "INSERT INTO entity_search (rowid, name, address) SELECT k.id, e.name, e.address "
        "FROM entity_search_keys k JOIN entities e ON e.uscc = k.uscc"}) {
    ZQ_RETURN_IF_ERROR(tx.Execute(sql).status());
  }
  return Status::Ok();
}

// Re-creates whatever a previous BeginBulkLoad dropped, rebuilds what its triggers skipped and
// forgets the record.
Status RestoreRecordedIndexes(store::Transaction& tx) {
  const std::vector<store::Value> key = {std::string(kMetaKey)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet loading, tx.Query("SELECT 1 FROM meta WHERE key = ?", key));
  if (loading.rows.empty())
    return Status::Ok();
  ZQ_ASSIGN_OR_RETURN(std::vector<store::IndexDefinition> recorded, RecordedIndexes(tx));
  ZQ_RETURN_IF_ERROR(store::CreateIndexes(tx, recorded));
  ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM meta WHERE key = ?", key).status());
  return RebuildMaintained(tx);
}

Status CheckBulkLoader(const auth::Caller& caller) {
  if (!caller.IsAdministrator())
    return Status::PermissionDenied("only a platform administrator may bulk-load the registry");
  return Status::Ok();
}

}  // namespace

Status Registry::BeginBulkLoad(const auth::Caller& caller) {
  ZQ_RETURN_IF_ERROR(CheckBulkLoader(caller));
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(RestoreRecordedIndexes(tx));
    nlohmann::json record = nlohmann::json::array();
    for (std::string_view table : kBulkTables) {
      ZQ_ASSIGN_OR_RETURN(std::vector<store::IndexDefinition> indexes,
                          store::ListSecondaryIndexes(tx, table));
      ZQ_RETURN_IF_ERROR(store::DropIndexes(tx, indexes));
      for (const store::IndexDefinition& i : indexes) {
        record.push_back({{"name", i.name}, {"create_sql", i.create_sql}});
      }
    }
    const std::vector<store::Value> row = {std::string(kMetaKey), record.dump()};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO meta (key, value) VALUES (?, ?)", row).status());
    return audit_.Append(tx, caller, "registry.bulk_load.begin", "entities,products",
                         record.dump());
  });
}

Status Registry::EndBulkLoad(const auth::Caller& caller) {
  ZQ_RETURN_IF_ERROR(CheckBulkLoader(caller));
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    ZQ_RETURN_IF_ERROR(RestoreRecordedIndexes(tx));
    return audit_.Append(tx, caller, "registry.bulk_load.end", "entities,products");
  }));
  if (db_.backend() == store::Backend::kPostgres) {
    // Fresh statistics, so that the planner uses the new indexes at once.
    return store::InTransaction(
        db_, [](store::Transaction& tx) { return tx.Execute("ANALYZE entities").status(); });
  }
  return Status::Ok();
}

}  // namespace zq::registry
