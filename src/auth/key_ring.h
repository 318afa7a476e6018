#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "auth/audit_chain.h"
#include "auth/crypto.h"
#include "core/result.h"

namespace zq::auth {

// The platform's secret keys, all derived (HMAC-SM3 with a label per use) from one 32-byte master
// key that lives in a key file or the environment, never in the database: the SM4 and MAC keys
// for personal data, the blind-index key, the audit-chain key (and from it the audit head's MAC
// key), and the backup MAC key. Immutable: thread-safe.
class KeyRing {
 public:
  static Result<KeyRing> FromMasterKey(std::string_view master_key);

  // ZQ_MASTER_KEY (64 hex characters) when set; otherwise the key file at `path`, created with a
  // fresh random key and mode 0600 when it does not exist. kInvalidArgument for a malformed key,
  // kUnavailable when the file cannot be read or written.
  static Result<KeyRing> LoadOrCreate(const std::string& path);

  // As LoadOrCreate, but kNotFound (field "key_file") rather than a new key when neither
  // ZQ_MASTER_KEY nor the file exists: for a restore, which needs the key the backup was made
  // under and must leave nothing behind when it fails.
  static Result<KeyRing> Load(const std::string& path);

  const PersonalDataCipher& personal_data() const { return *cipher_; }

  const AuditChain& audit_chain() const { return *chain_; }

  // HMAC-SM3 key for backup files (store::Database::BackupTo): its own label, apart from the
  // audit and personal-data keys.
  std::string_view backup_mac_key() const { return backup_mac_key_; }

 private:
  KeyRing() = default;
  std::shared_ptr<const PersonalDataCipher> cipher_;
  std::shared_ptr<const AuditChain> chain_;
  std::string backup_mac_key_;
};

}  // namespace zq::auth
