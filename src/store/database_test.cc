#include "store/database.h"

#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "store/internal/backends.h"
#include "store/testing/test_database.h"

namespace zq::store {
namespace {

class DatabaseTest : public ::testing::TestWithParam<Backend> {};

Status CreateItems(Database& db) {
  return InTransaction(db, [](Transaction& tx) {
    return tx
        .Execute("CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION)")
        .status();
  });
}

TEST_P(DatabaseTest, RoundTripsEveryValueType) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  const std::vector<Value> row = {std::int64_t{9'007'199'254'740'993}, std::string("济南市历下区"),
                                  0.1};
  ASSERT_TRUE(tx->Execute("INSERT INTO items (id, name, score) VALUES (?, ?, ?)", row).ok());
  const std::vector<Value> null_row = {std::int64_t{-1}, Value{}, Value{}};
  ASSERT_TRUE(tx->Execute("INSERT INTO items (id, name, score) VALUES (?, ?, ?)", null_row).ok());
  Result<ResultSet> rs = tx->Query("SELECT id, name, score FROM items ORDER BY id");
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  ASSERT_EQ(rs->rows.size(), 2u);
  EXPECT_TRUE(rs->rows[0].IsNull(1));
  EXPECT_TRUE(rs->rows[0].IsNull(2));
  EXPECT_EQ(rs->rows[1].GetInt(0), 9'007'199'254'740'993);
  EXPECT_EQ(rs->rows[1].GetText(1), "济南市历下区");
  EXPECT_DOUBLE_EQ(rs->rows[1].GetDouble(2), 0.1);
  EXPECT_EQ(rs->columns, (std::vector<std::string>{"id", "name", "score"}));
}

TEST_P(DatabaseTest, CommaListHoldsMatchesWholeItemsAndWildcardsMeanThemselves) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  const std::vector<std::string> lists = {"37A001,37A002", "37A0010", "x%y,a_b", "back\\slash"};
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const std::vector<Value> p = {std::int64_t(i), lists[i]};
    ASSERT_TRUE(tx->Execute("INSERT INTO items (id, name) VALUES (?, ?)", p).ok());
  }
  auto ids_holding = [&](std::string_view item) {
    SqlCondition holds = CommaListHolds("name", item);
    const std::vector<Value> params = {holds.param};
    Result<ResultSet> rs =
        tx->Query("SELECT id FROM items WHERE " + holds.sql + " ORDER BY id", params);
    std::vector<std::int64_t> ids;
    if (!rs.ok()) {
      ADD_FAILURE() << item << ": " << rs.status().ToString();
      return ids;
    }
    for (const auto& row : rs->rows) {
      ids.push_back(row.GetInt(0));
    }
    return ids;
  };
  using Ids = std::vector<std::int64_t>;
  EXPECT_EQ(ids_holding("37A001"), Ids({0}));  // a whole item, not the prefix of 37A0010
  EXPECT_EQ(ids_holding("37A002"), Ids({0}));
  EXPECT_EQ(ids_holding("37A00_"), Ids({}));  // '_' is not a wildcard
  EXPECT_EQ(ids_holding("%"), Ids({}));       // nor is '%'
  EXPECT_EQ(ids_holding("x%y"), Ids({2}));    // but both match themselves
  EXPECT_EQ(ids_holding("a_b"), Ids({2}));
  EXPECT_EQ(ids_holding("back\\slash"), Ids({3}));
  EXPECT_EQ(ids_holding("37A001,37A002"), Ids({}));  // an item never holds a comma
}

TEST_P(DatabaseTest, HostileTextIsStoredVerbatim) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  const std::vector<std::string> hostile = {"'; DROP TABLE items; --", "what? 'quoted' \"x\" $1",
                                            "back\\slash\ttab\nnewline", "?", ""};
  auto tx = std::move(t->db().Begin()).value();
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const std::vector<Value> p = {std::int64_t(i), hostile[i]};
    ASSERT_TRUE(tx->Execute("INSERT INTO items (id, name) VALUES (?, ?)", p).ok());
  }
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const std::vector<Value> p = {hostile[i]};
    Result<ResultSet> rs = tx->Query("SELECT id FROM items WHERE name = ? AND '?' = '?'", p);
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    ASSERT_EQ(rs->rows.size(), 1u) << hostile[i];
    EXPECT_EQ(rs->rows[0].GetInt(0), static_cast<std::int64_t>(i));
  }
}

