// 统计报表's sheet of figures, a row a firm (report_forms.h): what its header row names, one row's
// USCC, reason and figures, and the header row of the sheet to fill in. Pure: FileTable files the
// rows, Template writes the sheet (report_import.cc).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "stats/report_forms.h"

namespace zq::stats {
namespace {

constexpr std::string_view kUsccColumns[] = {"uscc", "统一社会信用代码"};
constexpr std::string_view kNameColumns[] = {"name", "企业名称"};
constexpr std::string_view kReasonColumns[] = {"reason", "更正原因"};

std::string TrimmedCell(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos)
    return "";
  const std::size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

// "uscc", "name", "reason", a figure's code, or "" for nothing the form knows.
std::string ColumnOf(const ReportForm& form, std::string_view header) {
  const auto named = [&](std::span<const std::string_view> names) {
    return std::find(names.begin(), names.end(), header) != names.end();
  };
  if (named(kUsccColumns))
    return "uscc";
  if (named(kNameColumns))
    return "name";
  if (named(kReasonColumns))
    return "reason";
  for (const FormField& f : form.fields) {
    if (header == f.code || header == f.name_zh)
      return f.code;
  }
  return "";
}

}  // namespace

Result<std::vector<std::string>> ParseSheetHeader(const ReportForm& form,
                                                  std::span<const std::string> headers) {
  std::vector<std::string> columns;
  for (const std::string& header : headers) {
    const std::string text = TrimmedCell(header);
    const std::string column = ColumnOf(form, text);
    if (column.empty()) {
      return Status::InvalidArgument(
          "unknown column '" + text.substr(0, 40) + "' (uscc, name, reason, or a figure)",
          "header");
    }
    if (std::find(columns.begin(), columns.end(), column) != columns.end())
      return Status::InvalidArgument("column '" + column + "' appears twice", "header");
    columns.push_back(column);
  }
  if (std::find(columns.begin(), columns.end(), "uscc") == columns.end())
    return Status::InvalidArgument("missing column 'uscc' (统一社会信用代码)", "header");
  return columns;
}

Result<SheetRow> ParseSheetRow(const ReportForm& form, std::span<const std::string> columns,
                               std::span<const std::string> fields) {
  SheetRow row;
  for (std::size_t i = 0; i < columns.size() && i < fields.size(); ++i) {
    const std::string cell = TrimmedCell(fields[i]);
    if (columns[i] == "uscc") {
      row.uscc = cell;
    } else if (columns[i] == "reason") {
      row.reason = cell;
    } else if (columns[i] != "name" && !cell.empty()) {  // a name only reminds who the row is
      double v = 0;
      const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v)) {
        return Status::InvalidArgument(columns[i] + " is a number (" + form.unit + ")",
                                       "values." + columns[i]);
      }
      row.values[columns[i]] = v;
    }
  }
  return row;
}

std::vector<std::string> SheetHeaders(const ReportForm& form) {
  std::vector<std::string> header = {std::string(kUsccColumns[1]), std::string(kNameColumns[1])};
  for (const FormField& f : form.fields) header.push_back(f.name_zh);
  header.emplace_back(kReasonColumns[1]);
  return header;
}

}  // namespace zq::stats
