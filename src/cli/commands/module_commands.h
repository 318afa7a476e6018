#pragma once

// The command groups the modules' manifests name (src/<module>/module.cc); each adds one `zq`
// subcommand with its verbs. Light on purpose: a manifest includes it without CLI11.
namespace CLI {
class App;
}  // namespace CLI

namespace zq::cli {

void RegisterApiKeyCommands(CLI::App& app);        // auth: zq apikey add|list|revoke
void RegisterRegistryCommands(CLI::App& app);      // registry: zq registry region|children|…
void RegisterImportExportCommands(CLI::App& app);  // registry: zq import …, zq export entities
void RegisterInspectionCommands(CLI::App& app);    // inspection: zq inspection verify-draw|draw
void RegisterCreditCommands(CLI::App& app);        // credit: zq credit show|rescore|sweep|import

}  // namespace zq::cli
