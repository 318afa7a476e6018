#include "store/postgres/pg_advisory_lock.h"

#include <string>

#include <fmt/format.h>

#include "store/postgres/pg_values.h"

namespace zq::store::internal {
namespace {

// Any constant shared by all zq processes (the migrations use 7202604): servers hold it shared
// for their lifetime, a restore exclusively.
constexpr std::int64_t kServingLockKey = 7202616;

}  // namespace

Result<std::unique_ptr<AdvisoryLock>> AdvisoryLock::Take(Result<PGconn*> conn,
                                                         std::string_view function) {
  if (!conn.ok())
    return conn.status();
  auto lock = std::make_unique<AdvisoryLock>(*conn);
  const std::string sql = fmt::format("SELECT {}({})", function, kServingLockKey);
  PgResult res(PQexec(*conn, sql.c_str()));
  if (PQresultStatus(res.get()) != PGRES_TUPLES_OK)
    return PgError(*conn, res.get(), "advisory lock");
  lock->held_ = std::string_view(PQgetvalue(res.get(), 0, 0)) == "t";
  return lock;
}

}  // namespace zq::store::internal
