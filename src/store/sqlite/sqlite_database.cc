// SQLite backend: one file in WAL mode, a small pool of connections, prepared-statement caches.
#include <cerrno>
#include <condition_variable>
#include <map>
#include <mutex>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/internal/backends.h"
#include "store/internal/checksum.h"
#include "store/internal/identifiers.h"

namespace zq::store::internal {
namespace {

constexpr std::size_t kMaxConnections = 8;

Status SqliteError(sqlite3* db, int rc, std::string_view what) {
  const int extended = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  std::string message = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Status::AlreadyExists(std::move(message));
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
      return Status::InvalidArgument(std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
      return Status::Unavailable(std::move(message));
    default:
      return Status::Internal(std::move(message));
  }
}

// One open connection with its statement cache. Used by one transaction at a time.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}

  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* db() { return db_; }

  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    auto it = cache_.find(std::string(sql));
    if (it != cache_.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
      return SqliteError(db_, rc, "prepare");
    if (stmt == nullptr)
      return Status::InvalidArgument("empty statement", "sql");
    if (cache_.size() > 256) {
      for (auto& [s, st] : cache_) sqlite3_finalize(st);
      cache_.clear();
    }
    cache_.emplace(std::string(sql), stmt);
    return stmt;
  }

  Status Exec(const char* sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc == SQLITE_OK)
      return Status::Ok();
    Status s = SqliteError(db_, rc, sql);
    sqlite3_free(err);
    return s;
  }

 private:
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

Status Bind(sqlite3* db, sqlite3_stmt* stmt, std::span<const Value> params) {
  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return Status::Internal("statement expects " +
                            std::to_string(sqlite3_bind_parameter_count(stmt)) +
                            " parameters, got " + std::to_string(params.size()));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int idx = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    const Value& v = params[i];
    if (std::holds_alternative<std::monostate>(v)) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, idx, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, idx, *d);
    } else {
      const std::string& s = std::get<std::string>(v);
      rc = sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    if (rc != SQLITE_OK)
      return SqliteError(db, rc, "bind");
  }
  return Status::Ok();
}

Row ReadSqliteRow(sqlite3_stmt* stmt) {
  const int n = sqlite3_column_count(stmt);
  std::vector<Value> values;
  values.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    switch (sqlite3_column_type(stmt, i)) {
      case SQLITE_INTEGER:
        values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
        break;
      case SQLITE_FLOAT:
        values.emplace_back(sqlite3_column_double(stmt, i));
        break;
      case SQLITE_NULL:
        values.emplace_back(std::monostate{});
        break;
      default: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        values.emplace_back(
            std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
      }
    }
  }
  return Row(std::move(values));
}

// A row of Scan: the statement's current row, read in place.
class SqliteRowView final : public RowView {
 public:
  explicit SqliteRowView(sqlite3_stmt* stmt)
      : stmt_(stmt), size_(static_cast<std::size_t>(sqlite3_column_count(stmt))) {}

  std::size_t size() const override { return size_; }

  bool IsNull(std::size_t i) const override {
    return sqlite3_column_type(stmt_, Index(i)) == SQLITE_NULL;
  }

  std::string_view Text(std::size_t i) const override {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, Index(i)));
    if (text == nullptr)
      return {};
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, Index(i)))};
  }

  std::int64_t Int(std::size_t i) const override { return sqlite3_column_int64(stmt_, Index(i)); }

 private:
  int Index(std::size_t i) const {
    ZQ_CHECK(i < size_);
    return static_cast<int>(i);
  }

  sqlite3_stmt* stmt_;
  std::size_t size_;
};

