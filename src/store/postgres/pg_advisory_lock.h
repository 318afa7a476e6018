#pragma once

// The PostgreSQL backend's serving lock (postgres_database.cc): a session advisory lock that
// servers hold shared for their lifetime and a restore holds exclusively.
#include <memory>
#include <string_view>

#include <libpq-fe.h>

#include "core/result.h"
#include "store/database.h"

namespace zq::store::internal {

// A session advisory lock on a connection of its own, released when the connection closes
// (also when the process dies: the server ends the session).
class AdvisoryLock final : public ServingLock {
 public:
  explicit AdvisoryLock(PGconn* conn) : conn_(conn) {}

  ~AdvisoryLock() override { PQfinish(conn_); }

  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

  // Tries the lock on `conn`, a connection of its own that the lock then owns (a failed
  // connection's status is handed back). `function`: pg_try_advisory_lock_shared or
  // pg_try_advisory_lock (never waits); held() says whether it was granted.
  static Result<std::unique_ptr<AdvisoryLock>> Take(Result<PGconn*> conn,
                                                    std::string_view function);

  bool held() const { return held_; }

 private:
  PGconn* conn_;
  bool held_ = false;
};

}  // namespace zq::store::internal