TEST_P(DatabaseTest, DestroyingWithoutCommitRollsBack) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  {
    auto tx = std::move(t->db().Begin()).value();
    const std::vector<Value> p = {std::int64_t{1}};
    ASSERT_TRUE(tx->Execute("INSERT INTO items (id) VALUES (?)", p).ok());
  }
  auto tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM items")->rows[0].GetInt(0), 0);
}

TEST_P(DatabaseTest, CommitKeepsTheChangeForAnotherConnection) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                const std::vector<Value> p = {std::int64_t{7}, std::string("seven")};
                return tx.Execute("INSERT INTO items (id, name) VALUES (?, ?)", p).status();
              }).ok());
  auto other = std::move(t->Reopen()).value();
  auto tx = std::move(other->Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT name FROM items WHERE id = 7")->rows.at(0).GetText(0), "seven");
}

TEST_P(DatabaseTest, DuplicateKeyIsAlreadyExists) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  const std::vector<Value> p = {std::int64_t{1}};
  ASSERT_TRUE(tx->Execute("INSERT INTO items (id) VALUES (?)", p).ok());
  Result<std::int64_t> again = tx->Execute("INSERT INTO items (id) VALUES (?)", p);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
}

TEST_P(DatabaseTest, BulkInsertLoadsManyRowsWithAwkwardText) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  std::vector<std::vector<Value>> rows;
  for (std::int64_t i = 0; i < 10'000; ++i) {
    rows.push_back({i, std::string("企业\t") + std::to_string(i) + "\\\n\r",
                    i % 7 == 0 ? Value{} : Value{0.5}});
  }
  const std::vector<std::string> columns = {"id", "name", "score"};
  auto tx = std::move(t->db().Begin()).value();
  ASSERT_TRUE(tx->BulkInsert("items", columns, rows).ok());
  ASSERT_TRUE(tx->Commit().ok());
  auto rtx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(rtx->Query("SELECT COUNT(*) FROM items")->rows[0].GetInt(0), 10'000);
  EXPECT_EQ(rtx->Query("SELECT COUNT(*) FROM items WHERE score IS NULL")->rows[0].GetInt(0), 1429);
  EXPECT_EQ(rtx->Query("SELECT name FROM items WHERE id = 42")->rows[0].GetText(0),
            "企业\t42\\\n\r");
}

TEST_P(DatabaseTest, BulkInsertRejectsUnsafeNames) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin()).value();
  const std::vector<std::string> columns = {"id"};
  const std::vector<std::vector<Value>> rows = {{std::int64_t{1}}};
  Status s = tx->BulkInsert("items; DROP TABLE x", columns, rows);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.field(), "table");
}

TEST_P(DatabaseTest, QueryEachStopsEarlyAndTheTransactionGoesOn) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  for (std::int64_t i = 0; i < 100; ++i) {
    const std::vector<Value> p = {i};
    ASSERT_TRUE(tx->Execute("INSERT INTO items (id) VALUES (?)", p).ok());
  }
  int seen = 0;
  ASSERT_TRUE(tx->QueryEach("SELECT id FROM items ORDER BY id", {}, [&](const Row&) {
                  return ++seen < 10;
                }).ok());
  EXPECT_EQ(seen, 10);
  EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM items")->rows[0].GetInt(0), 100);
  EXPECT_TRUE(tx->Commit().ok());
}