class SqliteDatabase;

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(SqliteDatabase& owner, std::unique_ptr<Connection> conn)
      : owner_(owner), conn_(std::move(conn)) {}

  ~SqliteTransaction() override;

  Backend backend() const override { return Backend::kSqlite; }

  Result<ResultSet> Query(std::string_view sql, std::span<const Value> params) override {
    ResultSet rs;
    bool columns_read = false;
    ZQ_RETURN_IF_ERROR(Run(sql, params, [&](sqlite3_stmt* stmt) {
      if (!columns_read) {
        for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
          rs.columns.emplace_back(sqlite3_column_name(stmt, i));
        }
        columns_read = true;
      }
      rs.rows.push_back(ReadSqliteRow(stmt));
      return true;
    }));
    return rs;
  }

  Status QueryEach(std::string_view sql, std::span<const Value> params,
                   const std::function<bool(const Row&)>& on_row) override {
    return Run(sql, params, [&](sqlite3_stmt* stmt) { return on_row(ReadSqliteRow(stmt)); });
  }

  Status Scan(std::string_view sql, std::span<const Value> params,
              const std::function<bool(const RowView&)>& on_row) override {
    return Run(sql, params, [&](sqlite3_stmt* stmt) { return on_row(SqliteRowView(stmt)); });
  }

  Result<std::int64_t> Execute(std::string_view sql, std::span<const Value> params) override {
    ZQ_RETURN_IF_ERROR(Run(sql, params, [](sqlite3_stmt*) { return true; }));
    return static_cast<std::int64_t>(sqlite3_changes64(conn_->db()));
  }

  Status BulkInsert(std::string_view table, std::span<const std::string> columns,
                    std::span<const std::vector<Value>> rows) override {
    ZQ_RETURN_IF_ERROR(CheckBulkTarget(table, columns));
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string marks;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      sql += (i ? ", " : "") + columns[i];
      marks += i ? ", ?" : "?";
    }
    sql += ") VALUES (" + marks + ")";
    ZQ_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn_->Prepare(sql));
    for (const std::vector<Value>& row : rows) {
      if (row.size() != columns.size()) {
        return Status::InvalidArgument("a bulk row has the wrong number of values", "rows");
      }
      sqlite3_reset(stmt);
      ZQ_RETURN_IF_ERROR(Bind(conn_->db(), stmt, row));
      const int rc = sqlite3_step(stmt);
      if (rc != SQLITE_DONE) {
        Status s = SqliteError(conn_->db(), rc, "bulk insert");
        sqlite3_reset(stmt);
        return s;
      }
    }
    sqlite3_reset(stmt);
    return Status::Ok();
  }

  // In process there is no round trip to save: the statement runs now. A failed statement is
  // undone by SQLite (the transaction stays open), and the fallback runs in its place.
  Status ExecuteDeferred(std::string sql, std::vector<Value> params,
                         std::function<Status(Transaction&)> fallback) override {
    if (Execute(sql, params).ok())
      return Status::Ok();
    return fallback(*this);
  }

  Status Commit() override {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    done_ = true;
    Status s = conn_->Exec("COMMIT");
    if (!s.ok())
      (void)conn_->Exec("ROLLBACK");
    return s;
  }

  sqlite3* raw() { return conn_->db(); }

  Status Rollback() override {
    if (done_)
      return Status::Ok();
    done_ = true;
    return conn_->Exec("ROLLBACK");
  }

 private:
  template <typename OnRow>
  Status Run(std::string_view sql, std::span<const Value> params, OnRow&& on_row) {
    if (done_)
      return Status::FailedPrecondition("the transaction has ended");
    ZQ_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, conn_->Prepare(sql));
    ZQ_RETURN_IF_ERROR(Bind(conn_->db(), stmt, params));
    while (true) {
      const int rc = sqlite3_step(stmt);
      if (rc == SQLITE_ROW) {
        if (!on_row(stmt))
          break;
        continue;
      }
      if (rc == SQLITE_DONE)
        break;
      Status s = SqliteError(conn_->db(), rc, "step");
      sqlite3_reset(stmt);
      return s;
    }
    sqlite3_reset(stmt);
    return Status::Ok();
  }

  SqliteDatabase& owner_;
  std::unique_ptr<Connection> conn_;
  bool done_ = false;
};

// flock() on the lock file beside the database; the kernel releases it when the process ends,
// however it ends. held() is false when another process holds a conflicting lock.
class FileLock final : public ServingLock {
 public:
  FileLock() = default;

  ~FileLock() override {
    if (fd_ >= 0)
      ::close(fd_);  // releases the lock
  }

  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

