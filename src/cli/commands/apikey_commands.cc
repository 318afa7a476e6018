// zq apikey add|list|revoke: API keys of department clients (banks, tax, procurement), which call
// the API with "Authorization: Bearer zqk_…". The key is printed once; only its hash is kept.
#include <iostream>

#include <nlohmann/json.hpp>

#include "auth/account_service.h"
#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterApiKeyCommands(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::string name;
    std::vector<std::string> permissions;
    std::string region;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group = app.add_subcommand("apikey", "API keys of department clients");
  group->require_subcommand(1);

  CLI::App* add = group->add_subcommand("add", "Create a key; prints it once");
  AddWorkspaceOptions(add, *opts, JsonFlag::kNone);
  add->add_option("name", opts->name, "the client, e.g. provincial-bank")->required();
  add->add_option("--permission", opts->permissions, "a named permission, e.g. credit.query")
      ->required();
  add->add_option("--region", opts->region, "the region the client may query (GB/T 2260)");
  add->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const std::optional<ids::RegionCode> region =
        ValueOrFail(ids::ParseOptionalRegionCode(opts->region));
    const std::string key = ValueOrFail(w.Get<auth::AccountService>().CreateApiKey(
        auth::Caller::System(), opts->name, opts->permissions, region));
    std::cout << "API key for " << opts->name << " (shown once): " << key << "\n";
  });

  CLI::App* list = group->add_subcommand("list", "List keys with their last use");
  AddWorkspaceOptions(list, *opts);
  list->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const std::vector<auth::ApiKeyInfo> keys =
        ValueOrFail(w.Get<auth::AccountService>().ListApiKeys(auth::Caller::System()), opts->json);
    for (const auth::ApiKeyInfo& k : keys) {
      PrintResult({{"name", k.name},
                   {"permissions", k.permissions},
                   {"region_code", k.region_code},
                   {"created_at", k.created_at},
                   {"last_used_at", k.last_used_at},
                   {"revoked_at", k.revoked_at}},
                  k.name + "  " + (k.revoked_at.empty() ? "active" : "revoked " + k.revoked_at) +
                      "  last used " + (k.last_used_at.empty() ? "never" : k.last_used_at) + "\n",
                  opts->json);
    }
  });

  CLI::App* revoke = group->add_subcommand("revoke", "Revoke a key at once");
  AddWorkspaceOptions(revoke, *opts, JsonFlag::kNone);
  revoke->add_option("name", opts->name, "the client")->required();
  revoke->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    OkOrFail(w.Get<auth::AccountService>().RevokeApiKey(auth::Caller::System(), opts->name));
    std::cout << "API key " << opts->name << " revoked\n";
  });
}

}  // namespace zq::cli
