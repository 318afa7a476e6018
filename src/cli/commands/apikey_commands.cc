// zq apikey add|list|revoke: API keys of department clients (banks, tax, procurement), which call
// the API with "Authorization: Bearer zqk_…". The key is printed once; only its hash is kept.
#include <iostream>

#include <nlohmann/json.hpp>

#include "auth/account_service.h"
#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterApiKeyCommands(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
    std::string name;
    std::vector<std::string> permissions;
    std::string region;
    bool json = false;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group = app.add_subcommand("apikey", "API keys of department clients");
  group->require_subcommand(1);
  auto add_common = [opts](CLI::App* cmd) {
    cmd->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", opts->key_file, "file holding the master key");
  };

  CLI::App* add = group->add_subcommand("add", "Create a key; prints it once");
  add_common(add);
  add->add_option("name", opts->name, "the client, e.g. provincial-bank")->required();
  add->add_option("--permission", opts->permissions, "a named permission, e.g. credit.query")
      ->required();
  add->add_option("--region", opts->region, "the region the client may query (GB/T 2260)");
  add->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    const Result<std::optional<ids::RegionCode>> region =
        ids::ParseOptionalRegionCode(opts->region);
    if (!region.ok())
      throw CLI::RuntimeError(Fail(region.status()));
    Result<std::string> key = w->Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), opts->name, opts->permissions, *region);
    if (!key.ok())
      throw CLI::RuntimeError(Fail(key.status()));
    std::cout << "API key for " << opts->name << " (shown once): " << *key << "\n";
  });

  CLI::App* list = group->add_subcommand("list", "List keys with their last use");
  add_common(list);
  list->add_flag("--json", opts->json, "one JSON object per key");
  list->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), opts->json));
    Result<std::vector<auth::ApiKeyInfo>> keys =
        w->Get<auth::AccountService>().ListApiKeys(auth::Caller::System());
    if (!keys.ok())
      throw CLI::RuntimeError(Fail(keys.status(), opts->json));
    for (const auth::ApiKeyInfo& k : *keys) {
      if (opts->json) {
        std::cout << nlohmann::json{{"name", k.name},
                                    {"permissions", k.permissions},
                                    {"region_code", k.region_code},
                                    {"created_at", k.created_at},
                                    {"last_used_at", k.last_used_at},
                                    {"revoked_at", k.revoked_at}}
                         .dump()
                  << "\n";
      } else {
        std::cout << k.name << "  " << (k.revoked_at.empty() ? "active" : "revoked " + k.revoked_at)
                  << "  last used " << (k.last_used_at.empty() ? "never" : k.last_used_at) << "\n";
      }
    }
  });

  CLI::App* revoke = group->add_subcommand("revoke", "Revoke a key at once");
  add_common(revoke);
  revoke->add_option("name", opts->name, "the client")->required();
  revoke->callback([opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Status s = w->Get<auth::AccountService>().RevokeApiKey(auth::Caller::System(), opts->name);
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s));
    std::cout << "API key " << opts->name << " revoked\n";
  });
}

}  // namespace zq::cli