  static Result<std::unique_ptr<FileLock>> Take(const std::string& path, int operation) {
    auto lock = std::make_unique<FileLock>();
    lock->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock->fd_ < 0)
      return Status::Unavailable("cannot open the lock file " + path);
    if (::flock(lock->fd_, operation | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK)
        return Status::Unavailable("cannot lock " + path);
      ::close(lock->fd_);
      lock->fd_ = -1;
    }
    return lock;
  }

  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class SqliteDatabase final : public Database {
 public:
  explicit SqliteDatabase(std::string path)
      : path_(std::move(path)), in_memory_(path_ == ":memory:") {}

  Backend backend() const override { return Backend::kSqlite; }

  std::string description() const override { return "sqlite:" + path_; }

  Result<std::unique_ptr<Connection>> OpenConnection() {
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path_.c_str(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    auto conn = std::make_unique<Connection>(db);
    if (rc != SQLITE_OK) {
      return Status::Unavailable("cannot open SQLite database " + path_ + ": " +
                                 sqlite3_errstr(rc));
    }
    sqlite3_busy_timeout(db, 15000);
    ZQ_RETURN_IF_ERROR(conn->Exec("PRAGMA foreign_keys = ON"));
    if (!in_memory_) {
      ZQ_RETURN_IF_ERROR(conn->Exec("PRAGMA journal_mode = WAL"));
      ZQ_RETURN_IF_ERROR(conn->Exec("PRAGMA synchronous = NORMAL"));
    }
    ZQ_RETURN_IF_ERROR(conn->Exec("PRAGMA cache_size = -65536"));
    ZQ_RETURN_IF_ERROR(conn->Exec("PRAGMA temp_store = MEMORY"));
    return conn;
  }

  Result<std::unique_ptr<Transaction>> Begin(TxMode mode) override {
    std::unique_ptr<Connection> conn;
    {
      std::unique_lock lock(mu_);
      const std::size_t limit = in_memory_ ? 1 : kMaxConnections;
      cv_.wait(lock, [&] { return !idle_.empty() || open_ < limit; });
      if (!idle_.empty()) {
        conn = std::move(idle_.back());
        idle_.pop_back();
      } else {
        ++open_;
      }
    }
    if (!conn) {
      Result<std::unique_ptr<Connection>> opened = OpenConnection();
      if (!opened.ok()) {
        std::lock_guard lock(mu_);
        --open_;
        cv_.notify_one();
        return opened.status();
      }
      conn = std::move(opened).value();
    }
    Status s = conn->Exec(mode == TxMode::kReadWrite ? "BEGIN IMMEDIATE" : "BEGIN");
    if (!s.ok()) {
      Release(std::move(conn));
      return s;
    }
    return std::unique_ptr<Transaction>(
        std::make_unique<SqliteTransaction>(*this, std::move(conn)));
  }

  Status BackupTo(const std::string& path, std::string_view mac_key) override {
    ZQ_RETURN_IF_ERROR(CopyWith(path, /*to_file=*/true));
    return WriteBackupMac(path, mac_key);
  }

  Status RestoreFrom(const std::string& path, std::string_view mac_key,
                     WhileServed while_served) override {
    ZQ_RETURN_IF_ERROR(VerifyBackup(path, mac_key));
    std::unique_ptr<FileLock> lock;
    if (!in_memory_) {
      ZQ_ASSIGN_OR_RETURN(lock, FileLock::Take(ServingLockPath(path_), LOCK_EX));
      if (!lock->held() && while_served == WhileServed::kRefuse) {
        return Status::FailedPrecondition(
            "a server (zq serve) or another restore holds the database " + path_ +
                ": stop it first; --force restores anyway, and the server's writes from now on "
                "are lost",
            "db");
      }
    }
    return CopyWith(path, /*to_file=*/false);
  }

  Result<std::unique_ptr<ServingLock>> LockForServing() override {
    if (in_memory_)
      return std::unique_ptr<ServingLock>(std::make_unique<FileLock>());
    ZQ_ASSIGN_OR_RETURN(std::unique_ptr<FileLock> lock,
                        FileLock::Take(ServingLockPath(path_), LOCK_SH));
    if (!lock->held()) {
      return Status::FailedPrecondition(
          "a restore (zq restore) holds the database " + path_ + ": wait for it to end", "db");
    }
    return std::unique_ptr<ServingLock>(std::move(lock));
  }

  void Release(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(conn));
    cv_.notify_one();
  }

 private:
  // SQLite's online backup API, from this database to the file at `path` or back.
  Status CopyWith(const std::string& path, bool to_file) {
    ZQ_ASSIGN_OR_RETURN(auto tx, Begin(TxMode::kReadOnly));
    ZQ_RETURN_IF_ERROR(tx->Rollback());  // keep the connection, end the transaction
    auto* sqlite_tx = static_cast<SqliteTransaction*>(tx.get());
    sqlite3* ours = sqlite_tx->raw();
    sqlite3* file = nullptr;
    const int flags = to_file ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &file, flags, nullptr) != SQLITE_OK) {
      sqlite3_close_v2(file);
      return Status::Unavailable("cannot open " + path);
    }
    sqlite3* dest = to_file ? file : ours;
    sqlite3* src = to_file ? ours : file;
    sqlite3_backup* b = sqlite3_backup_init(dest, "main", src, "main");
    Status s;
    if (b == nullptr) {
      s = Status::Unavailable(std::string("backup: ") + sqlite3_errmsg(dest));
    } else {
      const int rc = sqlite3_backup_step(b, -1);
      sqlite3_backup_finish(b);
      if (rc != SQLITE_DONE)
        s = Status::Unavailable(std::string("backup: ") + sqlite3_errstr(rc));
    }
    sqlite3_close_v2(file);
    ZQ_RETURN_IF_ERROR(s);
    return Status::Ok();
  }

  std::string path_;
  bool in_memory_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t open_ = 0;
};

SqliteTransaction::~SqliteTransaction() {
  if (!done_)
    (void)conn_->Exec("ROLLBACK");
  owner_.Release(std::move(conn_));
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(std::string_view path) {
  auto db = std::make_unique<SqliteDatabase>(std::string(path));
  // Open one connection now so that a bad path fails here, not at the first query.
  ZQ_ASSIGN_OR_RETURN(auto tx, db->Begin(TxMode::kReadOnly));
  ZQ_RETURN_IF_ERROR(tx->Rollback());
  tx.reset();
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace zq::store::internal
