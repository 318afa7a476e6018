#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace zq::store {

enum class Backend { kSqlite, kPostgres };
std::string_view BackendName(Backend backend);  // "sqlite" / "postgres"

enum class TxMode { kReadWrite, kReadOnly };

// A SQL value: NULL, 64-bit integer, double, or UTF-8 text. Dates travel as ISO-8601 text
// ("2024-02-29"), booleans as 0/1 integers, so both backends store the same thing.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

// One row of a result. Column access is by index in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

  std::size_t size() const { return values_.size(); }

  const Value& operator[](std::size_t i) const { return values_.at(i); }

  bool IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }

  // Converting accessors: NULL gives 0 / 0.0 / "", text that is a number converts.
  std::int64_t GetInt(std::size_t i) const;
  double GetDouble(std::size_t i) const;
  std::string GetText(std::size_t i) const;

 private:
  std::vector<Value> values_;
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<Row> rows;
};

// One row of Transaction::Scan as the backend holds it: nothing is copied, and the view (with
// every string_view it gives) is valid only inside the callback. Column access by index in SELECT
// order; NULL reads as "" and 0. Text() gives any value as text (a PostgreSQL integer as its
// digits); Int() converts text that is a number and reads booleans as 0/1, as Row::GetInt does.
class RowView {
 public:
  virtual std::size_t size() const = 0;
  virtual bool IsNull(std::size_t i) const = 0;
  virtual std::string_view Text(std::size_t i) const = 0;
  virtual std::int64_t Int(std::size_t i) const = 0;

 protected:
  ~RowView() = default;
};

// One database transaction on one connection. Not thread-safe: use it from one thread.
// Destroying it without Commit() rolls back. Statements use `?` placeholders on both backends;
// only parameterised statements are allowed (never build SQL from input).
// Errors: kAlreadyExists for unique/primary-key violations, kInvalidArgument for other constraint
// violations, kUnavailable when the server cannot be reached, kInternal otherwise.
class Transaction {
 public:
  virtual ~Transaction() = default;

  virtual Backend backend() const = 0;

  // Runs a statement that returns rows and collects them.
  virtual Result<ResultSet> Query(std::string_view sql, std::span<const Value> params = {}) = 0;

  // Runs a statement that returns rows, handing each to `on_row` without collecting them; stops
  // early when `on_row` returns false. For exports and engines that read large tables.
  virtual Status QueryEach(std::string_view sql, std::span<const Value> params,
                           const std::function<bool(const Row&)>& on_row) = 0;

  // Streams the rows of a large read to `on_row` without copying them: no Value, Row or
  // std::string per row (QueryEach makes all three). SQLite steps the statement; PostgreSQL reads
  // through a cursor in batches of thousands of rows (one round trip per batch, where QueryEach's
  // single-row mode pays a result per row). Stops early when `on_row` returns false. For the
  // analytic engines (credit rescore, pass-rate cube) that read whole tables into columnar arrays.
  virtual Status Scan(std::string_view sql, std::span<const Value> params,
                      const std::function<bool(const RowView&)>& on_row) = 0;

  // Runs a statement and returns the number of rows it changed.
  virtual Result<std::int64_t> Execute(std::string_view sql,
                                       std::span<const Value> params = {}) = 0;

  // Runs `sql` in this transaction at the latest just before it commits; where the backend
  // allows, in the same round trip as COMMIT (PostgreSQL: pipelined with it, the statement kept
  // prepared on the connection; SQLite runs it at once, in process). For a statement that must
  // accompany the transaction's changes, such as the audit entry: it must fail, never silently
  // do nothing, when it cannot do its work. The transaction then goes on as if it had not run,
  // `fallback` runs in its place, and the transaction commits only if the fallback succeeds
  // (otherwise Commit fails and nothing is committed). Any other statement first runs the
  // pending deferred ones, in order, so it sees their effects.
  virtual Status ExecuteDeferred(std::string sql, std::vector<Value> params,
                                 std::function<Status(Transaction&)> fallback) = 0;

