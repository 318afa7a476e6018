#include <filesystem>
#include <iostream>

#include "api/server.h"
#include "cli/commands/commands.h"

namespace zq::cli {

std::string DefaultStaticDir();                                    // also used by demo_command.cc
void AddServerOptions(CLI::App* cmd, api::ServerOptions& server);  // also used by demo_command.cc

// What `zq serve` and `zq demo` both take: where to listen, the console, the console's public
// origin and the sign-in rate.
void AddServerOptions(CLI::App* cmd, api::ServerOptions& server) {
  cmd->add_option("--port", server.port, "TCP port (0: any free port)")->default_val(8080);
  cmd->add_option("--host", server.host, "address to listen on")->default_val("127.0.0.1");
  cmd->add_option("--static", server.static_dir, "directory of the built console (web/dist)");
  cmd->add_option("--public-origin", server.public_origin,
                  "the console's origin when a proxy rewrites Host, e.g. https://zq.example.gov.cn "
                  "(sign-ins from other origins answer 403)");
  cmd->add_option("--login-rate-per-minute", server.login_attempts_per_minute,
                  "sign-in attempts allowed per source address and minute")
      ->check(CLI::Range(1, 100000))
      ->default_val(10);
}

// The built console (issue 4): web/dist under the working directory, else in the source tree
// the binary was built in (build/<preset>/bin/zq lies three levels below it). Empty when
// neither exists, and the server shows its small built-in page.
std::string DefaultStaticDir() {
  namespace fs = std::filesystem;
  std::error_code ec;  // a missing file sets it too: it is ignored, the answer is false
  if (fs::is_regular_file("web/dist/index.html", ec)) {
    return "web/dist";
  }
  std::error_code exe_error;
  fs::path dir = fs::read_symlink("/proc/self/exe", exe_error).parent_path();
  for (int up = 0; !exe_error && up < 4 && dir.has_relative_path(); ++up) {
    if (fs::is_regular_file(dir / "web/dist/index.html", ec)) {
      return (dir / "web/dist").string();
    }
    dir = dir.parent_path();
  }
  return "";
}

void RegisterServeCommand(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::size_t max_body_mib = 1;
    api::ServerOptions server;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the API and the console");
  AddWorkspaceOptions(cmd, *opts, JsonFlag::kNone);
  AddServerOptions(cmd, opts->server);
  cmd->add_option("--max-body-mib", opts->max_body_mib,
                  "largest request body in MiB, e.g. a credit-event file for "
                  "POST /api/v1/credit/events/import (larger: 413)")
      ->check(CLI::Range(1, 1024))
      ->default_val(1);
  cmd->add_option("--anonymous-per-minute", opts->server.anonymous_requests_per_minute,
                  "API requests allowed per source address and minute to callers not signed in "
                  "(beyond: 429 with Retry-After)")
      ->check(CLI::Range(1, 1000000))
      ->default_val(600);
  auto* cert = cmd->add_option("--tls-cert", opts->server.tls_cert_file,
                               "PEM certificate chain: serve HTTPS only (TLS 1.2 or later), with "
                               "Secure cookies and Strict-Transport-Security")
                   ->check(CLI::ExistingFile);
  auto* key =
      cmd->add_option("--tls-key", opts->server.tls_key_file, "PEM private key of --tls-cert")
          ->check(CLI::ExistingFile);
  cert->needs(key);
  key->needs(cert);
  cmd->add_option("--trusted-proxy", opts->server.trusted_proxies,
                  "address or CIDR block of a reverse proxy whose X-Forwarded-For names the "
                  "caller (repeatable; from any other peer the header is ignored)");
  cmd->callback([opts] {
    opts->server.max_body_bytes = opts->max_body_mib << 20;
    if (opts->server.static_dir.empty()) {
      opts->server.static_dir = DefaultStaticDir();
    }
    Workspace w = OpenWorkspaceOrFail(*opts);
    // Held for the server's lifetime: a restore refuses while it is (issue 16).
    const std::unique_ptr<store::ServingLock> serving = ValueOrFail(w.db->LockForServing());
    w.audit_head->RecordEvery(std::chrono::seconds(5));
    // Domain events to their consumers, until the server stops.
    w.Get<events::EventDispatcher>().Start();
    OkOrFail(api::ServeForever(*w.app, opts->server, [&](int port) {
      const char* scheme = opts->server.tls_cert_file.empty() ? "http" : "https";
      std::cout << "zq: serving " << w.db->description() << " at " << scheme << "://"
                << opts->server.host << ":" << port << "/" << std::endl;
    }));
  });
}

void RegisterMigrateCommand(CLI::App& app) {
  auto db = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("migrate", "Apply the database migrations");
  cmd->add_option("--db", *db, "SQLite file path or postgresql:// URI")->required();
  cmd->callback([db] {
    const std::unique_ptr<store::Database> d = ValueOrFail(store::Database::Open(*db));
    OkOrFail(d->Migrate());
    std::cout << "schema version " << *d->SchemaVersion() << "\n";
  });
}

}  // namespace zq::cli