// Scan reads what QueryEach reads, in place: across several cursor batches on PostgreSQL, with
// parameters, NULLs and booleans, one scan inside another, and an early stop.
TEST_P(DatabaseTest, ScanReadsEveryRowInPlaceAndStopsEarly) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  std::vector<std::vector<Value>> rows;
  for (std::int64_t i = 0; i < 10'000; ++i)
    rows.push_back({i, i % 7 == 0 ? Value{} : Value{"名" + std::to_string(i)}, Value{}});
  const std::vector<std::string> columns = {"id", "name", "score"};
  ASSERT_TRUE(tx->BulkInsert("items", columns, rows).ok());
  const std::vector<Value> from = {std::int64_t{5}};
  const std::string sql = "SELECT id, name, id > 9000 FROM items WHERE id >= ? ORDER BY id";
  std::vector<std::string> copied;
  ASSERT_TRUE(tx->QueryEach(sql, from, [&](const Row& r) {
                  copied.push_back(fmt::format("{}|{}|{}|{}", r.GetInt(0), r.GetText(1),
                                               r.IsNull(1), r.GetInt(2)));
                  return true;
                }).ok());
  std::vector<std::string> scanned;
  int inner = 0;
  const Status s = tx->Scan(sql, from, [&](const RowView& r) {
    EXPECT_EQ(r.size(), 3u);
    scanned.push_back(fmt::format("{}|{}|{}|{}", r.Int(0), r.Text(1), r.IsNull(1), r.Int(2)));
    if (scanned.size() == 1) {  // a second scan while the first is open
      EXPECT_TRUE(tx->Scan("SELECT id FROM items ORDER BY id", {}, [&](const RowView&) {
                      return ++inner < 3;
                    }).ok());
    }
    return true;
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(inner, 3);
  ASSERT_EQ(copied.size(), 9995u);
  EXPECT_EQ(scanned, copied);
  int seen = 0;
  ASSERT_TRUE(tx->Scan(sql, from, [&](const RowView&) { return ++seen < 5000; }).ok());
  EXPECT_EQ(seen, 5000);
  EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM items")->rows[0].GetInt(0), 10'000);
  EXPECT_TRUE(tx->Commit().ok());
}

TEST_P(DatabaseTest, MigrateIsIdempotent) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  Result<int> v1 = t->db().SchemaVersion();
  ASSERT_TRUE(v1.ok());
  EXPECT_GE(*v1, 1);
  auto count = [&] {
    auto tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
    return tx->Query("SELECT COUNT(*) FROM schema_migrations")->rows[0].GetInt(0);
  };
  const std::int64_t applied = count();
  EXPECT_GE(applied, 1);
  ASSERT_TRUE(t->db().Migrate().ok());
  EXPECT_EQ(*t->db().SchemaVersion(), *v1);
  EXPECT_EQ(count(), applied);
}

TEST_P(DatabaseTest, ConcurrentWritersAllSucceed) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(
                    tx.Execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n BIGINT)").status());
                return tx.Execute("INSERT INTO counter (id, n) VALUES (1, 0)").status();
              }).ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        Status s = InTransaction(t->db(), [](Transaction& tx) {
          return tx.Execute("UPDATE counter SET n = n + 1 WHERE id = 1").status();
        });
        if (!s.ok())
          ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT n FROM counter")->rows[0].GetInt(0), 100);
}

TEST_P(DatabaseTest, BadSqlIsAnErrorNotACrash) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin()).value();
  Result<ResultSet> rs = tx->Query("SELEC nonsense");
  ASSERT_FALSE(rs.ok());
  EXPECT_EQ(rs.status().code(), StatusCode::kInternal);
}

// Ids of the rows in items, in order.
std::vector<std::int64_t> ItemIds(Database& db) {
  auto tx = std::move(db.Begin(TxMode::kReadOnly)).value();
  Result<ResultSet> rs = tx->Query("SELECT id FROM items ORDER BY id");
  std::vector<std::int64_t> ids;
  for (const Row& r : rs->rows) ids.push_back(r.GetInt(0));
  return ids;
}

