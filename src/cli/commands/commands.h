#pragma once

#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "app/app.h"
#include "auth/key_ring.h"
#include "cli/audit_head_keeper.h"
#include "cli/commands/module_commands.h"
#include "core/clock.h"
#include "registry/entity_import.h"
#include "store/database.h"

namespace zq::cli {

// An opened, migrated database with its keys and the app built over them (every module's
// services), as every command needs them. When it is destroyed (the command ends), `audit_head`
// records the audit log's head outside the database; it is declared last, so it goes first, while
// the database is still open.
struct Workspace {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::KeyRing> keys;
  std::unique_ptr<app::App> app;
  std::unique_ptr<AuditHeadKeeper> audit_head;

  // A module's service, e.g. w->Get<credit::CreditService>().
  template <class T>
  T& Get() {
    return app->Get<T>();
  }
};

// The modules every command builds its app from: main() sets them once, before parsing
// (app::RegisteredModules()).
void UseModules(std::vector<app::Module> modules);
const std::vector<app::Module>& Modules();

// Opens `db_url` (SQLite path or postgresql:// URI), applies migrations, reads the key file
// (`key_file` if given, else $ZQ_KEY_FILE, else "<sqlite path>.key" or "zq.key" for PostgreSQL;
// created with a fresh key when missing), builds the app from Modules() and starts it (the
// modules ready the database, e.g. the registry's reference data).
Result<Workspace> OpenWorkspace(const std::string& db_url, const std::string& key_file);

// Where the master key lives for this database (the rule OpenWorkspace follows).
std::string KeyFilePath(const std::string& db_url, const std::string& key_file);

// Whether `db_url` names a PostgreSQL database (else an SQLite file).
bool IsPostgresUrl(const std::string& db_url);

// Prints a Status to stderr (or as JSON to stdout) and returns the process exit code.
int Fail(const Status& status, bool json = false);

// Ends the running command: prints `status` (Fail) and throws CLI::RuntimeError with its code.
[[noreturn]] void FailCommand(const Status& status, bool json = false);

// `result`'s value, or the command ends with its status (FailCommand).
template <class T>
T ValueOrFail(Result<T> result, bool json = false) {
  if (!result.ok())
    FailCommand(result.status(), json);
  return std::move(result).value();
}

inline void OkOrFail(const Status& status, bool json = false) {
  if (!status.ok())
    FailCommand(status, json);
}

// The options of a command over a database: --db (required), --key-file and --json, unless the
// command prints no result to read by machine (JsonFlag::kNone).
struct WorkspaceOptions {
  std::string db;
  std::string key_file;
  bool json = false;
};
enum class JsonFlag { kNone, kOffered };
void AddWorkspaceOptions(CLI::App* cmd, WorkspaceOptions& options,
                         JsonFlag json = JsonFlag::kOffered);

// OpenWorkspace with the command's options, or the command ends with the failure.
Workspace OpenWorkspaceOrFail(const WorkspaceOptions& options);

// Prints a command's result: `object` on one line with --json, else `text` (a full line).
void PrintResult(const nlohmann::json& object, std::string_view text, bool json);

// An import command's run: reads `file` (kInvalidArgument "file" when it cannot), opens the
// workspace, runs `import` with a progress line, prints its report (one line per bad row, then the
// counts; or JSON), and exits with status 1 when a row was rejected.
using ImportFn = std::function<Result<registry::ImportReport>(Workspace&, std::istream&,
                                                              const registry::ImportOptions&)>;
void RunImport(const WorkspaceOptions& options, const std::string& file, const ImportFn& import);

// A progress line on stderr when it is a terminal.
void Progress(const std::string& line);
void ProgressDone();

// The platform's command groups (the modules' own: module_commands.h, named by their manifests).
void RegisterServeCommand(CLI::App& app);
void RegisterMigrateCommand(CLI::App& app);
void RegisterValidateCommand(CLI::App& app);
void RegisterUserCommands(CLI::App& app);
void RegisterAuditCommands(CLI::App& app);
void RegisterBackupCommands(CLI::App& app);
void RegisterKeysCommands(CLI::App& app);
void RegisterDemoCommand(CLI::App& app);
void RegisterModulesCommand(CLI::App& app);  // zq modules
void RegisterEventsCommands(CLI::App& app);  // zq events run|status|retry

}  // namespace zq::cli
