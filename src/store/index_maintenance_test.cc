#include "store/index_maintenance.h"

#include <algorithm>

#include <gtest/gtest.h>

#include "store/testing/test_database.h"

namespace zq::store {
namespace {

class IndexMaintenanceTest : public ::testing::TestWithParam<Backend> {};

std::vector<std::string> Names(const std::vector<IndexDefinition>& indexes) {
  std::vector<std::string> names;
  for (const IndexDefinition& i : indexes) names.push_back(i.name);
  return names;
}

Result<std::vector<std::string>> IndexNamesNow(Database& db) {
  ZQ_ASSIGN_OR_RETURN(auto tx, db.Begin(TxMode::kReadOnly));
  ZQ_ASSIGN_OR_RETURN(std::vector<IndexDefinition> indexes, ListSecondaryIndexes(*tx, "parts"));
  return Names(indexes);
}

TEST_P(IndexMaintenanceTest, DropsAndRecreatesOnlyTheSecondaryIndexes) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(tx.Execute("CREATE TABLE parts (code TEXT PRIMARY KEY, "
                                              "serial TEXT UNIQUE, region TEXT, name TEXT)")
                                       .status());
                ZQ_RETURN_IF_ERROR(
                    tx.Execute("CREATE INDEX parts_region_code ON parts (region, code)").status());
                return tx.Execute("CREATE INDEX parts_name ON parts (name)").status();
              }).ok());
  Result<std::vector<std::string>> before = IndexNamesNow(t->db());
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  EXPECT_EQ(*before, (std::vector<std::string>{"parts_name", "parts_region_code"}));

  std::vector<IndexDefinition> saved;
  ASSERT_TRUE(InTransaction(t->db(), [&](Transaction& tx) {
                ZQ_ASSIGN_OR_RETURN(saved, ListSecondaryIndexes(tx, "parts"));
                return DropIndexes(tx, saved);
              }).ok());
  EXPECT_TRUE(IndexNamesNow(t->db())->empty());

  // The constraints still hold while the secondary indexes are away.
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                const std::vector<Value> row = {std::string("a"), std::string("s1"),
                                                std::string("370102"), std::string("甲")};
                return tx.Execute("INSERT INTO parts VALUES (?, ?, ?, ?)", row).status();
              }).ok());
  const Status duplicate = InTransaction(t->db(), [](Transaction& tx) {
    const std::vector<Value> row = {std::string("b"), std::string("s1"), Value{}, Value{}};
    return tx.Execute("INSERT INTO parts VALUES (?, ?, ?, ?)", row).status();
  });
  EXPECT_EQ(duplicate.code(), StatusCode::kAlreadyExists);

  ASSERT_TRUE(
      InTransaction(t->db(), [&](Transaction& tx) { return CreateIndexes(tx, saved); }).ok());
  EXPECT_EQ(*IndexNamesNow(t->db()), *before);
}

TEST_P(IndexMaintenanceTest, RefusesNamesThatAreNotPlainIdentifiers) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin()).value();
  EXPECT_EQ(ListSecondaryIndexes(*tx, "parts; DROP TABLE x").status().field(), "table");
  const std::vector<IndexDefinition> bad = {{"x; DROP TABLE audit_log", ""}};
  EXPECT_EQ(DropIndexes(*tx, bad).field(), "index");
}

INSTANTIATE_TEST_SUITE_P(Backends, IndexMaintenanceTest,
                         ::testing::ValuesIn(testing::AllBackends()), testing::BackendParamName);

}  // namespace
}  // namespace zq::store
