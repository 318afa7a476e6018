#include "store/testing/test_database.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include <libpq-fe.h>
#include <unistd.h>

namespace zq::store::testing {
namespace {

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 1000000);
}

Status AdminExec(const std::string& admin_url, const std::string& sql) {
  PGconn* conn = PQconnectdb(admin_url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Status::Unavailable("cannot reach the test PostgreSQL server: " + message);
  }
  PGresult* res = PQexec(conn, sql.c_str());
  Status s;
  if (PQresultStatus(res) != PGRES_COMMAND_OK) {
    s = Status::Internal(sql + ": " + PQresultErrorMessage(res));
  }
  PQclear(res);
  PQfinish(conn);
  return s;
}

// postgresql://user@host:port/postgres?x=y → the same with another database name.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const std::size_t scheme = url.find("://");
  const std::size_t query = url.find('?');
  const std::string base = url.substr(0, query);
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  const std::size_t slash = base.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  return (slash == std::string::npos ? base : base.substr(0, slash)) + "/" + name + rest;
}

}  // namespace

std::vector<Backend> AllBackends() { return {Backend::kSqlite, Backend::kPostgres}; }

std::string BackendParamName(const ::testing::TestParamInfo<Backend>& info) {
  return std::string(BackendName(info.param));
}

bool SkipWhenUnavailable() {
  const char* ci = std::getenv("CI");
  return ci == nullptr || std::string(ci) != "true";
}

Result<std::unique_ptr<TestDatabase>> TestDatabase::Create(Backend backend, Migrations migrations) {
  std::unique_ptr<TestDatabase> t(new TestDatabase());
  t->backend_ = backend;
  if (backend == Backend::kSqlite) {
    t->url_ =
        (std::filesystem::temp_directory_path() / ("zq_test_" + UniqueSuffix() + ".db")).string();
  } else {
    const char* admin = std::getenv("ZQ_TEST_PG_URL");
    if (admin == nullptr || *admin == '\0') {
      return Status::Unavailable(
          "PostgreSQL tests need ZQ_TEST_PG_URL (run them through scripts/with-postgres)");
    }
    t->admin_url_ = admin;
    t->pg_database_ = "zq_test_" + UniqueSuffix();
    ZQ_RETURN_IF_ERROR(AdminExec(t->admin_url_, "CREATE DATABASE " + t->pg_database_));
    t->url_ = WithDatabase(t->admin_url_, t->pg_database_);
  }
  ZQ_ASSIGN_OR_RETURN(t->db_, Database::Open(t->url_));
  if (migrations == Migrations::kApply)
    ZQ_RETURN_IF_ERROR(t->db_->Migrate());
  return t;
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (backend_ == Backend::kSqlite) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(url_ + suffix, ec);
  } else if (!pg_database_.empty()) {
    (void)AdminExec(admin_url_, "DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
  }
}

}  // namespace zq::store::testing