Status InsertItem(Transaction& tx, std::int64_t id) {
  const std::vector<Value> p = {id};
  return tx.Execute("INSERT INTO items (id) VALUES (?)", p).status();
}

TEST_P(DatabaseTest, DeferredStatementsRunInOrderBeforeCommitAndBeforeLaterStatements) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  int fallbacks = 0;
  auto never = [&](Transaction&) {
    ++fallbacks;
    return Status::Internal("the fallback of a statement that succeeds must not run");
  };
  {
    auto tx = std::move(t->db().Begin()).value();
    ASSERT_TRUE(InsertItem(*tx, 1).ok());
    ASSERT_TRUE(
        tx->ExecuteDeferred("INSERT INTO items (id) VALUES (?)", {std::int64_t{2}}, never).ok());
    EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM items")->rows[0].GetInt(0), 2);
    ASSERT_TRUE(
        tx->ExecuteDeferred("INSERT INTO items (id) VALUES (?)", {std::int64_t{3}}, never).ok());
    ASSERT_TRUE(
        tx->ExecuteDeferred("UPDATE items SET name = 'last' WHERE id = ?", {std::int64_t{3}}, never)
            .ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  EXPECT_EQ(ItemIds(t->db()), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(fallbacks, 0);
  {
    auto tx = std::move(t->db().Begin()).value();
    ASSERT_TRUE(InsertItem(*tx, 4).ok());
    ASSERT_TRUE(
        tx->ExecuteDeferred("INSERT INTO items (id) VALUES (?)", {std::int64_t{5}}, never).ok());
  }  // rolled back: neither row
  EXPECT_EQ(ItemIds(t->db()), (std::vector<std::int64_t>{1, 2, 3}));
}

TEST_P(DatabaseTest, FailedDeferredStatementGivesWayToItsFallbackAndTheChangeCommits) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  auto tx = std::move(t->db().Begin()).value();
  ASSERT_TRUE(InsertItem(*tx, 1).ok());
  // A duplicate key: the statement fails, and the fallback runs in its place.
  Status s = tx->ExecuteDeferred("INSERT INTO items (id) VALUES (?)", {std::int64_t{1}},
                                 [](Transaction& t2) { return InsertItem(t2, 10); });
  if (s.ok())
    s = tx->Commit();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(ItemIds(t->db()), (std::vector<std::int64_t>{1, 10}));
}

TEST_P(DatabaseTest, FailedFallbackCommitsNothing) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(CreateItems(t->db()).ok());
  {
    auto tx = std::move(t->db().Begin()).value();
    ASSERT_TRUE(InsertItem(*tx, 1).ok());
    Status s = tx->ExecuteDeferred("INSERT INTO items (id) VALUES (?)", {std::int64_t{1}},
                                   [](Transaction&) { return Status::Internal("no way"); });
    if (s.ok())
      s = tx->Commit();
    EXPECT_EQ(s.code(), StatusCode::kInternal) << s.ToString();
  }
  EXPECT_TRUE(ItemIds(t->db()).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, DatabaseTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

TEST(NumberPlaceholders, SkipsLiteralsIdentifiersAndComments) {
  EXPECT_EQ(internal::NumberPlaceholders("SELECT ? , '?', \"a?\", ? -- ?\n, /* ? */ ?"),
            "SELECT $1 , '?', \"a?\", $2 -- ?\n, /* ? */ $3");
  EXPECT_EQ(internal::NumberPlaceholders("WHERE a = 'it''s?' AND b = ?"),
            "WHERE a = 'it''s?' AND b = $1");
}

TEST(Open, MissingDirectoryIsUnavailable) {
  Result<std::unique_ptr<Database>> db = Database::Open("/nonexistent-dir/x/zq.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
}

TEST(Open, UnreachablePostgresIsUnavailable) {
  Result<std::unique_ptr<Database>> db =
      Database::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace zq::store
