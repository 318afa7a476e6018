#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/commands/commands.h"
#include "demo/credit_demo.h"
#include "demo/credit_lists_demo.h"
#include "demo/credit_repair_demo.h"
#include "demo/demo_accounts.h"
#include "demo/province_generator.h"
#include "demo/spot_check_demo.h"
#include "demo/spot_check_results_demo.h"

namespace zq::cli {

std::string OneTimePassword();   // user_commands.cc
std::string DefaultStaticDir();  // serve_command.cc

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
  cmd->add_option("--port", o->server.port, "TCP port")->default_val(8080);
  cmd->add_option("--host", o->server.host, "address to listen on")->default_val("127.0.0.1");
  cmd->add_option("--province", o->province, "GB/T 2260 province code")->default_val("370000");
  cmd->add_option("--static", o->server.static_dir, "directory of the built console");
  cmd->add_option("--key-file", o->key_file, "file holding the master key");
  cmd->add_option("--public-origin", o->server.public_origin,
                  "the console's origin when a proxy rewrites Host, e.g. https://zq.example.gov.cn "
                  "(sign-ins from other origins answer 403)");
  cmd->add_option("--login-rate-per-minute", o->server.login_attempts_per_minute,
                  "sign-in attempts allowed per source address and minute")
      ->check(CLI::Range(1, 100000))
      ->default_val(10);
  cmd->add_flag("--generate-only", o->generate_only, "write the demo database and exit");
  cmd->callback([o] {
    Result<Workspace> w = OpenWorkspace(o->db, o->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    demo::DemoOptions options;
    options.province_code = o->province;
    options.scale = *demo::ParseDemoScale(o->scale);
    options.seed = o->seed;
    options.progress = [](std::int64_t done, std::int64_t total) {
      Progress("generating market entities: " + std::to_string(done) + " / " +
               std::to_string(total));
    };
    const auto start = std::chrono::steady_clock::now();
    Result<demo::DemoSummary> s = demo::GenerateProvince(w->services->registry, options);
    ProgressDone();
    if (!s.ok())
      throw CLI::RuntimeError(Fail(s.status()));
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (s->reused) {
      std::cout << "zq demo: " << o->db << " already holds this demo (" << s->entities
                << " market entities)\n";
    } else {
      std::cout << "zq demo: generated " << s->entities << " market entities (" << s->enterprises
                << " enterprises, " << s->individual_businesses << " individual businesses, "
                << s->cooperatives << " cooperatives), " << s->products << " products, "
                << s->catalogue_entries << " catalogue entries, " << s->inspectors
                << " inspectors in " << seconds << " s\n";
      Result<demo::CreditDemoSummary> credit =
          demo::GenerateCreditEvents(w->services->credit, w->services->registry, o->province,
                                     w->services->clock.TodayInChina(), o->seed);
      if (!credit.ok())
        throw CLI::RuntimeError(Fail(credit.status()));
      std::cout << "zq demo: " << credit->events << " credit events (质量信用), " << credit->graded
                << " firms graded\n";
      Result<demo::CreditListsDemoSummary> lists =
          demo::GenerateCreditLists(w->services->db, w->services->registry, w->services->credit,
                                    o->province, w->services->clock.TodayInChina());
      if (!lists.ok())
        throw CLI::RuntimeError(Fail(lists.status()));
      std::cout << "zq demo: serious list (严重违法失信名单) " << lists->serious_listed
                << " listed, " << lists->serious_pending << " awaiting approval, "
                << lists->serious_rejected << " rejected; abnormal list (经营异常名录) "
                << lists->abnormal_listed << " listed, " << lists->abnormal_removed << " removed, "
                << lists->escalated << " escalated; " << lists->publications
                << " penalty decisions for publication, " << lists->published << " published, "
                << lists->retracted << " retracted\n";
      const int year = static_cast<int>(w->services->clock.TodayInChina().year());
      Result<demo::SpotCheckDemoSummary> checks =
          demo::GenerateSpotChecks(w->services->spot_checks, o->province, year);
      if (!checks.ok())
        throw CLI::RuntimeError(Fail(checks.status()));
      std::cout << "zq demo: " << checks->plans << " spot-check plans, " << checks->draws
                << " published draws (双随机) with " << checks->tasks << " tasks\n";
      Result<demo::ResultsDemoSummary> history =
          demo::GenerateSpotCheckResults(w->services->db, w->services->registry, w->services->audit,
                                         w->services->keys.personal_data(), o->province,
                                         w->services->clock.TodayInChina(), o->seed);
      if (!history.ok())
        throw CLI::RuntimeError(Fail(history.status()));
      std::cout << "zq demo: a year of spot-check results: " << history->plans << " plans, "
                << history->batches << " batches sampled, " << history->failed
                << " failed (final), " << history->appeals << " objections/re-tests, "
                << history->published << " published\n";
      // The spot-check results' verdicts and escalations reach the credit file through the
      // domain-event outbox; recording them regrades each firm they touch (incremental rescore).
      Result<std::vector<events::ConsumerStats>> delivered = w->services->events.RunUntilIdle();
      if (!delivered.ok())
        throw CLI::RuntimeError(Fail(delivered.status()));
      for (const events::ConsumerStats& consumer : *delivered) {
        std::cout << "zq demo: " << consumer.delivered << " domain events delivered to "
                  << consumer.consumer << ", " << consumer.dead_lettered << " set aside\n";
      }
      Result<demo::RepairDemoSummary> cases = demo::GenerateRepairCases(
          w->services->repairs, w->services->credit, w->services->registry, o->province);
      if (!cases.ok())
        throw CLI::RuntimeError(Fail(cases.status()));
      std::cout << "zq demo: " << cases->objections << " credit objections (异议: " << cases->upheld
                << " upheld, " << cases->rejected << " rejected), " << cases->repairs
                << " credit repairs (信用修复: " << cases->approved << " approved)\n";
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
        nu.password = OneTimePassword();
        nu.role = u.role;
        nu.region_code = u.region;
        if (w->services->accounts.CreateUser(auth::Caller::System(), nu).ok()) {
          std::cout << "  sign in as " << u.name << " ("
                    << (u.region[0] ? std::string("regulator of ") + u.region : "administrator")
                    << "): password " << nu.password << "\n";
          if (u.region[0] == '\0') {  // the administrator
            std::cout << "    administrators sign in with a second factor: enrol an "
                         "authenticator app (TOTP) at the first sign-in\n";
          }
          if (u.region[0] != '\0') {
            const std::string inspector = demo::LinkDemoInspector(
                w->services->registry, w->services->results, u.name, u.region);
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
    w->services->events.Start();  // as `zq serve` does
    Status served = api::ServeForever(*w->services, o->server, [&](int port) {
      const std::string base = "http://" + o->server.host + ":" + std::to_string(port);
      std::cout << "zq demo: serving " << w->db->description() << " at " << base << "/\n"
                << "  curl " << base << "/api/v1/health\n"
                << "  curl " << base << "/api/v1/regions/" << o->province << "/children\n"
                << "  curl '" << base << "/api/v1/entities?name=%E6%B5%8E%E5%8D%97&page_size=5'\n"
                << "  curl '" << base << "/api/v1/entities?region=370100&page=2'\n"
                << "  curl " << base << "/api/v1/openapi.json\n"
                << "Stop with Ctrl-C." << std::endl;
    });
    if (!served.ok())
      throw CLI::RuntimeError(Fail(served));
  });
}

}  // namespace zq::cli
