#include <filesystem>
#include <iostream>

#include "api/server.h"
#include "auth/account_service.h"
#include "auth/password_policy.h"
#include "cli/commands/commands.h"
#include "demo/demo_accounts.h"
#include "events/dispatcher.h"
#include "inspection/result_service.h"
#include "registry/registry.h"

namespace zq::cli {

std::string DefaultStaticDir();                                    // serve_command.cc
void AddServerOptions(CLI::App* cmd, api::ServerOptions& server);  // serve_command.cc

void RegisterDemoCommand(CLI::App& app) {
  struct Options {
    std::string scale = "small";
    std::uint64_t seed = 20261124;
    std::string db = "zq-demo.db";
    std::string province = "370000";
    std::string key_file;
    bool generate_only = false;
    api::ServerOptions server;
  };

  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Generate a synthetic province into the embedded database and serve it");
  cmd->add_option("--scale", o->scale, "small (≈50,000 entities) | city (≈1M) | province (≈14M)")
      ->check(CLI::IsMember({"small", "city", "province"}))
      ->default_val("small");
  cmd->add_option("--seed", o->seed, "random seed (the same seed gives the same province)")
      ->default_val(20261124);
  cmd->add_option("--db", o->db, "SQLite file (or postgresql:// URI)")->default_val("zq-demo.db");
  cmd->add_option("--key-file", o->key_file, "file holding the master key");
  cmd->add_option("--province", o->province, "GB/T 2260 province code")->default_val("370000");
  AddServerOptions(cmd, o->server);
  cmd->add_flag("--generate-only", o->generate_only, "write the demo database and exit");
  cmd->callback([o] {
    Workspace w = ValueOrFail(OpenWorkspace(o->db, o->key_file));
    // Each module's demo steps (its manifest names them), in build order.
    app::DemoRun run;
    run.province_code = o->province;
    run.scale = o->scale;
    run.seed = o->seed;
    run.database = o->db;
    run.out = &std::cout;
    run.progress = [](std::int64_t done, std::int64_t total) {
      Progress("generating market entities: " + std::to_string(done) + " / " +
               std::to_string(total));
    };
    run.progress_done = ProgressDone;
    // Between the records and the steps that build on their consequences, the domain events
    // reach their consumers: spot-check verdicts and escalations regrade the firms they touch.
    const app::DemoNext next = ValueOrFail(w.app->RunDemo(run, [&]() -> Status {
      ZQ_ASSIGN_OR_RETURN(const std::vector<events::ConsumerStats> delivered,
                          w.Get<events::EventDispatcher>().RunUntilIdle());
      for (const events::ConsumerStats& consumer : delivered) {
        std::cout << "zq demo: " << consumer.delivered << " domain events delivered to "
                  << consumer.consumer << ", " << consumer.dead_lettered << " set aside\n";
      }
      return Status::Ok();
    }));
    if (next == app::DemoNext::kContinue) {
      // Demo sign-ins: an administrator and two regulators, with one-time passwords.
      struct DemoUser {
        const char* name;
        auth::Role role;
        const char* region;
      };
      for (const DemoUser& u : {DemoUser{"admin", auth::Role::kPlatformAdmin, ""},
                                DemoUser{"jinan", auth::Role::kRegulator, "370100"},
                                DemoUser{"lixia", auth::Role::kRegulator, "370102"}}) {
        if (o->province != "370000" && u.region[0] != '\0')  // regulators: Shandong's
          continue;
        auth::NewUser nu;
        nu.username = u.name;
        nu.password = auth::OneTimePassword();
        nu.must_change_password = true;  // as the README says: changed at the first sign-in
        nu.role = u.role;
        nu.region_code = u.region;
        if (w.Get<auth::AccountService>().CreateUser(auth::Caller::System(), nu).ok()) {
          std::cout << "  sign in as " << u.name << " ("
                    << (u.region[0] ? std::string("regulator of ") + u.region : "administrator")
                    << "): password " << nu.password
                    << " (one-time: change it at the first sign-in)\n";
          if (u.region[0] == '\0') {  // the administrator
            std::cout << "    administrators sign in with a second factor: enrol an "
                         "authenticator app (TOTP) at the first sign-in\n";
          }
          if (u.region[0] != '\0') {
            const std::string inspector = demo::LinkDemoInspector(
                w.Get<registry::Registry>(), w.Get<inspection::ResultService>(), u.name, u.region);
            if (!inspector.empty())
              std::cout << "    also inspector " << inspector << " (我的任务)\n";
          }
        }
      }
    }
    if (o->generate_only)
      return;
    if (o->server.static_dir.empty()) {
      o->server.static_dir = DefaultStaticDir();
    }
    w.Get<events::EventDispatcher>().Start();  // as `zq serve` does
    OkOrFail(api::ServeForever(*w.app, o->server, [&](int port) {
      const std::string base = "http://" + o->server.host + ":" + std::to_string(port);
      std::cout << "zq demo: serving " << w.db->description() << " at " << base << "/\n"
                << "  curl " << base << "/api/v1/health\n"
                << "  curl " << base << "/api/v1/regions/" << o->province << "/children\n"
                << "  curl '" << base << "/api/v1/entities?name=%E6%B5%8E%E5%8D%97&page_size=5'\n"
                << "  curl '" << base << "/api/v1/entities?region=370100&page=2'\n"
                << "  curl " << base << "/api/v1/openapi.json\n"
                << "Stop with Ctrl-C." << std::endl;
    }));
  });
}

}  // namespace zq::cli
