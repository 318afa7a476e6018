#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.h"
#include "registry/entity_export.h"
#include "registry/entity_import.h"
#include "registry/inspector_import.h"
#include "registry/registry.h"

namespace zq::cli {

int PrintImportReport(const std::string& file, const registry::ImportReport& r,
                      OutputFormat format) {
  if (format == OutputFormat::kJson) {
    std::cout << registry::ImportReportJson(r).dump(-1, ' ', false,
                                                    nlohmann::json::error_handler_t::replace)
              << "\n";
  } else {
    for (const auto& e : r.errors) {
      std::cout << file << ":" << e.line << ": " << e.field << ": " << e.message << "\n";
    }
    std::cout << r.rows_read << " rows read: " << r.inserted << " inserted, " << r.updated
              << " updated, " << r.unchanged << " unchanged, " << r.rejected << " rejected\n";
  }
  return r.rejected > 0 ? 1 : 0;
}

void RegisterImportExportCommands(CLI::App& app) {
  struct ImportOptions {
    std::string db;
    std::string key_file;
    std::string file;
    bool json = false;
  };

  auto imp = std::make_shared<ImportOptions>();
  CLI::App* import = app.add_subcommand("import", "Import records from CSV or XLSX");
  import->require_subcommand(1);
  CLI::App* entities = import->add_subcommand(
      "entities", "Import market entities: good rows kept, each bad row reported; idempotent");
  entities
      ->add_option("file", imp->file,
                   "CSV (UTF-8, header row) or XLSX file (first sheet, header row)")
      ->required();
  entities->add_option("--db", imp->db, "SQLite file path or postgresql:// URI")->required();
  entities->add_option("--key-file", imp->key_file, "file holding the master key");
  entities->add_flag("--json", imp->json, "print the report as JSON");
  // Both imports: open the file and the workspace, run `import`, print its report.
  using ImportFn = Result<registry::ImportReport> (*)(
      registry::Registry&, const auth::Caller&, std::istream&, const registry::ImportOptions&);
  const auto run = [imp](ImportFn import_file) {
    std::ifstream in(imp->file, std::ios::binary);
    if (!in)
      throw CLI::RuntimeError(
          Fail(Status::InvalidArgument("cannot read " + imp->file, "file"), imp->json));
    Result<Workspace> w = OpenWorkspace(imp->db, imp->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status(), imp->json));
    registry::ImportOptions options;
    options.progress = [](std::size_t rows) {
      Progress("imported " + std::to_string(rows) + " rows");
    };
    Result<registry::ImportReport> r =
        import_file(w->Get<registry::Registry>(), auth::Caller::System(), in, options);
    ProgressDone();
    if (!r.ok())
      throw CLI::RuntimeError(Fail(r.status(), imp->json));
    if (PrintImportReport(imp->file, *r, FormatOf(imp->json)) != 0)
      throw CLI::RuntimeError(1);
  };
  entities->callback([run] { run(&registry::ImportEntities); });

  CLI::App* inspectors = import->add_subcommand(
      "inspectors",
      "Import the inspector pool (执法检查人员名录库): inspector_id, name, unit, region_code, "
      "qualifications (a;b), active, username; bad rows reported; idempotent");
  inspectors
      ->add_option("file", imp->file,
                   "CSV (UTF-8, header row) or XLSX file (first sheet, header row)")
      ->required();
  inspectors->add_option("--db", imp->db, "SQLite file path or postgresql:// URI")->required();
  inspectors->add_option("--key-file", imp->key_file, "file holding the master key");
  inspectors->add_flag("--json", imp->json, "print the report as JSON");
  inspectors->callback([run] { run(&registry::ImportInspectors); });

  struct ExportOptions {
    std::string db;
    std::string key_file;
    std::string format = "csv";
    std::string out;
    registry::EntityFilter filter;
  };

  auto exp = std::make_shared<ExportOptions>();
  CLI::App* exporter = app.add_subcommand("export", "Export records to CSV or XLSX");
  exporter->require_subcommand(1);
  CLI::App* ex = exporter->add_subcommand("entities", "Export market entities");
  ex->add_option("--db", exp->db, "SQLite file path or postgresql:// URI")->required();
  ex->add_option("--key-file", exp->key_file, "file holding the master key");
  ex->add_option("--format", exp->format, "csv | xlsx")->check(CLI::IsMember({"csv", "xlsx"}));
  ex->add_option("--out", exp->out, "output file")->required();
  ex->add_option("--region", exp->filter.region_code, "a region and its subtree");
  ex->add_option("--name", exp->filter.name_contains, "a fragment of the name");
  ex->add_option("--industry", exp->filter.industry_code, "an industry and its subtree");
  ex->callback([exp] {
    Result<Workspace> w = OpenWorkspace(exp->db, exp->key_file);
    if (!w.ok())
      throw CLI::RuntimeError(Fail(w.status()));
    std::ofstream out(exp->out, std::ios::binary | std::ios::trunc);
    if (!out)
      throw CLI::RuntimeError(Fail(Status::InvalidArgument("cannot write " + exp->out, "out")));
    Result<registry::ExportFormat> format = registry::ParseExportFormat(exp->format);
    if (!format.ok())
      throw CLI::RuntimeError(Fail(format.status()));
    Result<std::size_t> n = registry::ExportEntities(
        w->Get<registry::Registry>(), auth::Caller::System(), exp->filter, *format, out);
    if (!n.ok())
      throw CLI::RuntimeError(Fail(n.status()));
    std::cout << *n << " entities written to " << exp->out << "\n";
  });
}

}  // namespace zq::cli
