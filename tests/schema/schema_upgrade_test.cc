// A database made by the global numbering of migrations (0001…0023 in src/store/migrations/,
// schema_migrations(version, name, applied_at)) upgrades to per-module migrations without
// running anything again, and ends with the schema a new database gets. The databases are the
// dumps in testdata/ (README.md there: how they were made).
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/files.h"
#include "store/database.h"
#include "store/schema_catalog.h"
#include "store/testing/test_database.h"

namespace zq {
namespace {

using store::Backend;

// The statements of a dump (`sqlite3 .dump`, `pg_dump --inserts`): a statement ends with ';' at
// the end of a line. Left out: comments, psql commands, the dump's own transaction and session
// settings (the statements name their schema, and the connection goes back to the pool).
std::vector<std::string> DumpStatements(const std::string& dump) {
  std::vector<std::string> out;
  std::string current;
  std::istringstream in(dump);
  for (std::string line; std::getline(in, line);) {
    if (current.empty() && (line.empty() || line.starts_with("--") || line.starts_with("\\")))
      continue;
    current += line + "\n";
    if (!line.ends_with(";"))
      continue;
    const bool skipped = current.starts_with("PRAGMA ") || current.starts_with("BEGIN ") ||
                         current.starts_with("COMMIT;") || current.starts_with("SET ") ||
                         current.starts_with("SELECT pg_catalog.set_config(");
    if (!skipped)
      out.push_back(current);
    current.clear();
  }
  return out;
}

Status Load(store::Database& db, const std::string& path) {
  const std::string dump = testing_files::TestFileText(path);
  if (dump.empty())
    return Status::Internal("cannot read " + path);
  return store::InTransaction(db, [&](store::Transaction& tx) {
    for (const std::string& statement : DumpStatements(dump))
      ZQ_RETURN_IF_ERROR(tx.Execute(statement).status().WithContext(statement.substr(0, 80)));
    return Status::Ok();
  });
}

std::int64_t Count(store::Database& db, const std::string& table) {
  auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
  return tx->Query("SELECT COUNT(*) FROM " + table)->rows[0].GetInt(0);
}

// (module, version) → "name applied_at" of every recorded migration.
std::map<std::pair<std::string, std::int64_t>, std::pair<std::string, std::string>> Applied(
    store::Database& db) {
  auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
  Result<store::ResultSet> rs =
      tx->Query("SELECT module, version, name, applied_at FROM schema_migrations");
  EXPECT_TRUE(rs.ok()) << rs.status().ToString();
  std::map<std::pair<std::string, std::int64_t>, std::pair<std::string, std::string>> out;
  for (const store::Row& row : rs.ok() ? rs->rows : std::vector<store::Row>{})
    out[{row.GetText(0), row.GetInt(1)}] = {row.GetText(2), row.GetText(3)};
  return out;
}

std::vector<std::string> Schema(store::Database& db) {
  auto tx = std::move(db.Begin(store::TxMode::kReadOnly)).value();
  Result<std::vector<std::string>> schema = store::DescribeSchema(*tx);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return schema.ok() ? *schema : std::vector<std::string>{};
}

class SchemaUpgradeTest : public ::testing::TestWithParam<Backend> {};

TEST_P(SchemaUpgradeTest, DatabaseOfTheGlobalNumberingUpgradesWithoutRunningAnythingAgain) {
  Result<std::unique_ptr<store::testing::TestDatabase>> opened =
      store::testing::TestDatabase::Create(GetParam(), store::testing::Migrations::kSkip);
  if (!opened.ok() && store::testing::SkipWhenUnavailable())
    GTEST_SKIP() << opened.status().ToString();
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  store::testing::TestDatabase& old = **opened;
  const std::string dump = std::string(ZQ_SCHEMA_TESTDATA) + "/global-0023." +
                           std::string(store::BackendName(GetParam())) + ".sql";
  const Status loaded = Load(old.db(), dump);
  ASSERT_TRUE(loaded.ok()) << loaded.ToString();
  ASSERT_EQ(Count(old.db(), "schema_migrations"), 23);
  const std::vector<std::string> tables = {"meta",     "domain_events", "domain_event_cursors",
                                           "users",    "audit_log",     "audit_head",
                                           "entities", "regions",       "industries"};
  std::map<std::string, std::int64_t> before;
  for (const std::string& table : tables) before[table] = Count(old.db(), table);
  EXPECT_EQ(before["users"], 2);  // the administrator and alice
  EXPECT_EQ(before["entities"], 1);
  EXPECT_EQ(before["domain_events"], 1);

  // A migration that ran again would fail on its existing table or index.
  const Status migrated = old.db().Migrate();
  ASSERT_TRUE(migrated.ok()) << migrated.ToString();
  for (const std::string& table : tables) EXPECT_EQ(Count(old.db(), table), before[table]) << table;

  ZQ_OPEN_TEST_DB_OR_SKIP(fresh, GetParam());
  const auto upgraded = Applied(old.db());
  const auto expected = Applied(fresh->db());
  ASSERT_EQ(upgraded.size(), expected.size());
  int kept = 0;  // the 23 global versions keep the time they were applied
  for (const auto& [key, value] : expected) {
    const auto it = upgraded.find(key);
    ASSERT_NE(it, upgraded.end()) << key.first << " " << key.second;
    EXPECT_EQ(it->second.first, value.first) << key.first << " " << key.second;
    kept += it->second.second.starts_with("2026-12-06T08:10:") ? 1 : 0;
  }
  EXPECT_EQ(kept, 23);
  EXPECT_EQ(Schema(old.db()), Schema(fresh->db()));

  // Again: nothing to do.
  ASSERT_TRUE(old.db().Migrate().ok());
  EXPECT_EQ(Applied(old.db()), upgraded);
}

INSTANTIATE_TEST_SUITE_P(Backends, SchemaUpgradeTest,
                         ::testing::ValuesIn(store::testing::AllBackends()),
                         store::testing::BackendParamName);

}  // namespace
}  // namespace zq
