// zq events run|status|retry: the domain-event loop by hand. `zq serve` delivers events in the
// background; `run` delivers everything pending and exits (batch use, cron, after an import),
// `status` shows each consumer's cursor, lag and dead letters, `retry` redelivers a dead letter.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/app.h"
#include "auth/caller.h"
#include "cli/commands/commands.h"
#include "events/dispatcher.h"
#include "events/events_json.h"

namespace zq::cli {
void RegisterEventsCommands(CLI::App& app) {
  struct Options : WorkspaceOptions {
    std::int64_t id = 0;
  };

  auto opts = std::make_shared<Options>();
  CLI::App* group = app.add_subcommand("events", "Deliver domain events to their consumers");
  group->require_subcommand(1);

  CLI::App* run = group->add_subcommand(
      "run", "Deliver every pending event and exit (exit status 1 if a consumer could not)");
  AddWorkspaceOptions(run, *opts);
  run->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const std::vector<events::ConsumerStats> stats =
        ValueOrFail(w.Get<events::EventDispatcher>().RunUntilIdle(), opts->json);
    bool failed = false;
    nlohmann::json out = nlohmann::json::array();
    for (const events::ConsumerStats& s : stats) {
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
  AddWorkspaceOptions(status, *opts);
  status->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
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
  AddWorkspaceOptions(retry, *opts);
  retry->add_option("--id", opts->id, "the dead letter (zq events status lists them)")->required();
  retry->callback([opts] {
    Workspace w = OpenWorkspaceOrFail(*opts);
    const events::Redelivery r = ValueOrFail(
        w.Get<events::EventDispatcher>().Redeliver(
            opts->id, api::AuditRedelivery(w.app->context().audit(), auth::Caller::System())),
        opts->json);
    PrintResult({{"id", opts->id}, {"delivered", r.delivered}, {"error", r.error}},
                r.delivered ? fmt::format("dead letter {} delivered\n", opts->id)
                            : fmt::format("dead letter {} failed again: {}\n", opts->id, r.error),
                opts->json);
    if (!r.delivered)
      throw CLI::RuntimeError(1);
  });
}

}  // namespace zq::cli
