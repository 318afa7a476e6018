#pragma once

#include <functional>

#include "core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace zq::stats {

// zq stats plspm | composite: the statistical engines over files, without a database (issue 20:
// the shapes of their inputs and of --json are fixed, scripts rely on them). stats_commands.cc.
// `fail` ends the running command with a status (the manifest passes cli::FailCommand: stderr,
// or {"error": …} on stdout with --json; exit status 2 for kInvalidArgument); it does not return.
using FailFn = std::function<void(const Status& status, bool as_json)>;
void RegisterStatsCommands(CLI::App& app, FailFn fail);

}  // namespace zq::stats
