#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "registry/entity_export.h"
#include "registry/entity_import.h"
#include "registry/inspector_import.h"
#include "registry/registry.h"

namespace zq::cli {

namespace {

void PrintImportReport(const std::string& file, const registry::ImportReport& r, bool json) {
  if (json) {
    std::cout << registry::ImportReportJson(r).dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace)
              << "\n";
    return;
  }
  for (const auto& e : r.errors) {
    std::cout << file << ":" << e.line << ": " << e.field << ": " << e.message << "\n";
  }
  std::cout << r.rows_read << " rows read: " << r.inserted << " inserted, " << r.updated
            << " updated, " << r.unchanged << " unchanged, " << r.rejected << " rejected\n";
}

}  // namespace

void RunImport(const WorkspaceOptions& options, const std::string& file, const ImportFn& import) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    FailCommand(Status::InvalidArgument("cannot read " + file, "file"), options.json);
  Workspace w = OpenWorkspaceOrFail(options);
  registry::ImportOptions progress;
  progress.progress = [](std::size_t rows) {
    Progress("imported " + std::to_string(rows) + " rows");
  };
  Result<registry::ImportReport> r = import(w, in, progress);
  ProgressDone();
  const registry::ImportReport report = ValueOrFail(std::move(r), options.json);
  PrintImportReport(file, report, options.json);
  if (report.rejected > 0)
    throw CLI::RuntimeError(1);
}

void RegisterImportExportCommands(CLI::App& app) {
  struct ImportOptions : WorkspaceOptions {
    std::string file;
  };

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* import = app.add_subcommand("import", "Import records from CSV or XLSX");
  import->require_subcommand(1);
  // Both imports: a file and the workspace's options; `import_file` reads it into the registry.
  using RegistryImport = Result<registry::ImportReport> (*)(
      registry::Registry&, const auth::Caller&, std::istream&, const registry::ImportOptions&);
  const auto add_import = [&](const char* name, const char* description,
                              RegistryImport import_file) {
    CLI::App* cmd = import->add_subcommand(name, description);
    cmd->add_option("file", imp->file,
                    "CSV (UTF-8, header row) or XLSX file (first sheet, header row)")
        ->required();
    AddWorkspaceOptions(cmd, *imp);
    cmd->callback([imp, import_file] {
      RunImport(*imp, imp->file,
                [import_file](Workspace& w, std::istream& in, const registry::ImportOptions& o) {
                  return import_file(w.Get<registry::Registry>(), auth::Caller::System(), in, o);
                });
    });
  };
  add_import("entities",
             "Import market entities: good rows kept, each bad row reported; idempotent",
             &registry::ImportEntities);
  add_import("inspectors",
             "Import the inspector pool (执法检查人员名录库): inspector_id, name, unit, "
             "region_code, qualifications (a;b), active, username; bad rows reported; idempotent",
             &registry::ImportInspectors);

  struct ExportOptions : WorkspaceOptions {
    std::string format = "csv";
    std::string headers = "codes";
    std::string out;
    registry::EntityFilter filter;
  };

  auto exp = std::make_shared<ExportOptions>();
  CLI::App* exporter = app.add_subcommand("export", "Export records to CSV or XLSX");
  exporter->require_subcommand(1);
  CLI::App* ex = exporter->add_subcommand("entities", "Export market entities");
  AddWorkspaceOptions(ex, *exp, JsonFlag::kNone);
  ex->add_option("--format", exp->format, "csv | xlsx")->check(CLI::IsMember({"csv", "xlsx"}));
  ex->add_option("--out", exp->out, "output file")->required();
  ex->add_option("--headers", exp->headers,
                 "codes (default: machine names and code values) | zh (Chinese headers and labels, "
                 "names beside codes) | en")
      ->check(CLI::IsMember({"codes", "zh", "en"}));
  ex->add_option("--region", exp->filter.region_code, "a region and its subtree");
  ex->add_option("--name", exp->filter.name_contains, "a fragment of the name");
  ex->add_option("--industry", exp->filter.industry_code, "an industry and its subtree");
  ex->callback([exp] {
    Workspace w = OpenWorkspaceOrFail(*exp);
    std::ofstream out(exp->out, std::ios::binary | std::ios::trunc);
    if (!out)
      FailCommand(Status::InvalidArgument("cannot write " + exp->out, "out"));
    const registry::ExportFormat format = ValueOrFail(registry::ParseExportFormat(exp->format));
    const registry::ExportHeaders headers = ValueOrFail(registry::ParseExportHeaders(exp->headers));
    const std::size_t n = ValueOrFail(registry::ExportEntities(
        w.Get<registry::Registry>(), auth::Caller::System(), exp->filter, format, out, headers));
    std::cout << n << " entities written to " << exp->out << "\n";
  });
}

}  // namespace zq::cli
