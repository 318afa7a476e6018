// zq events run|status|retry: the domain-event loop by hand. `zq serve` delivers events in the
// background; `run` delivers everything pending and exits (batch use, cron, after an import),
// `status` shows each consumer's cursor, lag and dead letters, `retry` redelivers a dead letter.
#include <iostream>

#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/app.h"
#include "auth/caller.h"
#include "cli/commands/commands.h"
#include "events/dispatcher.h"
#include "events/events_json.h"

namespace zq::cli {
void RegisterEventsCommands(CLI::App& app) {
  struct Options {
    std::string db;
    std::string key_file;
    std::int64_t id = 0;
    bool json = false;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group = app.add_subcommand("events", "Deliver domain events to their consumers");
  group->require_subcommand(1);
  auto add_common = [opts](CLI::App* cmd) {
    cmd->add_option("--db", opts->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", opts->key_file, "file holding the master key");
    cmd->add_flag("--json", opts->json, "one JSON object");
  };
  auto open = [opts] {
    Result<Workspace> w = OpenWorkspace(opts->db, opts->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), opts->json));
    return std::move(*w);
  };

  CLI::App* run = group->add_subcommand(
      "run", "Deliver every pending event and exit (exit status 1 if a consumer could not)");
  add_common(run);
  run->callback([opts, open] {
    Workspace w = open();
    Result<std::vector<events::ConsumerStats>> stats =
        w.Get<events::EventDispatcher>().RunUntilIdle();
    if (!stats.ok())
      throw CLI::RuntimeError(Fail(stats.status(), opts->json));
    bool failed = false;
    nlohmann::json out = nlohmann::json::array();
    for (const events::ConsumerStats& s : *stats) {
      failed = failed || !s.error.empty();
      out.push_back(events::ToJson(s));
      if (!opts->json) {
        std::cout << s.consumer << ": delivered " << s.delivered << ", dead-lettered "
                  << s.dead_lettered << ", cursor " << s.cursor << ", lag " << s.lag
                  << (s.error.empty() ? "" : ", stopped: " + s.error) << "\n";
      }
    }
    if (opts->json)
      std::cout << nlohmann::json{{"consumers", out}}.dump() << "\n";
    if (failed)
      throw CLI::RuntimeError(1);
  });

  CLI::App* status = group->add_subcommand("status", "Consumers' cursor and lag, dead letters");
  add_common(status);
  status->callback([opts, open] {
    Workspace w = open();
    Result<std::vector<events::ConsumerState>> consumers =
        w.Get<events::EventDispatcher>().Consumers();
    Result<std::vector<events::DeadLetter>> letters =
        w.Get<events::EventDispatcher>().DeadLetters(1000);
    if (!consumers.ok() || !letters.ok()) {
      throw CLI::RuntimeError(
          Fail(consumers.ok() ? letters.status() : consumers.status(), opts->json));
    }
    nlohmann::json c = nlohmann::json::array();
    nlohmann::json d = nlohmann::json::array();
    for (const events::ConsumerState& s : *consumers) {
      c.push_back(events::ToJson(s));
      if (!opts->json) {
        std::cout << s.consumer << ": cursor " << s.cursor << ", lag " << s.lag << ", dead letters "
                  << s.dead_letters << "\n";
      }
    }
    for (const events::DeadLetter& l : *letters) {
      d.push_back(events::ToJson(l));
      if (!opts->json) {
        std::cout << "dead letter " << l.id << ": " << l.consumer << " event " << l.seq << " ("
                  << l.kind << " " << l.source_id << "), " << l.attempts << " attempts, "
                  << l.last_error << "\n";
      }
    }
    if (opts->json)
      std::cout << nlohmann::json{{"consumers", c}, {"dead_letters", d}}.dump() << "\n";
  });

  CLI::App* retry = group->add_subcommand(
      "retry", "Redeliver a dead letter (exit status 1 if its consumer fails again)");
  add_common(retry);
  retry->add_option("--id", opts->id, "the dead letter (zq events status lists them)")->required();
  retry->callback([opts, open] {
    Workspace w = open();
    Result<events::Redelivery> r = w.Get<events::EventDispatcher>().Redeliver(
        opts->id, api::AuditRedelivery(w.app->context().audit(), auth::Caller::System()));
    if (!r.ok())
      throw CLI::RuntimeError(Fail(r.status(), opts->json));
    if (opts->json) {
      std::cout << nlohmann::json{{"id", opts->id},
                                  {"delivered", r->delivered},
                                  {"error", r->error}}
                       .dump()
                << "\n";
    } else if (r->delivered) {
      std::cout << "dead letter " << opts->id << " delivered\n";
    } else {
      std::cout << "dead letter " << opts->id << " failed again: " << r->error << "\n";
    }
    if (!r->delivered)
      throw CLI::RuntimeError(1);
  });
}

}  // namespace zq::cli
