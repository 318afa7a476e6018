#include "registry/entity_export.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "registry/internal/entity_columns.h"

namespace zq::registry {
namespace {

// The columns an export writes for `headers`, with their header texts.
struct Layout {
  std::vector<const internal::EntityColumn*> columns;
  std::vector<std::string> header;
};

Layout LayoutFor(ExportHeaders headers) {
  Layout layout;
  for (const internal::EntityColumn& c : internal::kEntityColumns) {
    if (headers == ExportHeaders::kCodes && c.code.empty())
      continue;
    layout.columns.push_back(&c);
    layout.header.emplace_back(HeaderOf(c, headers));
  }
  return layout;
}

std::string Capital(const MarketEntity& e) {
  return fmt::format("{}.{:02d}", e.registered_capital_fen / 100, e.registered_capital_fen % 100);
}

std::string NameOf(const std::map<std::string, std::string, std::less<>>& names,
                   const std::string& code) {
  const auto it = names.find(code);
  return it == names.end() ? std::string() : it->second;
}

// One entity's fields in `layout`'s order.
std::vector<std::string> Fields(const Layout& layout, ExportHeaders headers,
                                const Registry::ReferenceNames& names, const MarketEntity& e) {
  const bool zh = headers == ExportHeaders::kChinese;
  std::vector<std::string> out;
  out.reserve(layout.columns.size());
  for (const internal::EntityColumn* c : layout.columns) {
    const std::string_view n = c->code;
    if (n.empty())
      out.push_back(c->zh == "行政区划" ? NameOf(names.regions, e.region_code)
                                        : NameOf(names.industries, e.industry_code));
    else if (n == "uscc")
      out.push_back(e.uscc);
    else if (n == "name")
      out.push_back(e.name);
    else if (n == "legal_representative")
      out.push_back(e.legal_representative);
    else if (n == "region_code")
      out.push_back(e.region_code);
    else if (n == "industry_code")
      out.push_back(e.industry_code);
    else if (n == "type")
      out.emplace_back(zh ? EntityTypeLabel(e.type) : EntityTypeName(e.type));
    else if (n == "registered_capital")
      out.push_back(Capital(e));
    else if (n == "established_on")
      out.push_back(e.established_on);
    else if (n == "deregistered_on")
      out.push_back(e.deregistered_on.value_or(""));
    else if (n == "status")
      out.emplace_back(zh ? EntityStatusLabel(e.status) : EntityStatusName(e.status));
    else if (n == "size")
      out.emplace_back(zh ? EntitySizeLabel(e.size) : EntitySizeName(e.size));
    else
      out.push_back(e.address);
  }
  return out;
}

}  // namespace

std::string ExportFileName(ExportFormat format, ExportHeaders headers, std::string_view date) {
  return DatedFileName(headers == ExportHeaders::kChinese ? "市场主体" : "market-entities", date,
                       format == ExportFormat::kCsv ? "csv" : "xlsx");
}

Result<ExportFormat> ParseExportFormat(std::string_view text) {
  if (text == "csv")
    return ExportFormat::kCsv;
  if (text == "xlsx")
    return ExportFormat::kXlsx;
  return Status::InvalidArgument("the format is csv or xlsx", "format");
}

Result<std::size_t> ExportEntities(Registry& registry, const auth::Caller& caller,
                                   const EntityFilter& filter, ExportFormat format,
                                   std::ostream& out, ExportHeaders headers) {
  const Layout layout = LayoutFor(headers);
  Registry::ReferenceNames names;
  if (headers != ExportHeaders::kCodes) {
    ZQ_ASSIGN_OR_RETURN(names, registry.AllReferenceNames());
  }
  std::size_t rows = 0;
  if (format == ExportFormat::kCsv) {
    out << "\xEF\xBB\xBF" << CsvLine(layout.header);
    ZQ_RETURN_IF_ERROR(registry.ForEachEntity(
        caller, filter,
        [&](const MarketEntity& e) {
          out << CsvLine(Fields(layout, headers, names, e), FormulaGuard::kOn);
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
  lxw_worksheet* sheet = workbook_add_worksheet(
      workbook, headers == ExportHeaders::kChinese ? "市场主体" : "market_entities");
  for (std::size_t c = 0; c < layout.header.size(); ++c) {
    worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), layout.header[c].c_str(), nullptr);
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
        const std::vector<std::string> fields = Fields(layout, headers, names, e);
        ++rows;
        for (std::size_t c = 0; c < fields.size(); ++c) {
          const auto row = static_cast<lxw_row_t>(rows);
          const auto col = static_cast<lxw_col_t>(c);
          if (layout.columns[c]->code == "registered_capital") {
            worksheet_write_number(sheet, row, col,
                                   static_cast<double>(e.registered_capital_fen) / 100.0, nullptr);
            continue;
          }
          // Strings, never formulas: worksheet_write_string does not interpret "=".
          worksheet_write_string(sheet, row, col, fields[c].c_str(), nullptr);
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
