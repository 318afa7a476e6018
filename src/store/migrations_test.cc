// The migration runner: order by module dependency then version, per-backend variants, the
// bookkeeping, and what a program linking only store migrates.
#include <array>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/testing/status_is.h"
#include "store/internal/migration_plan.h"
#include "store/internal/schema_migrations.h"
#include "store/testing/test_database.h"

namespace zq::store {
namespace {

using internal::PlannedMigration;
using status_matchers::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// "module:version:name" of each planned migration, in order.
std::vector<std::string> Names(const std::vector<PlannedMigration>& plan) {
  std::vector<std::string> out;
  for (const PlannedMigration& m : plan)
    out.push_back(m.module + ":" + std::to_string(m.version) + ":" + m.name);
  return out;
}

constexpr std::array<std::string_view, 0> kNoDeps{};
constexpr std::array<std::string_view, 2> kOnCoreAndStore = {"core", "store"};
constexpr std::array<std::string_view, 3> kOnAuth = {"core", "store", "auth"};

TEST(MigrationPlan, ModulesFollowTheirDependenciesThenVersions) {
  const std::array<MigrationFile, 2> store_files = {
      {{"0002_events.sql", "CREATE TABLE e (x INTEGER);"}, {"0001_meta.sql", "SELECT 1;"}}};
  const std::array<MigrationFile, 3> auth_files = {{{"0001_auth.sql", "CREATE TABLE a (id @ID@);"},
                                                    {"0002_tail.sqlite.sql", "-- sqlite"},
                                                    {"0002_tail.postgres.sql", "-- postgres"}}};
  const std::array<MigrationFile, 1> zeta_files = {{{"0001_zeta.sql", "SELECT 1;"}}};
  const std::array<MigrationFile, 1> alpha_files = {{{"0001_alpha.sql", "SELECT 1;"}}};
  const ModuleMigrations store{"store", kNoDeps, store_files, nullptr};
  const ModuleMigrations auth{"auth", kOnCoreAndStore, auth_files, nullptr};
  const ModuleMigrations zeta{"zeta", kOnAuth, zeta_files,
                              nullptr};  // before alpha: alpha needs it
  const std::array<std::string_view, 2> on_zeta = {"zeta", "store"};
  const ModuleMigrations alpha{"alpha", on_zeta, alpha_files, nullptr};
  const std::array<const ModuleMigrations*, 4> modules = {&alpha, &zeta, &auth, &store};

  Result<std::vector<PlannedMigration>> sqlite =
      internal::PlanMigrations(modules, Backend::kSqlite);
  ASSERT_TRUE(sqlite.ok()) << sqlite.status().ToString();
  EXPECT_THAT(Names(*sqlite), ElementsAre("store:1:meta", "store:2:events", "auth:1:auth",
                                          "auth:2:tail", "zeta:1:zeta", "alpha:1:alpha"));
  EXPECT_EQ((*sqlite)[3].sql, "-- sqlite");
  EXPECT_NE((*sqlite)[2].sql.find("AUTOINCREMENT"), std::string::npos);  // in the dialect

  Result<std::vector<PlannedMigration>> pg = internal::PlanMigrations(modules, Backend::kPostgres);
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  EXPECT_EQ((*pg)[3].sql, "-- postgres");
}

TEST(MigrationPlan, ACycleIsNamed) {
  const std::array<std::string_view, 1> on_b = {"b"};
  const std::array<std::string_view, 1> on_a = {"a"};
  const ModuleMigrations a{"a", on_b, {}, nullptr};
  const ModuleMigrations b{"b", on_a, {}, nullptr};
  const std::array<const ModuleMigrations*, 2> modules = {&a, &b};
  Result<std::vector<std::string>> order = internal::OrderModules(modules);
  EXPECT_THAT(order.status(), StatusIs(StatusCode::kInternal));
  EXPECT_NE(order.status().message().find("a → b → a"), std::string::npos)
      << order.status().message();
}

TEST(MigrationPlan, MisnamedAndIncompleteMigrationsAreRefused) {
  for (const MigrationFile& file :
       {MigrationFile{"1_short.sql", ""}, MigrationFile{"0001-dash.sql", ""},
        MigrationFile{"0001_.sql", ""}, MigrationFile{"0001_x.mysql.sql", ""},
        MigrationFile{"0001_only.postgres.sql", ""}}) {
    const ModuleMigrations m{"m", kNoDeps, std::span(&file, 1), nullptr};
    const std::array<const ModuleMigrations*, 1> modules = {&m};
    EXPECT_THAT(internal::PlanMigrations(modules, Backend::kSqlite).status(),
                StatusIs(StatusCode::kInternal))
        << file.file;
  }
}

TEST(MigrationPlan, GlobalNumberingMapsEachOldVersionOnce) {
  int expected = 1;
  std::map<std::string, int, std::less<>> last;  // each module's versions count up from 1
  for (const internal::GlobalMigration& m : internal::GlobalNumbering()) {
    EXPECT_EQ(m.global_version, expected++);
    EXPECT_EQ(m.version, ++last[std::string(m.module)]) << m.name;
  }
  EXPECT_EQ(expected, 24);
}

class MigrationsTest : public ::testing::TestWithParam<Backend> {};

// The point of ownership: a program that links only store gets store's tables.
TEST_P(MigrationsTest, AProgramLinkingOnlyStoreMigratesOnlyStoresTables) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  auto tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
  Result<ResultSet> rs =
      tx->Query("SELECT module, version, name FROM schema_migrations ORDER BY module, version");
  ASSERT_TRUE(rs.ok()) << rs.status().ToString();
  std::vector<std::string> applied;
  for (const Row& row : rs->rows) {
    applied.push_back(row.GetText(0) + ":" + row.GetText(1) + ":" + row.GetText(2));
  }
  EXPECT_THAT(applied, ElementsAre("store:1:meta", "store:2:domain_events"));
  EXPECT_FALSE(tx->Query("SELECT COUNT(*) FROM users").ok());  // auth's table
}

// `zq serve` on several hosts may start at once against one PostgreSQL database.
TEST_P(MigrationsTest, ProcessesMigratingAtOnceApplyEachMigrationOnce) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  // Back to before store's second migration, so that there is something to apply.
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE domain_events").status());
                ZQ_RETURN_IF_ERROR(tx.Execute("DROP TABLE domain_event_cursors").status());
                return tx.Execute("DELETE FROM schema_migrations WHERE version = 2").status();
              }).ok());
  std::vector<std::thread> threads;
  std::array<Status, 4> results;
  for (Status& result : results) {
    threads.emplace_back([&t, &result] {
      Result<std::unique_ptr<Database>> db = t->Reopen();
      result = db.ok() ? (*db)->Migrate() : db.status();
    });
  }
  for (std::thread& th : threads) th.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(*t->db().SchemaVersion(), 2);
}

