// zq: the Zhiqiang (质强) quality-governance platform's one binary.
#include <CLI/CLI.hpp>

#include "cli/commands/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"质强 Zhiqiang — quality-governance platform (质量强省信息平台)", "zq"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "zq 0.1.0");
  zq::cli::RegisterServeCommand(app);
  zq::cli::RegisterDemoCommand(app);
  zq::cli::RegisterMigrateCommand(app);
  zq::cli::RegisterImportExportCommands(app);
  zq::cli::RegisterRegistryCommands(app);
  zq::cli::RegisterValidateCommand(app);
  zq::cli::RegisterUserCommands(app);
  zq::cli::RegisterAuditCommands(app);
  zq::cli::RegisterBackupCommands(app);
  zq::cli::RegisterKeysCommands(app);
  zq::cli::RegisterInspectionCommands(app);
  zq::cli::RegisterApiKeyCommands(app);
  zq::cli::RegisterCreditCommands(app);
  zq::cli::RegisterEventsCommands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}
