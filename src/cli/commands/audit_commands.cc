#include <iostream>

#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterAuditCommands(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* audit = app.add_subcommand("audit", "The tamper-evident audit log");
  audit->require_subcommand(1);
  CLI::App* verify = audit->add_subcommand(
      "verify", "Walk the hash chain; name the first entry altered, removed or reordered");
  verify->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
  verify->add_option("--key-file", opts->key_file, "file holding the master key");
  verify->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Result<std::optional<auth::ChainFinding>> f = w->services->audit.Verify(*w->db);
    if (!f.ok())
      throw CLI::RuntimeError(Fail(f.status()));
    if (f->has_value()) {
      std::cout << "audit log BROKEN at entry " << (*f)->seq << ": " << (*f)->message << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << "audit log intact\n";
  });
}

}  // namespace zq::cli
