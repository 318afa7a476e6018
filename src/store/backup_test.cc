#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "store/database.h"
#include "store/testing/test_database.h"

namespace zq::store {
namespace {

// Every table's rows, as text, keyed by table name.
std::map<std::string, std::vector<std::string>> Snapshot(Database& db) {
  auto tx = std::move(db.Begin(TxMode::kReadOnly)).value();
  const char* list = db.backend() == Backend::kSqlite
                         ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                           "'sqlite_%' ORDER BY name"
                         : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                           "'public' ORDER BY table_name";
  std::map<std::string, std::vector<std::string>> out;
  const ResultSet tables = std::move(tx->Query(list)).value();
  for (const Row& t : tables.rows) {
    const std::string table = t.GetText(0);
    std::vector<std::string>& rows = out[table];
    EXPECT_TRUE(tx->QueryEach("SELECT * FROM " + table + " ORDER BY 1", {}, [&](const Row& r) {
                    std::string line;
                    for (std::size_t i = 0; i < r.size(); ++i) line += r.GetText(i) + "\x1f";
                    rows.push_back(line);
                    return true;
                  }).ok());
  }
  return out;
}

class BackupTest : public ::testing::TestWithParam<Backend> {
 protected:
  std::string path_ =
      (std::filesystem::temp_directory_path() / ("zq-backup-" + std::to_string(::getpid()) + "-" +
                                                 std::string(BackendName(GetParam())) + ".bak"))
          .string();

  void TearDown() override {
    std::filesystem::remove(path_);
    std::filesystem::remove(path_ + ".sm3");
  }
};

TEST_P(BackupTest, RestoreBringsBackEveryTable) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Database& db = t->db();
  ASSERT_TRUE(InTransaction(db, [](Transaction& tx) -> Status {
                ZQ_RETURN_IF_ERROR(
                    tx.Execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT)").status());
                for (std::int64_t i = 0; i < 100; ++i) {
                  const std::vector<Value> p = {i, "企业 " + std::to_string(i)};
                  ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO items VALUES (?, ?)", p).status());
                }
                return tx.Execute("INSERT INTO meta (key, value) VALUES ('k', 'v')").status();
              }).ok());
  const auto before = Snapshot(db);
  ASSERT_GE(before.size(), 3u);  // items, meta, schema_migrations and the modules' tables
  Status backup = db.BackupTo(path_);
  ASSERT_TRUE(backup.ok()) << backup.ToString();
  ASSERT_TRUE(std::filesystem::exists(path_ + ".sm3"));

  ASSERT_TRUE(InTransaction(db, [](Transaction& tx) -> Status {
                ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM items WHERE id < 50").status());
                ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE meta SET value = 'changed'").status());
                return tx.Execute("INSERT INTO items VALUES (1000, 'after the backup')").status();
              }).ok());
  ASSERT_NE(Snapshot(db), before);
  Status restore = db.RestoreFrom(path_);
  ASSERT_TRUE(restore.ok()) << restore.ToString();
  EXPECT_EQ(Snapshot(db), before);
}

TEST_P(BackupTest, AlteredBackupIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(t->db().BackupTo(path_).ok());
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x5a');
  }
  Status s = t->db().RestoreFrom(path_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.field(), "backup");
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

}  // namespace
}  // namespace zq::store