  // Appends `rows` to `table` through the backend's bulk path: one prepared statement re-bound per
  // row (SQLite) or COPY FROM STDIN (PostgreSQL). Each row has one value per column. Plain
  // append: a duplicate key fails the whole call with kAlreadyExists.
  virtual Status BulkInsert(std::string_view table, std::span<const std::string> columns,
                            std::span<const std::vector<Value>> rows) = 0;

  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

// What RestoreFrom does while a server holds the database.
enum class WhileServed { kRefuse, kRestoreAnyway };

// Held while a server serves a database (Database::LockForServing); released when destroyed.
class ServingLock {
 public:
  virtual ~ServingLock() = default;
};

// kFailedPrecondition (field "backup") unless "<path>.hmac-sm3" holds HMAC-SM3 of the backup at
// `path` under `mac_key`; also when only an unkeyed "<path>.sm3" exists (older backups: anyone
// can recompute it, so it proves nothing). kUnavailable when the backup cannot be read.
Status VerifyBackup(const std::string& path, std::string_view mac_key);

// A database: SQLite (one file, WAL; the embedded default) or PostgreSQL (production).
// Thread-safe: each thread Begin()s its own Transaction; connections come from a small pool.
class Database {
 public:
  virtual ~Database() = default;

  // "postgresql://…" or "postgres://…" (libpq URI) opens PostgreSQL; anything else is a path to an
  // SQLite file, created if missing (":memory:" for a private in-memory database).
  // kUnavailable when the database cannot be opened.
  static Result<std::unique_ptr<Database>> Open(std::string_view url_or_path);

  virtual Backend backend() const = 0;

  // A human-readable location, with any password removed.
  virtual std::string description() const = 0;

  // kReadWrite takes the write lock up front (SQLite BEGIN IMMEDIATE), so a writer waits for
  // another instead of failing half-way; kReadOnly lets readers run side by side.
  virtual Result<std::unique_ptr<Transaction>> Begin(TxMode mode = TxMode::kReadWrite) = 0;

  // Writes a consistent copy of the whole database to `path`: SQLite's online backup API, or
  // pg_dump's custom format for PostgreSQL. Next to it, "<path>.hmac-sm3" holds HMAC-SM3 of the
  // file under `mac_key` (its own key, derived from the master key), so that nobody without the
  // key can edit the backup and recompute its checksum. kUnavailable when the copy cannot be
  // written.
  virtual Status BackupTo(const std::string& path, std::string_view mac_key) = 0;

  // Replaces the whole database with the backup at `path` after checking its HMAC-SM3 under
  // `mac_key` (VerifyBackup). kFailedPrecondition with field "db" while a server holds the
  // database (LockForServing), unless `while_served` is kRestoreAnyway: the server's writes
  // after the restore began would be lost. Holds the database's serving lock exclusively while
  // it restores, so no server starts meanwhile. No other transaction may be open on this handle.
  virtual Status RestoreFrom(const std::string& path, std::string_view mac_key,
                             WhileServed while_served = WhileServed::kRefuse) = 0;

  // Taken by `zq serve` for its lifetime: a shared lock (servers may share a PostgreSQL
  // database), which RestoreFrom's exclusive one excludes. SQLite: flock() on "<path>.serving"
  // beside the database; PostgreSQL: a session advisory lock on a connection of its own. The
  // operating system or the server releases it when the process ends, however it ends.
  // kFailedPrecondition (field "db") while a restore holds the database; kUnavailable when the
  // lock cannot be taken for another reason.
  virtual Result<std::unique_ptr<ServingLock>> LockForServing() = 0;

  // Applies every migration of the modules linked into this program (src/<module>/migrations/,
  // store/migration_registry.h) that schema_migrations does not record, each in its own
  // transaction: modules after those they depend on, each module's in version order. A database
  // of the earlier global numbering is first converted without running anything again
  // (src/store/migrations/README.md). Idempotent; processes migrating at once wait for each other.
  Status Migrate();

  // The number of migrations applied (all modules), 0 for an empty database. It grows with every
  // migration; for a database of the global numbering it equals that numbering's version.
  Result<int> SchemaVersion();
};

// Runs `work` inside one transaction on `db` and commits when it returns ok; rolls back otherwise.
Status InTransaction(Database& db, const std::function<Status(Transaction&)>& work);

// A condition that the comma-joined list in the SQL expression `column` holds `item` as a whole
// item, and its one parameter. `%`, `_` and `\` in the item mean themselves (LIKE … ESCAPE,
// the same on both backends), so a search term cannot widen the match; an item holding a comma
// matches nothing.
struct SqlCondition {
  std::string sql;
  std::string param;  // text (a Value here trips g++ 12's -Wstringop-overflow at -O3)
};

SqlCondition CommaListHolds(std::string_view column, std::string_view item);

}  // namespace zq::store
