#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterBackupCommands(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
    std::string file;
  };

  auto backup = std::make_shared<Options>();
  CLI::App* b = app.add_subcommand(
      "backup", "Write a consistent copy of the database and its SM3 checksum (FILE.sm3)");
  b->add_option("--db", backup->db, "SQLite file path or postgresql:// URI")->required();
  b->add_option("--key-file", backup->key_file, "file holding the master key");
  b->add_option("--out", backup->file, "backup file")->required();
  b->callback([backup] {
    Result<Workspace> w = OpenWorkspace(backup->db, backup->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    // The backup is an export of everything: audit it first, so the copy holds its own entry.
    Status audited = store::InTransaction(*w->db, [&](store::Transaction& tx) {
      return w->services->audit.Append(tx, auth::Caller::System(), "database.backup", "database",
                                       nlohmann::json{{"file", backup->file}}.dump());
    });
    if (!audited.ok())
      throw CLI::RuntimeError(Fail(audited));
    if (Status s = w->db->BackupTo(backup->file); !s.ok())
      throw CLI::RuntimeError(Fail(s));
    std::cout << "backup written to " << backup->file << " (checksum " << backup->file << ".sm3)\n";
  });

  auto restore = std::make_shared<Options>();
  CLI::App* r = app.add_subcommand(
      "restore", "Replace the database with a backup after checking its SM3 checksum");
  r->add_option("--db", restore->db, "SQLite file path or postgresql:// URI")->required();
  r->add_option("--key-file", restore->key_file, "file holding the master key");
  r->add_option("--from", restore->file, "backup file")->required();
  r->callback([restore] {
    Result<Workspace> w = OpenWorkspace(restore->db, restore->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    if (Status s = w->db->RestoreFrom(restore->file); !s.ok())
      throw CLI::RuntimeError(Fail(s));
    Status audited = store::InTransaction(*w->db, [&](store::Transaction& tx) {
      return w->services->audit.Append(tx, auth::Caller::System(), "database.restore", "database",
                                       nlohmann::json{{"file", restore->file}}.dump());
    });
    if (!audited.ok())
      throw CLI::RuntimeError(Fail(audited));
    std::cout << "database restored from " << restore->file << "\n";
  });
}

}  // namespace zq::cli
