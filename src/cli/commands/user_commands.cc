#include <functional>
#include <iostream>

#include <nlohmann/json.hpp>

#include "auth/account_service.h"
#include "auth/password_policy.h"
#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterUserCommands(CLI::App& app) {
  auto common = std::make_shared<WorkspaceOptions>();
  const auto add_common = [common](CLI::App* cmd) {
    AddWorkspaceOptions(cmd, *common, JsonFlag::kNone);
  };

  CLI::App* init = app.add_subcommand(
      "init", "Create the database and the first administrator (prints a one-time password)");
  add_common(init);
  init->callback([common] {
    Workspace w = OpenWorkspaceOrFail(*common);
    Result<std::vector<auth::UserInfo>> users =
        w.Get<auth::AccountService>().ListUsers(auth::Caller::System());
    if (users.ok() && !users->empty()) {
      std::cout << "zq: users exist already; use `zq user add`\n";
      return;
    }
    auth::NewUser admin;
    admin.username = "admin";
    admin.password = auth::OneTimePassword();
    admin.role = auth::Role::kPlatformAdmin;
    admin.must_change_password = true;
    OkOrFail(w.Get<auth::AccountService>().CreateUser(auth::Caller::System(), admin).status());
    std::cout << "administrator: admin\none-time password: " << admin.password << "\n";
  });

  CLI::App* user = app.add_subcommand("user", "Manage users");
  user->require_subcommand(1);

  struct AddOptions {
    auth::NewUser user;
    std::string role = "analyst";
  };

  auto add = std::make_shared<AddOptions>();
  CLI::App* a = user->add_subcommand("add", "Add a user; prints a one-time password");
  add_common(a);
  a->add_option("username", add->user.username, "user name")->required();
  a->add_option("--role", add->role,
                "platform_admin | regulator | analyst | enterprise | sentinel_hospital")
      ->required();
  a->add_option("--region", add->user.region_code, "jurisdiction (regulator, analyst)");
  a->add_option("--uscc", add->user.uscc, "the entity (enterprise user)");
  a->add_option("--name", add->user.display_name, "display name");
  a->callback([common, add] {
    Workspace w = OpenWorkspaceOrFail(*common);
    if (!auth::ParseRole(add->role, add->user.role))
      FailCommand(Status::InvalidArgument("unknown role", "role"));
    add->user.password = auth::OneTimePassword();
    add->user.must_change_password = true;
    const auth::UserInfo u =
        ValueOrFail(w.Get<auth::AccountService>().CreateUser(auth::Caller::System(), add->user));
    std::cout << "user " << u.username << " created; one-time password: " << add->user.password
              << "\n";
  });

  // The verbs on one user: `zq user VERB USERNAME`, doing `act` and printing what it did.
  const auto on_user =
      [&](const char* verb, const char* description,
          std::function<Result<std::string>(auth::AccountService&, const std::string&)> act) {
        auto name = std::make_shared<std::string>();
        CLI::App* cmd = user->add_subcommand(verb, description);
        add_common(cmd);
        cmd->add_option("username", *name, "user name")->required();
        cmd->callback([common, name, act = std::move(act)] {
          Workspace w = OpenWorkspaceOrFail(*common);
          std::cout << ValueOrFail(act(w.Get<auth::AccountService>(), *name)) << "\n";
        });
      };
  const auth::Caller system = auth::Caller::System();
  on_user("passwd", "Set a new one-time password for a user (changed at the next sign-in)",
          [system](auth::AccountService& accounts, const std::string& name) -> Result<std::string> {
            ZQ_ASSIGN_OR_RETURN(const std::string password, accounts.ResetPassword(system, name));
            return "new one-time password for " + name + ": " + password;
          });
  on_user(
      "disable", "Disable a user and end their sessions",
      [system](auth::AccountService& accounts, const std::string& name) -> Result<std::string> {
        ZQ_RETURN_IF_ERROR(accounts.SetAccountState(system, name, auth::AccountState::kDisabled));
        return "user " + name + " disabled";
      });
  on_user("enable", "Enable a disabled user again",
          [system](auth::AccountService& accounts, const std::string& name) -> Result<std::string> {
            ZQ_RETURN_IF_ERROR(accounts.SetAccountState(system, name, auth::AccountState::kActive));
            return "user " + name + " enabled";
          });
  on_user("unlock", "Lift every sign-in lock of a user (all source addresses); audited",
          [system](auth::AccountService& accounts, const std::string& name) -> Result<std::string> {
            ZQ_RETURN_IF_ERROR(accounts.Unlock(system, name));
            return "user " + name + " unlocked";
          });
  on_user("reset-second-factor",
          "Remove a user's authenticator app and recovery codes (a lost phone) and end their "
          "sessions; an administrator enrols again at the next sign-in; audited",
          [system](auth::AccountService& accounts, const std::string& name) -> Result<std::string> {
            ZQ_RETURN_IF_ERROR(accounts.ResetSecondFactor(system, name));
            return "second factor of " + name + " removed";
          });

  CLI::App* l = user->add_subcommand("list", "List users");
  AddWorkspaceOptions(l, *common);
  l->callback([common] {
    Workspace w = OpenWorkspaceOrFail(*common);
    const std::vector<auth::UserInfo> users =
        ValueOrFail(w.Get<auth::AccountService>().ListUsers(auth::Caller::System()), common->json);
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : users) {
      if (!common->json) {
        std::cout << u.username << "  " << auth::RoleName(u.role) << "  " << u.region_code
                  << (u.disabled ? "  (disabled)" : "") << (u.locked ? "  (locked)" : "") << "\n";
      }
      items.push_back({{"username", u.username},
                       {"role", auth::RoleName(u.role)},
                       {"region_code", u.region_code},
                       {"disabled", u.disabled},
                       {"locked", u.locked}});
    }
    if (common->json)
      std::cout << nlohmann::json{{"items", items}}.dump() << "\n";
  });
}

}  // namespace zq::cli
