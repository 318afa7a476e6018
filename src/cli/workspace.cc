#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "cli/commands/commands.h"

namespace zq::cli {
namespace {

std::vector<app::Module>& TheModules() {
  static std::vector<app::Module> modules;
  return modules;
}

}  // namespace

void UseModules(std::vector<app::Module> modules) { TheModules() = std::move(modules); }

const std::vector<app::Module>& Modules() { return TheModules(); }

std::string KeyFilePath(const std::string& db_url, const std::string& key_file) {
  if (!key_file.empty())
    return key_file;
  if (const char* env = std::getenv("ZQ_KEY_FILE"); env != nullptr && *env != '\0')
    return env;
  return IsPostgresUrl(db_url) ? "zq.key" : db_url + ".key";
}

bool IsPostgresUrl(const std::string& db_url) {
  return db_url.starts_with("postgresql://") || db_url.starts_with("postgres://");
}

Result<Workspace> OpenWorkspace(const std::string& db_url, const std::string& key_file) {
  Workspace w;
  ZQ_ASSIGN_OR_RETURN(w.db, store::Database::Open(db_url));
  ZQ_RETURN_IF_ERROR(w.db->Migrate());
  ZQ_ASSIGN_OR_RETURN(auth::KeyRing keys,
                      auth::KeyRing::LoadOrCreate(KeyFilePath(db_url, key_file)));
  w.keys = std::make_unique<auth::KeyRing>(std::move(keys));
  ZQ_ASSIGN_OR_RETURN(w.app, app::App::Build(Modules(), *w.db, *w.keys, SystemClock::Instance()));
  ZQ_RETURN_IF_ERROR(w.app->Start());
  w.audit_head =
      std::make_unique<AuditHeadKeeper>(*w.db, w.app->context().audit(), w.keys->audit_chain(),
                                        AuditHeadPath(db_url, KeyFilePath(db_url, key_file)));
  return w;
}

int Fail(const Status& status, bool json) {
  if (json) {
    nlohmann::json out = {{"error",
                           {{"code", StatusCodeName(status.code())},
                            {"message", status.message()},
                            {"field", status.field()}}}};
    std::cout << out.dump() << "\n";
  } else {
    std::cerr << "zq: " << status.ToString() << "\n";
  }
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void FailCommand(const Status& status, bool json) { throw CLI::RuntimeError(Fail(status, json)); }

void AddWorkspaceOptions(CLI::App* cmd, WorkspaceOptions& options, JsonFlag json) {
  cmd->add_option("--db", options.db, "SQLite file path or postgresql:// URI")->required();
  cmd->add_option("--key-file", options.key_file, "file holding the master key");
  if (json == JsonFlag::kOffered)
    cmd->add_flag("--json", options.json, "the result as JSON");
}

Workspace OpenWorkspaceOrFail(const WorkspaceOptions& options) {
  return ValueOrFail(OpenWorkspace(options.db, options.key_file), options.json);
}

void PrintResult(const nlohmann::json& object, std::string_view text, bool json) {
  if (json)
    std::cout << object.dump() << "\n";
  else
    std::cout << text;
}

void Progress(const std::string& line) {
  if (::isatty(STDERR_FILENO))
    std::cerr << "\r\033[K" << line << std::flush;
}

void ProgressDone() {
  if (::isatty(STDERR_FILENO))
    std::cerr << "\n";
}

}  // namespace zq::cli
