// PostgreSQL backend over libpq: a pool of connections, text-format parameters, COPY for bulk.
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include <fmt/format.h>
#include <libpq-fe.h>

#include "store/internal/backends.h"
#include "store/internal/checksum.h"
#include "store/internal/identifiers.h"
#include "store/postgres/pg_advisory_lock.h"
#include "store/postgres/pg_values.h"

namespace zq::store::internal {
namespace {

constexpr std::size_t kMaxPgConnections = 16;

void IgnoreNotice(void*, const char*) {}

class PostgresDatabase;

// Rows fetched per round trip by Scan.
constexpr int kScanBatch = 4096;

// The statements prepared on one connection (deferred statements only): text → name.
using PreparedNames = std::unordered_map<std::string, std::string>;

class PostgresTransaction final : public Transaction {
 public:
  PostgresTransaction(PostgresDatabase& owner, PGconn* conn, PreparedNames& prepared)
      : owner_(owner), conn_(conn), prepared_(prepared) {}

  ~PostgresTransaction() override;

  Backend backend() const override { return Backend::kPostgres; }

  Result<ResultSet> Query(std::string_view sql, std::span<const Value> params) override {
    ZQ_ASSIGN_OR_RETURN(PgResult res, Exec(sql, params));
    ResultSet rs;
    for (int c = 0; c < PQnfields(res.get()); ++c) rs.columns.emplace_back(PQfname(res.get(), c));
    const int rows = PQntuples(res.get());
    rs.rows.reserve(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) rs.rows.push_back(ReadRow(res.get(), r));
    return rs;
  }

  Status QueryEach(std::string_view sql, std::span<const Value> params,
                   const std::function<bool(const Row&)>& on_row) override {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    ZQ_RETURN_IF_ERROR(RunDeferred(Then::kContinue));
    const std::string text = NumberPlaceholders(sql);
    TextParams p(params);
    if (!PQsendQueryParams(conn_, text.c_str(), static_cast<int>(p.pointers.size()), nullptr,
                           p.pointers.data(), nullptr, nullptr, 0) ||
        !PQsetSingleRowMode(conn_)) {
      return PgError(conn_, nullptr, "query");
    }
    Status status;
    bool stopped = false;
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult res(raw);
      const ExecStatusType st = PQresultStatus(raw);
      if (st == PGRES_SINGLE_TUPLE) {
        // After an early stop the remaining rows are drained unread: cancelling the
        // statement would abort the whole transaction.
        if (!stopped && !on_row(ReadRow(raw, 0)))
          stopped = true;
      } else if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !stopped && status.ok()) {
        status = PgError(conn_, raw, "query");
      }
    }
    if (!status.ok())
      aborted_ = true;
    return status;
  }

  // A cursor in this transaction, fetched kScanBatch rows at a time and closed at the end.
  Status Scan(std::string_view sql, std::span<const Value> params,
              const std::function<bool(const RowView&)>& on_row) override {
    const std::string cursor = fmt::format("zq_scan_{}", ++cursors_);
    ZQ_RETURN_IF_ERROR(
        Exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", cursor, sql), params).status());
    const std::string fetch = fmt::format("FETCH {} FROM {}", kScanBatch, cursor);
    for (bool more = true; more;) {
      ZQ_ASSIGN_OR_RETURN(PgResult res, Exec(fetch, {}));
      const int rows = PQntuples(res.get());
      for (int r = 0; r < rows && more; ++r) more = on_row(PgRowView(res.get(), r));
      more = more && rows == kScanBatch;
    }
    return Exec("CLOSE " + cursor, {}).status();
  }

  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    ZQ_ASSIGN_OR_RETURN(PgResult res, Exec(sql, params));
    const char* affected = PQcmdTuples(res.get());
    std::int64_t n = 0;
    if (affected && *affected)
      std::from_chars(affected, affected + std::strlen(affected), n);
    return n;
  }

