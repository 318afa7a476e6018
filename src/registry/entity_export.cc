#include "registry/entity_export.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"

namespace zq::registry {
namespace {

const std::vector<std::string> kHeader = {"uscc",
                                          "name",
                                          "legal_representative",
                                          "region_code",
                                          "industry_code",
                                          "type",
                                          "registered_capital",
                                          "established_on",
                                          "deregistered_on",
                                          "status",
                                          "size",
                                          "address"};

std::vector<std::string> Fields(const MarketEntity& e) {
  return {e.uscc,
          e.name,
          e.legal_representative,
          e.region_code,
          e.industry_code,
          std::string(EntityTypeName(e.type)),
          fmt::format("{}.{:02d}", e.registered_capital_fen / 100, e.registered_capital_fen % 100),
          e.established_on,
          e.deregistered_on.value_or(""),
          std::string(EntityStatusName(e.status)),
          std::string(EntitySizeName(e.size)),
          e.address};
}

}  // namespace

Result<ExportFormat> ParseExportFormat(std::string_view text) {
  if (text == "csv")
    return ExportFormat::kCsv;
  if (text == "xlsx")
    return ExportFormat::kXlsx;
  return Status::InvalidArgument("the format is csv or xlsx", "format");
}

Result<std::size_t> ExportEntities(Registry& registry, const auth::Caller& caller,
                                   const EntityFilter& filter, ExportFormat format,
                                   std::ostream& out) {
  std::size_t rows = 0;
  if (format == ExportFormat::kCsv) {
    out << "\xEF\xBB\xBF" << CsvLine(kHeader);
    ZQ_RETURN_IF_ERROR(registry.ForEachEntity(
        caller, filter,
        [&](const MarketEntity& e) {
          out << CsvLine(Fields(e), FormulaGuard::kOn);
          ++rows;
          return out.good();
        },
        "csv"));
    if (!out.good())
      return Status::Unavailable("writing the export failed");
    return rows;
  }

  // libxlsxwriter writes to a file; build it in a private temporary file and stream it out.
  const std::string path =
      (std::filesystem::temp_directory_path() /
       fmt::format("zq-export-{}-{}.xlsx", ::getpid(), reinterpret_cast<std::uintptr_t>(&rows)))
          .string();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  lxw_workbook* workbook = workbook_new_opt(path.c_str(), &options);
  if (workbook == nullptr)
    return Status::Unavailable("cannot create the XLSX workbook");
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "market_entities");
  for (std::size_t c = 0; c < kHeader.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), kHeader[c].c_str(), nullptr);
  }
  Status too_many;
  Status s = registry.ForEachEntity(
      caller, filter,
      [&](const MarketEntity& e) {
        if (rows >= kMaxXlsxRows) {
          too_many = Status::ResourceExhausted(
              fmt::format("an XLSX export holds at most {} rows: narrow the filter or use CSV",
                          kMaxXlsxRows),
              "format");
          return false;
        }
        const std::vector<std::string> fields = Fields(e);
        ++rows;
        for (std::size_t c = 0; c < fields.size(); ++c) {
          // Strings, never formulas: worksheet_write_string does not interpret "=".
          worksheet_write_string(sheet, static_cast<lxw_row_t>(rows), static_cast<lxw_col_t>(c),
                                 fields[c].c_str(), nullptr);
        }
        return true;
      },
      "xlsx");
  const lxw_error closed = workbook_close(workbook);
  auto cleanup = [&] { std::remove(path.c_str()); };
  if (!s.ok() || !too_many.ok() || closed != LXW_NO_ERROR) {
    cleanup();
    if (!s.ok())
      return s;
    if (!too_many.ok())
      return too_many;
    return Status::Internal(std::string("XLSX: ") + lxw_strerror(closed));
  }
  std::ifstream in(path, std::ios::binary);
  out << in.rdbuf();
  cleanup();
  if (!out.good())
    return Status::Unavailable("writing the export failed");
  return rows;
}

}  // namespace zq::registry