TEST_P(MigrationsTest, AVersionOfTheGlobalNumberingThisZqDoesNotKnowIsRefused) {
  Result<std::unique_ptr<testing::TestDatabase>> opened =
      testing::TestDatabase::Create(GetParam(), testing::Migrations::kSkip);
  if (!opened.ok() && testing::SkipWhenUnavailable())
    GTEST_SKIP() << opened.status().ToString();
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  std::unique_ptr<testing::TestDatabase> t = std::move(opened).value();
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(tx.Execute("CREATE TABLE schema_migrations (version INTEGER "
                                              "PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT "
                                              "NOT NULL)")
                                       .status());
                return tx
                    .Execute(
                        "INSERT INTO schema_migrations VALUES (1, 'core', 'x'), "
                        "(24, 'from_the_future', 'x')")
                    .status();
              }).ok());
  EXPECT_THAT(t->db().Migrate(), StatusIs(StatusCode::kFailedPrecondition, "schema_migrations"));
  // Nothing changed: the old bookkeeping is still there.
  auto tx = std::move(t->db().Begin(TxMode::kReadOnly)).value();
  EXPECT_EQ(tx->Query("SELECT COUNT(*) FROM schema_migrations")->rows[0].GetInt(0), 2);
}

// An older zq must not run on tables a newer one changed: a migration of a module it knows that it
// does not have (a later version, or another text under its number) stops it before it writes.
// A module it does not link is not its business.
TEST_P(MigrationsTest, ADatabaseMigratedByANewerZqIsRefused) {
  ZQ_OPEN_TEST_DB_OR_SKIP(t, GetParam());
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                return tx
                    .Execute(
                        "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES "
                        "('recall', 1, 'recalls', 'x')")
                    .status();
              }).ok());
  EXPECT_TRUE(t->db().Migrate().ok());  // a module this program does not link
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                return tx
                    .Execute(
                        "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES "
                        "('store', 3, 'from_the_future', 'x')")
                    .status();
              }).ok());
  Status refused = t->db().Migrate();
  EXPECT_THAT(refused, StatusIs(StatusCode::kFailedPrecondition, "schema_migrations"));
  EXPECT_THAT(refused.message(), HasSubstr("store migration 0003_from_the_future"));
  ASSERT_TRUE(InTransaction(t->db(), [](Transaction& tx) {
                ZQ_RETURN_IF_ERROR(
                    tx.Execute("DELETE FROM schema_migrations WHERE version = 3").status());
                return tx.Execute("UPDATE schema_migrations SET name = 'events' WHERE version = 2")
                    .status();
              }).ok());
  refused = t->db().Migrate();
  EXPECT_THAT(refused, StatusIs(StatusCode::kFailedPrecondition, "schema_migrations"));
  EXPECT_THAT(refused.message(), HasSubstr("store migration 0002_events"));
}

INSTANTIATE_TEST_SUITE_P(Backends, MigrationsTest, ::testing::ValuesIn(testing::AllBackends()),
                         testing::BackendParamName);

}  // namespace
}  // namespace zq::store
