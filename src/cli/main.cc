// zq: the Zhiqiang (质强) quality-governance platform's one binary.
#include <iostream>

#include <CLI/CLI.hpp>

#include "app/registered_modules.h"
#include "cli/commands/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"质强 Zhiqiang — quality-governance platform (质量强省信息平台)", "zq"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "zq 0.1.0");
  // The modules in build order; a missing dependency or a cycle stops here, naming the modules.
  zq::Result<std::vector<zq::app::Module>> modules =
      zq::app::SortModules(zq::app::RegisteredModules());
  if (!modules.ok()) {
    std::cerr << "zq: " << modules.status().ToString() << "\n";
    return 1;
  }
  zq::cli::UseModules(std::move(modules).value());
  // The platform's commands, then each module's (its manifest names them).
  zq::cli::RegisterServeCommand(app);
  zq::cli::RegisterDemoCommand(app);
  zq::cli::RegisterMigrateCommand(app);
  zq::cli::RegisterValidateCommand(app);
  zq::cli::RegisterUserCommands(app);
  zq::cli::RegisterAuditCommands(app);
  zq::cli::RegisterBackupCommands(app);
  zq::cli::RegisterKeysCommands(app);
  zq::cli::RegisterModulesCommand(app);
  zq::cli::RegisterEventsCommands(app);
  for (const zq::app::Module& module : zq::cli::Modules()) {
    for (const zq::app::CommandGroup& group : module.commands) group.add(app);
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
