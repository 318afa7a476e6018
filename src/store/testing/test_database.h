#pragma once

// Test support: a fresh database per test on each backend.
//
//   class RegistryTest : public ::testing::TestWithParam<store::Backend> {};
//
//   TEST_P(RegistryTest, FindsShandong) {
//     ZQ_OPEN_TEST_DB_OR_SKIP(test_db, GetParam());   // migrated, empty, deleted afterwards
//     store::Database& db = test_db->db();
//     ...
//   }
//
//   INSTANTIATE_TEST_SUITE_P(Backends, RegistryTest,
//                            ::testing::ValuesIn(store::testing::AllBackends()),
//                            store::testing::BackendParamName);
//
// PostgreSQL comes from ZQ_TEST_PG_URL (set by scripts/with-postgres, which `make test` uses).
// Without it the PostgreSQL cases are skipped visibly, except when CI=true: then they fail.

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/database.h"

namespace zq::store::testing {

std::vector<Backend> AllBackends();
std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info);

enum class Migrations { kApply, kSkip };

class TestDatabase {
 public:
  // kUnavailable when the backend cannot be had (PostgreSQL without ZQ_TEST_PG_URL).
  static Result<std::unique_ptr<TestDatabase>> Create(Backend backend,
                                                      Migrations migrations = Migrations::kApply);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Database& db() { return *db_; }

  // What `zq --db` takes to open the same database (a file path or a libpq URI).
  const std::string& url() const { return url_; }

  // Opens a second, independent handle on the same database.
  Result<std::unique_ptr<Database>> Reopen() const { return Database::Open(url_); }

 private:
  TestDatabase() = default;
  Backend backend_ = Backend::kSqlite;
  std::string url_;
  std::string admin_url_;  // PostgreSQL: where to DROP the database afterwards
  std::string pg_database_;
  std::unique_ptr<Database> db_;
};

// True when an unavailable backend should skip the test rather than fail it.
bool SkipWhenUnavailable();

}  // namespace zq::store::testing

#define ZQ_OPEN_TEST_DB_OR_SKIP(var, backend)                          \
  auto var##_or = ::zq::store::testing::TestDatabase::Create(backend); \
  if (!var##_or.ok()) {                                                \
    if (var##_or.status().code() == ::zq::StatusCode::kUnavailable &&  \
        ::zq::store::testing::SkipWhenUnavailable()) {                 \
      GTEST_SKIP() << var##_or.status().ToString();                    \
    }                                                                  \
    FAIL() << var##_or.status().ToString();                            \
  }                                                                    \
  std::unique_ptr<::zq::store::testing::TestDatabase> var = std::move(var##_or).value()
