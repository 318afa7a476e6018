#pragma once

#include <optional>
#include <string>

#include "auth/audit_chain.h"
#include "auth/audit_log.h"
#include "core/result.h"
#include "store/database.h"

namespace zq::auth {

// A copy of the audit chain's head kept outside the database (审计日志外部锚点), so that cutting
// the log back to an older genuine head, whose sealed head and tail mark an attacker may have
// kept from an old copy of the database, still shows: AuditLog::Verify checks that the log
// reaches the recorded head and holds its hash there. The file holds the head's seq, hash and a
// MAC under a key derived from the master key (HeadCopy::kExternal), so only a key holder writes
// one that reads back. By default it lies beside the key file ("<key file>.audit-head"), outside
// the reach of whoever holds only the database.
// Thread-compatible: Write replaces the file atomically (temporary file, fsync, rename).
class AuditHeadFile {
 public:
  AuditHeadFile(std::string path, const AuditChain& chain)
      : path_(std::move(path)), chain_(chain) {}

  const std::string& path() const { return path_; }

  // nullopt when there is no file yet. kFailedPrecondition (field "audit_head") when the file is
  // malformed or its MAC does not hold (altered, or written under another key); kUnavailable
  // when it cannot be read.
  Result<std::optional<AuditHead>> Read() const;

  // Replaces the file with `head`, mode 0600. kUnavailable when it cannot be written.
  Status Write(const AuditHead& head) const;

  // One line for the operator's log: "audit head <seq> <hash> <mac>", the same MAC as the file.
  std::string LogLine(const AuditHead& head) const;

 private:
  std::string path_;
  const AuditChain& chain_;
};

// Whether RecordAuditHead may move the recorded head to one the log does not extend: only after
// the operator replaced the log on purpose (a restore, a key rotation).
enum class RecordOver { kOnlyAnExtension, kAnything };

// Records the log's current head in `file`. With kOnlyAnExtension the log must still hold the
// head recorded before (AuditLog::Holds); if it does not, the log was cut back or rewritten since,
// and the file is left as it is, as evidence: kFailedPrecondition (field "audit_head") naming
// `zq audit verify`. Returns the head now recorded.
Result<AuditHead> RecordAuditHead(store::Database& db, const AuditLog& log,
                                  const AuditHeadFile& file,
                                  RecordOver mode = RecordOver::kOnlyAnExtension);

}  // namespace zq::auth
