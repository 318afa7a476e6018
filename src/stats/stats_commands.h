#pragma once

namespace CLI {
class App;
}  // namespace CLI

namespace zq::stats {

// zq stats plspm | composite: the statistical engines over files, without a database (issue 20:
// the shapes of their inputs and of --json are fixed, scripts rely on them). stats_commands.cc.
void RegisterStatsCommands(CLI::App& app);

}  // namespace zq::stats
