#include <iostream>

#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterServeCommand(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
    api::ServerOptions server;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API and the console");
  cmd->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
  cmd->add_option("--port", opts->server.port, "TCP port (0: any free port)")->default_val(8080);
  cmd->add_option("--host", opts->server.host, "address to listen on")->default_val("127.0.0.1");
  cmd->add_option("--static", opts->server.static_dir, "directory of the built console (web/dist)");
  cmd->add_option("--key-file", opts->key_file, "file holding the master key");
  cmd->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Status s = api::ServeForever(*w->services, opts->server, [&](int port) {
      std::cout << "zq: serving " << w->db->description() << " at http://" << opts->server.host
                << ":" << port << "/" << std::endl;
    });
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s));
  });
}

void RegisterMigrateCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("migrate", "Apply the database migrations");
  cmd->add_option("--db", *db, "SQLite file path or postgresql:// URI")->required();
  cmd->callback([db] {
    Result<std::unique_ptr<store::Database>> d = store::Database::Open(*db);
    if (!d.ok())
      throw CLI::RuntimeError(Fail(d.status()));
    if (Status s = (*d)->Migrate(); !s.ok())
      throw CLI::RuntimeError(Fail(s));
    std::cout << "schema version " << *(*d)->SchemaVersion() << "\n";
  });
}

}  // namespace zq::cli
