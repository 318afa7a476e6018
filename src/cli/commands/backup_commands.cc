#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"

namespace zq::cli {
namespace {

struct Options : WorkspaceOptions {
  std::string file;
  bool force = false;
};

// Checks the backup under the master key it was made under, then replaces the database with it.
// Opens nothing before the backup has proved itself, and creates no key.
Status Restore(const Options& o) {
  const std::string key_path = KeyFilePath(o.db, o.key_file);
  Result<auth::KeyRing> loaded = auth::KeyRing::Load(key_path);
  if (loaded.status().code() == StatusCode::kNotFound) {
    return Status::NotFound("no master key at " + key_path +
                                ": a restore needs the key the backup was made under "
                                "(--key-file FILE, or ZQ_MASTER_KEY)",
                            "key_file");
  }
  ZQ_ASSIGN_OR_RETURN(auth::KeyRing keys, std::move(loaded));
  ZQ_RETURN_IF_ERROR(store::VerifyBackup(o.file, keys.backup_mac_key()));
  {
    ZQ_ASSIGN_OR_RETURN(std::unique_ptr<store::Database> db, store::Database::Open(o.db));
    ZQ_RETURN_IF_ERROR(db->RestoreFrom(
        o.file, keys.backup_mac_key(),
        o.force ? store::WhileServed::kRestoreAnyway : store::WhileServed::kRefuse));
  }
  ZQ_ASSIGN_OR_RETURN(Workspace w, OpenWorkspace(o.db, o.key_file));  // migrates an older backup
  ZQ_RETURN_IF_ERROR(store::InTransaction(*w.db, [&](store::Transaction& tx) {
    return w.app->context().audit().Append(
        tx, auth::Caller::System(), "database.restore", "database",
        nlohmann::json{{"file", o.file}, {"force", o.force}}.dump());
  }));
  // The log was replaced on purpose: the head recorded outside it starts again from here.
  return w.audit_head->Replace();
}

}  // namespace

void RegisterBackupCommands(CLI::App& app) {
  auto backup = std::make_shared<Options>();
  CLI::App* b = app.add_subcommand(
      "backup",
      "Write a consistent copy of the database and its HMAC-SM3 under the master key "
      "(FILE.hmac-sm3)");
  AddWorkspaceOptions(b, *backup, JsonFlag::kNone);
  b->add_option("--out", backup->file, "backup file")->required();
  b->callback([backup] {
    Workspace w = OpenWorkspaceOrFail(*backup);
    // The backup is an export of everything: audit it first, so the copy holds its own entry.
    OkOrFail(store::InTransaction(*w.db, [&](store::Transaction& tx) {
      return w.app->context().audit().Append(tx, auth::Caller::System(), "database.backup",
                                             "database",
                                             nlohmann::json{{"file", backup->file}}.dump());
    }));
    OkOrFail(w.db->BackupTo(backup->file, w.keys->backup_mac_key()));
    std::cout << "backup written to " << backup->file << " (keyed checksum " << backup->file
              << ".hmac-sm3; restoring it needs this master key)\n";
  });

  auto restore = std::make_shared<Options>();
  CLI::App* r = app.add_subcommand(
      "restore",
      "Replace the database with a backup after checking its HMAC-SM3 under the master key");
  r->add_option("--db", restore->db, "SQLite file path or postgresql:// URI")->required();
  r->add_option("--key-file", restore->key_file,
                "file holding the master key the backup was made under");
  r->add_option("--from", restore->file, "backup file")->required();
  r->add_flag("--force", restore->force,
              "restore even while a server (zq serve) holds the database: its writes are lost");
  r->callback([restore] {
    // A restore that fails leaves nothing behind that was not there before.
    namespace fs = std::filesystem;
    std::vector<std::string> created;
    std::vector<std::string> candidates = {
        AuditHeadPath(restore->db, KeyFilePath(restore->db, restore->key_file))};
    if (!IsPostgresUrl(restore->db)) {
      for (const char* suffix : {"", "-wal", "-shm", ".serving"})
        candidates.push_back(restore->db + suffix);
    }
    for (const std::string& path : candidates) {
      std::error_code ec;
      if (!fs::exists(path, ec))
        created.push_back(path);
    }
    if (Status s = Restore(*restore); !s.ok()) {
      for (const std::string& path : created) {
        std::error_code ec;
        fs::remove(path, ec);
      }
      FailCommand(s);
    }
    std::cout << "database restored from " << restore->file << "\n";
  });
}

}  // namespace zq::cli
