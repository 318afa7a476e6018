#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "auth/audit_head_file.h"
#include "auth/audit_log.h"
#include "store/database.h"

namespace zq::cli {

// Keeps the audit head recorded outside the database (auth/audit_head_file.h) up to date for one
// command or one server: every command records the head when it ends (the destructor), and
// `zq serve` also every few seconds, printing the head to its log when it moved. The log
// between two recordings is the window in which a cut back to an older genuine head is not
// caught by the file (docs/security.md §3). Borrows the database and the log, which must outlive
// it. Thread-safe.
class AuditHeadKeeper {
 public:
  AuditHeadKeeper(store::Database& db, const auth::AuditLog& log, const auth::AuditChain& chain,
                  std::string path)
      : db_(db), log_(log), file_(std::move(path), chain) {}

  ~AuditHeadKeeper();

  AuditHeadKeeper(const AuditHeadKeeper&) = delete;
  AuditHeadKeeper& operator=(const AuditHeadKeeper&) = delete;

  const auth::AuditHeadFile& file() const { return file_; }

  // The recorded head, if any (none yet: empty). kFailedPrecondition when the file is altered.
  Result<std::vector<auth::AuditHead>> Recorded() const;

  // Records the current head if the log still holds the recorded one; otherwise (or when the
  // database cannot be read) warns once on stderr and leaves the file as it is.
  void Record();

  // After a restore: records the restored log's head over whatever was recorded.
  Status Replace();

  // For `zq serve`: records every `every` on a thread of its own until destroyed, and prints
  // "zq: audit head <seq> <hash> <mac>" to stdout (the operator's log) whenever it moved.
  void RecordEvery(std::chrono::milliseconds every);

  // Records nothing more (the log was re-keyed; the new key's head is recorded by the caller).
  void Stop();

 private:
  enum class Report { kSilently, kPrintWhenMoved };
  void RecordLocked(Report report);

  store::Database& db_;
  const auth::AuditLog& log_;
  const auth::AuditHeadFile file_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopped_ = false;
  bool warned_ = false;
  std::optional<auth::AuditHead> printed_;
  std::thread thread_;
};

// Where the audit head of the database `db_url` is recorded: $ZQ_AUDIT_HEAD_FILE when set, else
// beside its key file, "<key file>.<tag>.audit-head", where the tag (12 hex digits of SM3) names
// the database: its absolute path, or the PostgreSQL URI without its user and password. Several
// databases may share a key file (a restore to a new path reuses the backup's key); each keeps its
// own head. A database moved to another path starts a new record.
std::string AuditHeadPath(const std::string& db_url, const std::string& key_file_path);

}  // namespace zq::cli
