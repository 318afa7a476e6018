// 统计报表 from a file (report_store.h, ReportStore::FileTable): an office's CSV or XLSX of its
// firms' figures, a row a firm, filed for each firm as one filing (代填) or its revision.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/table_file.h"
#include "stats/report_store.h"

namespace zq::stats {
namespace {

constexpr std::string_view kUsccColumns[] = {"uscc", "统一社会信用代码"};
constexpr std::string_view kReasonColumns[] = {"reason", "更正原因"};
// A firm's name beside its USCC, as the template writes it: read and ignored.
constexpr std::string_view kNameColumns[] = {"name", "企业名称"};

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.pop_back();
  const std::size_t start = text.find_first_not_of(" \t");
  return start == std::string::npos ? std::string() : text.substr(start);
}

// What a header names: "uscc", "reason", a figure's code, or "" for nothing the form knows. A
// figure is named by its code or its Chinese name.
std::string ColumnOf(const ReportForm& form, const std::string& header) {
  for (std::string_view name : kUsccColumns) {
    if (header == name)
      return "uscc";
  }
  for (std::string_view name : kReasonColumns) {
    if (header == name)
      return "reason";
  }
  for (std::string_view name : kNameColumns) {
    if (header == name)
      return "name";
  }
  for (const FormField& f : form.fields) {
    if (header == f.code || header == f.name_zh)
      return f.code;
  }
  return "";
}

}  // namespace

Result<registry::ImportReport> ReportStore::FileTable(const auth::Caller& caller,
                                                      std::string_view form_code,
                                                      std::string_view period, std::istream& in) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("offices file report forms from a file for their firms");
  ZQ_ASSIGN_OR_RETURN(const ReportForm* form, FindReportForm(form_code));
  ZQ_RETURN_IF_ERROR(ParseReportPeriod(*form, period).status());
  registry::ImportReport report;
  std::vector<std::string> columns;  // by position: what each names
  Status failure;
  const auto reject = [&](std::size_t line, const Status& why) {
    ++report.rejected;
    report.errors.push_back(
        {line, why.field(), std::string(StatusCodeName(why.code())), why.message()});
  };
  ZQ_RETURN_IF_ERROR(ReadTableFile(in, [&](CsvRecord& record) {
    if (columns.empty()) {
      for (const std::string& header : record.fields) {
        const std::string column = ColumnOf(*form, Trimmed(header));
        if (column.empty()) {
          failure = Status::InvalidArgument("unknown column '" + Trimmed(header).substr(0, 40) +
                                                "' (uscc, name, reason, or a figure)",
                                            "header");
          return false;
        }
        if (std::find(columns.begin(), columns.end(), column) != columns.end()) {
          failure = Status::InvalidArgument("column '" + column + "' appears twice", "header");
          return false;
        }
        columns.push_back(column);
      }
      if (std::find(columns.begin(), columns.end(), "uscc") == columns.end()) {
        failure = Status::InvalidArgument("missing column 'uscc' (统一社会信用代码)", "header");
        return false;
      }
      return true;
    }
    ++report.rows_read;
    if (!record.error.ok()) {
      reject(record.line, record.error);
      return true;
    }
    std::string uscc, reason;
    nlohmann::json values = nlohmann::json::object();
    for (std::size_t i = 0; i < columns.size() && i < record.fields.size(); ++i) {
      const std::string cell = Trimmed(record.fields[i]);
      if (columns[i] == "uscc") {
        uscc = cell;
      } else if (columns[i] == "reason") {
        reason = cell;
      } else if (columns[i] == "name") {
        continue;  // the template's reminder of who the row is
      } else if (!cell.empty()) {
        double v = 0;
        const auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
        if (ec != std::errc() || end != cell.data() + cell.size() || !std::isfinite(v)) {
          reject(record.line,
                 Status::InvalidArgument(columns[i] + " is a number (" + form->unit + ")",
                                         "values." + columns[i]));
          return true;
        }
        values[columns[i]] = v;
      }
    }
    const Result<ReportFiling> filed = File(caller, form->code, period, uscc, values, reason);
    if (!filed.ok()) {
      reject(record.line, filed.status());
      return true;
    }
    ++(filed->revision == 1 ? report.inserted : report.updated);
    return true;
  }));
  ZQ_RETURN_IF_ERROR(failure);
  if (columns.empty())
    return Status::InvalidArgument("the file is empty: a header row is needed", "header");
  return report;
}

Result<std::string> ReportStore::Template(const auth::Caller& caller, std::string_view form_code,
                                          std::string_view period) const {
  ZQ_ASSIGN_OR_RETURN(const ReportForm* form, FindReportForm(form_code));
  ZQ_ASSIGN_OR_RETURN(const ReportPeriod parsed, ParseReportPeriod(*form, period));
  std::vector<std::string> header = {"统一社会信用代码", "企业名称"};
  for (const FormField& f : form->fields) header.push_back(f.name_zh);
  header.push_back("更正原因");
  std::string out = "\xEF\xBB\xBF" + CsvLine(header);  // the BOM: spreadsheets then read UTF-8
  std::vector<std::pair<std::string, std::string>> firms;
  if (caller.CanWrite()) {
    ZQ_ASSIGN_OR_RETURN(const PanelStatus panel,
                        Panel(caller, form->code, parsed.label, std::nullopt));
    for (const PanelMember& m : panel.members) {
      if (m.state == "due" || m.state == "overdue")
        firms.emplace_back(m.uscc, m.name);
    }
  } else if (!caller.uscc.empty()) {
    firms.emplace_back(caller.uscc, "");
  }
  for (const auto& [uscc, name] : firms) {
    std::vector<std::string> row(header.size());
    row[0] = uscc;
    row[1] = name;
    out += CsvLine(row, FormulaGuard::kOn);
  }
  return out;
}

}  // namespace zq::stats
