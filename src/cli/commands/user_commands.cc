#include <iostream>

#include <nlohmann/json.hpp>

#include "auth/account_service.h"
#include "auth/password_policy.h"
#include "cli/commands/commands.h"

namespace zq::cli {

void RegisterUserCommands(CLI::App& app) {
  struct Common {
    std::string db;
    std::string key_file;
  };

  auto common = std::make_shared<Common>();
  auto add_common = [common](CLI::App* cmd) {
    cmd->add_option("--db", common->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", common->key_file, "file holding the master key");
  };

  CLI::App* init = app.add_subcommand(
      "init", "Create the database and the first administrator (prints a one-time password)");
  add_common(init);
  init->callback([common] {
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Result<std::vector<auth::UserInfo>> users =
        w->Get<auth::AccountService>().ListUsers(auth::Caller::System());
    if (users.ok() && !users->empty()) {
      std::cout << "zq: users exist already; use `zq user add`\n";
      return;
    }
    auth::NewUser admin;
    admin.username = "admin";
    admin.password = auth::OneTimePassword();
    admin.role = auth::Role::kPlatformAdmin;
    admin.must_change_password = true;
    Result<auth::UserInfo> u =
        w->Get<auth::AccountService>().CreateUser(auth::Caller::System(), admin);
    if (!u.ok())
      throw CLI::RuntimeError(Fail(u.status()));
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
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    if (!auth::ParseRole(add->role, add->user.role)) {
      throw CLI::RuntimeError(Fail(Status::InvalidArgument("unknown role", "role")));
    }
    add->user.password = auth::OneTimePassword();
    add->user.must_change_password = true;
    Result<auth::UserInfo> u =
        w->Get<auth::AccountService>().CreateUser(auth::Caller::System(), add->user);
    if (!u.ok())
      throw CLI::RuntimeError(Fail(u.status()));
    std::cout << "user " << u->username << " created; one-time password: " << add->user.password
              << "\n";
  });

  auto name = std::make_shared<std::string>();
  CLI::App* p = user->add_subcommand("passwd", "Set a new one-time password for a user");
  add_common(p);
  p->add_option("username", *name, "user name")->required();
  p->callback([common, name] {
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Result<std::string> password =
        w->Get<auth::AccountService>().ResetPassword(auth::Caller::System(), *name);
    if (!password.ok())
      throw CLI::RuntimeError(Fail(password.status()));
    std::cout << "new one-time password for " << *name << ": " << *password << "\n";
  });

  for (const auto& change : {std::pair{"disable", auth::AccountState::kDisabled},
                             std::pair{"enable", auth::AccountState::kActive}}) {
    const std::string verb = change.first;
    const auth::AccountState state = change.second;
    auto state_name = std::make_shared<std::string>();
    CLI::App* d = user->add_subcommand(verb, state == auth::AccountState::kDisabled
                                                 ? "Disable a user and end their sessions"
                                                 : "Enable a disabled user again");
    add_common(d);
    d->add_option("username", *state_name, "user name")->required();
    d->callback([common, state_name, verb, state] {
      Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
      if (!w.ok())
        throw CLI::RuntimeError(Fail(w.status()));
      Status s = w->Get<auth::AccountService>().SetAccountState(auth::Caller::System(), *state_name,
                                                                state);
      if (!s.ok())
        throw CLI::RuntimeError(Fail(s));
      std::cout << "user " << *state_name << " " << verb << "d\n";
    });
  }

  auto unlock_name = std::make_shared<std::string>();
  CLI::App* unlock_cmd = user->add_subcommand(
      "unlock", "Lift every sign-in lock of a user (all source addresses); audited");
  add_common(unlock_cmd);
  unlock_cmd->add_option("username", *unlock_name, "user name")->required();
  unlock_cmd->callback([common, unlock_name] {
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Status s = w->Get<auth::AccountService>().Unlock(auth::Caller::System(), *unlock_name);
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s));
    std::cout << "user " << *unlock_name << " unlocked\n";
  });

  auto reset_name = std::make_shared<std::string>();
  CLI::App* reset_cmd = user->add_subcommand(
      "reset-second-factor",
      "Remove a user's authenticator app and recovery codes (a lost phone) and end their "
      "sessions; an administrator enrols again at the next sign-in; audited");
  add_common(reset_cmd);
  reset_cmd->add_option("username", *reset_name, "user name")->required();
  reset_cmd->callback([common, reset_name] {
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    Status s =
        w->Get<auth::AccountService>().ResetSecondFactor(auth::Caller::System(), *reset_name);
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s));
    std::cout << "second factor of " << *reset_name << " removed\n";
  });

  auto list_json = std::make_shared<bool>(false);
  CLI::App* l = user->add_subcommand("list", "List users");
  add_common(l);
  l->add_flag("--json", *list_json, "machine-readable output");
  l->callback([common, list_json] {
    Result<Workspace> w = OpenWorkspace(common->db, common->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), *list_json));
    auto users = w->Get<auth::AccountService>().ListUsers(auth::Caller::System());
    if (!users.ok())
      throw CLI::RuntimeError(Fail(users.status(), *list_json));
    nlohmann::json items = nlohmann::json::array();
    for (const auto& u : *users) {
      if (!*list_json) {
        std::cout << u.username << "  " << auth::RoleName(u.role) << "  " << u.region_code
                  << (u.disabled ? "  (disabled)" : "") << (u.locked ? "  (locked)" : "") << "\n";
      }
      items.push_back({{"username", u.username},
                       {"role", auth::RoleName(u.role)},
                       {"region_code", u.region_code},
                       {"disabled", u.disabled},
                       {"locked", u.locked}});
    }
    if (*list_json)
      std::cout << nlohmann::json{{"items", items}}.dump() << "\n";
  });
}

}  // namespace zq::cli
