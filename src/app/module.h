#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "app/workbench.h"
#include "core/result.h"
#include "store/domain_events.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::api {
class Router;
struct ServerOptions;
}  // namespace zq::api

// A module's manifest: what the composition root (app.h) needs to know of a domain module to build
// it, serve it, offer its commands and run its demo. Each module with a `module.cc` defines one,
// `zq::<module>::Manifest()`; the list of them is generated from ZQ_MODULES in the top-level
// CMakeLists.txt (app/registered_modules.h).
namespace zq::app {

class Context;

// A group of HTTP routes the module adds to the server, after the platform's own (health,
// OpenAPI). The functions may live in api/routes/ or in the module's folder.
struct RouteGroup {
  std::string name;  // e.g. "credit.lists": for `zq modules` and messages
  std::function<void(api::Router& router, Context& context, const api::ServerOptions& options)> add;
};

// A route group whose function needs no server options, e.g.
// app::Routes("credit.lists", api::AddCreditListRoutes).
inline RouteGroup Routes(std::string name, void (*add)(api::Router&, Context&)) {
  return {std::move(name), [add](api::Router& router, Context& ctx, const api::ServerOptions&) {
            add(router, ctx);
          }};
}

// A group of `zq` subcommands. A command that runs builds the app through cli::OpenWorkspace
// (src/cli/commands/commands.h), from the modules main.cc registered.
struct CommandGroup {
  std::string name;  // the subcommand it adds, e.g. "credit"
  std::function<void(CLI::App& cli)> add;
};

// What `zq demo` asks for; every demo step gets it.
struct DemoRun {
  std::string province_code = "370000";  // GB/T 2260 province
  std::string scale = "small";           // small | city | province
  std::uint64_t seed = 0;
  std::string database;         // as the user named it (--db), for messages
  std::ostream* out = nullptr;  // where the steps print their one-line summaries (not null)
  // Progress of long steps (e.g. entity generation), then its end; may be empty.
  std::function<void(std::int64_t done, std::int64_t total)> progress;
  std::function<void()> progress_done;
};

// kRecords steps run first, module by module in build order; then the caller lets the domain-event
// consumers catch up; then the kAfterEvents steps run (e.g. objections against credit events that
// spot-check verdicts made).
enum class DemoStage { kRecords, kAfterEvents };

// kStop: the database already holds this demo; the remaining steps are skipped.
enum class DemoNext { kContinue, kStop };

struct DemoStep {
  std::string name;  // e.g. "credit lists"
  DemoStage stage = DemoStage::kRecords;
  std::function<Result<DemoNext>(Context& context, const DemoRun& run)> run;
};

struct Module {
  std::string name;                     // the folder's name, e.g. "credit"
  std::vector<std::string> depends_on;  // modules built before this one, e.g. {"auth", "registry"}
  // Constructs the module's services into the context (Context::Emplace), after those of its
  // dependencies; may be empty (a module without services).
  std::function<Status(Context& context)> build;
  // Readies the migrated database for the services before they serve (App::Start), e.g. the
  // registry loads its reference data; may be empty.
  std::function<Status(Context& context)> start;
  // The domain-event kinds it publishes (store/domain_events.h), each "<name>.<fact>"; their
  // payloads are documented in the module's README. Checked at start against the consumers.
  std::vector<std::string> publishes;
  // The consumers of other modules' events it runs, made from its services once they are built
  // (the event dispatcher runs them); may be empty.
  std::function<std::vector<store::DomainEventConsumer>(Context& context)> consumers;
  std::vector<RouteGroup> routes;
  std::vector<CommandGroup> commands;
  std::vector<DemoStep> demo;
  // What it puts on the 工作台 (workbench.h): its kinds of to-do and its key indicators.
  std::vector<TodoSource> todos;
  std::vector<KpiSource> kpis;
  // Key indicators read together (listed after `kpis`), e.g. shares of one distribution.
  std::vector<KpiGroup> kpi_groups;
};

}  // namespace zq::app
