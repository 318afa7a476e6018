#include <filesystem>
#include <fstream>
#include <map>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "store/database.h"
#include "store/internal/checksum.h"
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

// What anyone can compute: the plain SM3 of a file, as the old "<backup>.sm3" held it.
std::string PlainSm3(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(bytes.data(), bytes.size(), digest, &len, EVP_sm3(), nullptr), 1);
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    static constexpr char kHex[] = "0123456789abcdef";
    hex += kHex[digest[i] >> 4];
    hex += kHex[digest[i] & 15];
  }
  return hex;
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
}

class BackupTest : public ::testing::TestWithParam<Backend> {
 protected:
  const std::string key_ = std::string(32, 'b');  // KeyRing::backup_mac_key() in production

  std::string path_ =
      (std::filesystem::temp_directory_path() / ("zq-backup-" + std::to_string(::getpid()) + "-" +
                                                 std::string(BackendName(GetParam())) + ".bak"))
          .string();

  void TearDown() override {
    std::filesystem::remove(path_);
    std::filesystem::remove(path_ + ".sm3");
    std::filesystem::remove(path_ + ".hmac-sm3");
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
  ASSERT_GE(before.size(), 3u);  // items and store's tables (meta, schema_migrations, …)
  Status backup = db.BackupTo(path_, key_);
  ASSERT_TRUE(backup.ok()) << backup.ToString();
  ASSERT_TRUE(std::filesystem::exists(path_ + ".hmac-sm3"));
  ASSERT_FALSE(std::filesystem::exists(path_ + ".sm3"));

  ASSERT_TRUE(InTransaction(db, [](Transaction& tx) -> Status {
                ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM items WHERE id < 50").status());
                ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE meta SET value = 'changed'").status());
                return tx.Execute("INSERT INTO items VALUES (1000, 'after the backup')").status();
              }).ok());
  ASSERT_NE(Snapshot(db), before);
  Status restore = db.RestoreFrom(path_, key_);
  ASSERT_TRUE(restore.ok()) << restore.ToString();
  EXPECT_EQ(Snapshot(db), before);
}

TEST_P(BackupTest, AlteredBackupIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(t->db().BackupTo(path_, key_).ok());
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(100);
    f.put('\x5a');
  }
  Status s = t->db().RestoreFrom(path_, key_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.field(), "backup");
}

// The hostile probe of issue 16 (item 6): edit the backup so that lixia becomes a platform
// admin (on PostgreSQL's compressed dump: change a byte), then recompute the checksum as the
// old plain-SM3 scheme allowed. Without the key no checksum file makes it restore.
TEST_P(BackupTest, EditedBackupWithARecomputedChecksumIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Database& db = t->db();
  // store's tests have only store's tables (auth owns users): a stand-in with the same columns.
  ASSERT_TRUE(InTransaction(db, [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(
                    tx.Execute("CREATE TABLE users (username TEXT PRIMARY KEY, role TEXT NOT NULL)")
                        .status());
                return tx
                    .Execute("INSERT INTO users (username, role) VALUES ('lixia', 'regulator')")
                    .status();
              }).ok());
  ASSERT_TRUE(db.BackupTo(path_, key_).ok());
  if (GetParam() == Backend::kSqlite) {
    auto copy = std::move(Database::Open(path_)).value();
    ASSERT_TRUE(InTransaction(*copy, [](Transaction& tx) {
                  return tx
                      .Execute(
                          "UPDATE users SET role = 'platform_admin' "
                          "WHERE username = 'lixia'")
                      .status();
                }).ok());
  } else {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('\x5a');
  }
  const std::string sm3 = PlainSm3(path_);
  // 1. The old scheme: a plain SM3 beside it, the keyed file removed.
  std::filesystem::remove(path_ + ".hmac-sm3");
  WriteText(path_ + ".sm3", sm3 + "\n");
  Status s = db.RestoreFrom(path_, key_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.field(), "backup");
  EXPECT_NE(s.message().find("unkeyed"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("zq backup"), std::string::npos) << s.message();
  // 2. The plain SM3 in the keyed file's place.
  WriteText(path_ + ".hmac-sm3", "zq-backup-hmac-sm3-v1 " + sm3 + "\n");
  EXPECT_EQ(db.RestoreFrom(path_, key_).code(), StatusCode::kFailedPrecondition);
  // 3. HMAC-SM3 under a key of the attacker's own.
  WriteText(path_ + ".hmac-sm3",
            "zq-backup-hmac-sm3-v1 " +
                std::move(internal::FileHmacSm3(path_, std::string(32, 'e'))).value() + "\n");
  EXPECT_EQ(db.RestoreFrom(path_, key_).code(), StatusCode::kFailedPrecondition);
  auto tx = std::move(db.Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT role FROM users WHERE username = 'lixia'")->rows[0].GetText(0),
            "regulator");
}

// Issue 16 (item 6): a restore into a database that a server is using lost its acknowledged
// writes. Servers hold a shared lock for their lifetime (several may share one PostgreSQL
// database); a restore refuses while any does, unless forced.
TEST_P(BackupTest, RestoreIsRefusedWhileAServerHoldsTheDatabaseUnlessForced) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(t->db().BackupTo(path_, key_).ok());
  auto server_db = std::move(t->Reopen()).value();  // another process's handle
  Result<std::unique_ptr<ServingLock>> serving = server_db->LockForServing();
  ASSERT_TRUE(serving.ok()) << serving.status().ToString();
  Result<std::unique_ptr<ServingLock>> second_server = t->db().LockForServing();
  ASSERT_TRUE(second_server.ok()) << second_server.status().ToString();
  second_server->reset();

  Status s = t->db().RestoreFrom(path_, key_);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.field(), "db");
  EXPECT_NE(s.message().find("--force"), std::string::npos) << s.message();
  s = t->db().RestoreFrom(path_, key_, WhileServed::kRestoreAnyway);
  EXPECT_TRUE(s.ok()) << s.ToString();

  serving->reset();  // the server stops
  s = t->db().RestoreFrom(path_, key_);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

}  // namespace
}  // namespace zq::store
