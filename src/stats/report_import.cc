// 统计报表 from a file (report_store.h, ReportStore::FileTable): an office's CSV or XLSX of its
// firms' figures, a row a firm, filed for each firm as one filing (代填) or its revision.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/table_file.h"
#include "stats/report_store.h"

namespace zq::stats {

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
      Result<std::vector<std::string>> header = ParseSheetHeader(*form, record.fields);
      if (!header.ok()) {
        failure = header.status();
        return false;
      }
      columns = *std::move(header);
      return true;
    }
    ++report.rows_read;
    if (!record.error.ok()) {
      reject(record.line, record.error);
      return true;
    }
    const Result<SheetRow> row = ParseSheetRow(*form, columns, record.fields);
    if (!row.ok()) {
      reject(record.line, row.status());
      return true;
    }
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [code, v] : row->values) values[code] = v;
    const Result<ReportFiling> filed =
        File(caller, form->code, period, row->uscc, values, row->reason);
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
  const std::vector<std::string> header = SheetHeaders(*form);
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
    std::vector<std::string> row(header.size());  // 统一社会信用代码, 企业名称, figures blank
    row[0] = uscc;
    row[1] = name;
    out += CsvLine(row, FormulaGuard::kOn);
  }
  return out;
}

}  // namespace zq::stats