  Status BulkInsert(std::string_view table, std::span<const std::string> columns,
                    std::span<const std::vector<Value>> rows) override {
    ZQ_RETURN_IF_ERROR(CheckBulkTarget(table, columns));
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    ZQ_RETURN_IF_ERROR(RunDeferred(Then::kContinue));
    std::string sql = "COPY " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") FROM STDIN";
    PgResult start(PQexec(conn_, sql.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN)
      return PgError(conn_, start.get(), "copy");
    std::string buffer;
    Status status;
    for (const std::vector<Value>& row : rows) {
      if (row.size() != columns.size()) {
        status = Status::InvalidArgument("a bulk row has the wrong number of values", "rows");
        break;
      }
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i)
          buffer += '\t';
        AppendCopyField(buffer, row[i]);
      }
      buffer += '\n';
      if (buffer.size() > (1 << 20)) {
        if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
          status = PgError(conn_, nullptr, "copy data");
          break;
        }
        buffer.clear();
      }
    }
    if (status.ok() && !buffer.empty() &&
        PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      status = PgError(conn_, nullptr, "copy data");
    }
    PQputCopyEnd(conn_, status.ok() ? nullptr : "bulk insert abandoned");
    while (PGresult* raw = PQgetResult(conn_)) {
      PgResult res(raw);
      if (PQresultStatus(raw) != PGRES_COMMAND_OK && status.ok()) {
        status = PgError(conn_, raw, "copy");
      }
    }
    if (!status.ok())
      aborted_ = true;
    return status;
  }

  Status Commit() override {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    if (aborted_) {
      (void)Rollback();
      return Status::FailedPrecondition("the transaction failed earlier and was rolled back");
    }
    if (!deferred_.empty())
      return RunDeferred(Then::kCommit);
    done_ = true;
    PgResult res(PQexec(conn_, "COMMIT"));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK)
      return PgError(conn_, res.get(), "commit");
    return Status::Ok();
  }

  Status Rollback() override {
    if (done_)
      return Status::Ok();
    done_ = true;
    deferred_.clear();
    PgResult res(PQexec(conn_, "ROLLBACK"));
    return Status::Ok();
  }

  Status ExecuteDeferred(std::string sql, std::vector<Value> params,
                         std::function<Status(Transaction&)> fallback) override {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    deferred_.push_back(Deferred{NumberPlaceholders(sql), std::move(params), std::move(fallback)});
    return Status::Ok();
  }

 private:
  struct Deferred {
    std::string text;  // with $n placeholders
    std::vector<Value> params;
    std::function<Status(Transaction&)> fallback;
  };

  // Sends the deferred statements, behind a savepoint and, when `commit`, followed by COMMIT, in
  // one pipeline: one round trip. If one of them fails, the server skips the rest of the
  // pipeline (COMMIT included); the transaction returns to the savepoint and the fallbacks run
  // in their place, then (when `commit`) an ordinary COMMIT.
  enum class Then { kContinue, kCommit };

  Status RunDeferred(Then then) {
    const bool commit = then == Then::kCommit;
    if (deferred_.empty())
      return Status::Ok();
    std::vector<Deferred> pending = std::move(deferred_);
    deferred_.clear();
    if (!PQenterPipelineMode(conn_))
      return Fail(PgError(conn_, nullptr, "pipeline"));
    // What each result in the pipeline answers: a statement's text (its Parse), "COMMIT", or "".
    std::vector<std::string> expected;
    bool sent = PQsendQueryParams(conn_, "SAVEPOINT zq_deferred", 0, nullptr, nullptr, nullptr,
                                  nullptr, 0) == 1;
    expected.emplace_back();
    PreparedNames parsing;  // prepared in this pipeline
    for (const Deferred& d : pending) {
      std::string name;
      if (auto it = prepared_.find(d.text); it != prepared_.end()) {
        name = it->second;
      } else if (auto p = parsing.find(d.text); p != parsing.end()) {
        name = p->second;
      } else {
        name = fmt::format("zq_deferred_{}", prepared_.size() + parsing.size() + 1);
        parsing.emplace(d.text, name);
        sent = sent && PQsendPrepare(conn_, name.c_str(), d.text.c_str(), 0, nullptr) == 1;
        expected.push_back(d.text);
      }
      TextParams p(d.params);
      sent = sent && PQsendQueryPrepared(conn_, name.c_str(), static_cast<int>(p.pointers.size()),
                                         p.pointers.data(), nullptr, nullptr, 0) == 1;
      expected.emplace_back();
    }
    if (commit) {
      sent =
          sent && PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
      expected.emplace_back("COMMIT");
    }
    sent = sent && PQpipelineSync(conn_) == 1;
    if (!sent) {
      (void)PQexitPipelineMode(conn_);
      return Fail(PgError(conn_, nullptr, "pipeline"));
    }
    Status failed;
    std::string failed_at;
    for (const std::string& what : expected) {
      PgResult res(PQgetResult(conn_));
      const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
        if (!what.empty() && what != "COMMIT")
          prepared_.emplace(what, parsing.at(what));
      } else if (failed.ok()) {
        failed = PgError(conn_, res.get(), "deferred statement");
        failed_at = what.empty() ? "statement" : what;
      }
      if (res) {
        while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);  // the command's end
      }
    }
    PgResult sync(PQgetResult(conn_));  // PGRES_PIPELINE_SYNC
    (void)PQexitPipelineMode(conn_);
    if (failed.ok()) {
      done_ = commit;
      return Status::Ok();
    }
    if (failed_at == "COMMIT") {  // the transaction has ended: nothing is left to fall back in
      done_ = true;
      return failed;
    }
    PgResult back(PQexec(conn_, "ROLLBACK TO SAVEPOINT zq_deferred"));
    if (PQresultStatus(back.get()) != PGRES_COMMAND_OK)
      return Fail(PgError(conn_, back.get(), "rollback to savepoint"));
    for (Deferred& d : pending) {
      Status s = d.fallback(*this);
      if (!s.ok())
        return Fail(std::move(s));
    }
    return commit ? Commit() : Status::Ok();
  }

  Status Fail(Status s) {
    aborted_ = true;
    return s;
  }

 private:
  Result<PgResult> Exec(std::string_view sql, std::span<const Value> params) {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    ZQ_RETURN_IF_ERROR(RunDeferred(Then::kContinue));
    const std::string text = NumberPlaceholders(sql);
    TextParams p(params);
    PgResult res(PQexecParams(conn_, text.c_str(), static_cast<int>(p.pointers.size()), nullptr,
                              p.pointers.data(), nullptr, nullptr, 0));
    const ExecStatusType st = PQresultStatus(res.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      aborted_ = true;  // PostgreSQL aborts the transaction on any error
      return PgError(conn_, res.get(), "statement");
    }
    return res;
  }

  PostgresDatabase& owner_;
  PGconn* conn_;
  PreparedNames& prepared_;
  std::vector<Deferred> deferred_;
  int cursors_ = 0;  // Scan's cursors so far: each gets a name of its own
  bool done_ = false;
  bool aborted_ = false;
};

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(std::string url) : url_(std::move(url)) {}

  ~PostgresDatabase() override {
    for (PGconn* c : idle_) PQfinish(c);
  }

  Backend backend() const override { return Backend::kPostgres; }

  std::string description() const override {
    // Drop a password from postgresql://user:password@host/db.
    std::string out = url_;
    const std::size_t scheme = out.find("://");
    const std::size_t at = out.find('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
      const std::size_t colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at)
        out.replace(colon, at - colon, ":***");
    }
    return out;
  }

  Result<PGconn*> Connect() {
    PGconn* conn = PQconnectdb(url_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn);
      PQfinish(conn);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return Status::Unavailable("cannot connect to PostgreSQL at " + description() + ": " +
                                 message);
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    PQsetClientEncoding(conn, "UTF8");
    return conn;
  }

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    PGconn* conn = nullptr;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < kMaxPgConnections; });
      if (!idle_.empty()) {
        conn = idle_.back();
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (conn == nullptr) {
      Result<PGconn*> c = Connect();
      if (!c.ok()) {
        Discard(nullptr);
        return c.status();
      }
      conn = *c;
    }
    PgResult res(PQexec(conn, mode == TxMode::kReadOnly ? "BEGIN READ ONLY" : "BEGIN"));
    if (PQresultStatus(res.get()) != PGRES_COMMAND_OK) {
      Status s = PgError(conn, res.get(), "begin");
      Discard(conn);
      return s;
    }
    PreparedNames* prepared = nullptr;
    {
      std::lock_guard lock(mu_);  // nodes stay put when the map grows
      prepared = &prepared_[conn];
    }
    return std::unique_ptr<Transaction>(
        std::make_unique<PostgresTransaction>(*this, conn, *prepared));
  }

  Status BackupTo(const std::string& path, std::string_view mac_key) override {
    ZQ_RETURN_IF_ERROR(
        RunProgram({"pg_dump", "--format=custom", "--file=" + path, "--dbname=" + url_}));
    return WriteBackupMac(path, mac_key);
  }

  Result<std::unique_ptr<ServingLock>> LockForServing() override {
    ZQ_ASSIGN_OR_RETURN(std::unique_ptr<AdvisoryLock> lock,
                        AdvisoryLock::Take(Connect(), "pg_try_advisory_lock_shared"));
    if (!lock->held()) {
      return Status::FailedPrecondition(
          "a restore (zq restore) holds the database " + description() + ": wait for it to end",
          "db");
    }
    return std::unique_ptr<ServingLock>(std::move(lock));
  }

  Status RestoreFrom(const std::string& path, std::string_view mac_key,
                     WhileServed while_served) override {
    ZQ_RETURN_IF_ERROR(VerifyBackup(path, mac_key));
    ZQ_ASSIGN_OR_RETURN(std::unique_ptr<AdvisoryLock> restoring,
                        AdvisoryLock::Take(Connect(), "pg_try_advisory_lock"));
    if (!restoring->held() && while_served == WhileServed::kRefuse) {
      return Status::FailedPrecondition(
          "a server (zq serve) or another restore holds the database " + description() +
              ": stop it first; --force restores anyway, and the server's writes from now on are "
              "lost",
          "db");
    }
    {
      std::lock_guard lock(mu_);  // idle connections hold no locks, but drop them anyway
      for (PGconn* c : idle_) {
        PQfinish(c);
        prepared_.erase(c);
      }
      open_ -= idle_.size();
      idle_.clear();
    }
    return RunProgram({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
                       "--dbname=" + url_, path});
  }

  void Release(PGconn* conn) {
    if (PQstatus(conn) != CONNECTION_OK || PQtransactionStatus(conn) != PQTRANS_IDLE) {
      Discard(conn);
      return;
    }
    std::lock_guard lock(mu_);
    idle_.push_back(conn);
    cv_.notify_one();
  }

  void Discard(PGconn* conn) {
    if (conn)
      PQfinish(conn);
    std::lock_guard lock(mu_);
    prepared_.erase(conn);  // a new connection may get the same address
    --open_;
    cv_.notify_one();
  }

 private:
  std::string url_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<PGconn*> idle_;
  std::unordered_map<const PGconn*, PreparedNames> prepared_;
  std::size_t open_ = 0;
};

PostgresTransaction::~PostgresTransaction() {
  if (!done_)
    (void)Rollback();
  owner_.Release(conn_);
}

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(std::string_view url) {
  auto db = std::make_unique<PostgresDatabase>(std::string(url));
  ZQ_ASSIGN_OR_RETURN(auto tx, db->Begin(TxMode::kReadOnly));
  ZQ_RETURN_IF_ERROR(tx->Rollback());
  tx.reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zq::store::internal
