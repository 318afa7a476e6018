#include "trace/trace_export.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <variant>

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "core/csv.h"
#include "trace/internal/export_labels.h"

namespace zq::trace {
namespace {

using nlohmann::json;

json FirmJson(const Firm& f) {
  if (!f)
    return nullptr;
  return {{"uscc", f->uscc}, {"name", f->name}, {"regionCode", f->region_code}};
}

json QuantityJson(const std::optional<double>& q) { return q ? json(*q) : json(nullptr); }

std::string FirmField(const Firm& f, std::string Party::*field) {
  return f ? (*f).*field : std::string();
}

// One sheet of the workbook: a header and rows of text or numbers.
using Cell = std::variant<std::string, double>;

struct Sheet {
  std::string name;
  std::vector<std::string> header;
  std::vector<std::vector<Cell>> rows;
};

Cell QuantityCell(const std::optional<double>& q) { return q ? Cell(*q) : Cell(std::string()); }

// A cell as CSV writes it: a number in its shortest form (1000, 2.5).
std::string CellText(const Cell& c) {
  const double* n = std::get_if<double>(&c);
  return n ? fmt::format("{}", *n) : std::get<std::string>(c);
}

using internal::TraceColumn;

// What a layout writes: its headers and sheet names, and each value as people or scripts read it.
// Rows are built with every column; Keep drops the columns only people get.
class Layout {
 public:
  explicit Layout(const TraceExportOptions& options) : o_(options) {}

  template <std::size_t N>
  std::vector<std::string> Header(const std::array<TraceColumn, N>& columns) const {
    std::vector<std::string> out;
    for (const TraceColumn& c : columns) {
      if (people() || !c.code.empty())
        out.emplace_back(HeaderOf(c, o_.headers));
    }
    return out;
  }

  template <std::size_t N>
  std::vector<Cell> Keep(const std::array<TraceColumn, N>& columns, std::vector<Cell> row) const {
    if (people())
      return row;
    std::vector<Cell> out;
    for (std::size_t i = 0; i < N && i < row.size(); ++i) {
      if (!columns[i].code.empty())
        out.push_back(std::move(row[i]));
    }
    return out;
  }

  std::string SheetName(std::string_view code_name, std::string_view zh_name,
                        std::string_view en_name) const {
    return std::string(zh() ? zh_name : people() ? en_name : code_name);
  }

  std::string Time(const std::string& utc) const {
    return people() ? internal::BeijingTimeText(utc) : utc;
  }

  std::string Cte(const std::string& cte) const {
    return zh() ? std::string(internal::CteLabel(cte)) : cte;
  }

  std::string Unit(const std::string& uom) const {
    return zh() ? std::string(internal::UnitLabel(uom)) : uom;
  }

  std::string Documents(const std::string& docs) const {
    return zh() ? internal::DocumentsLabel(docs) : docs;
  }

  std::string YesNo(bool yes) const {
    if (zh())
      return yes ? "是" : "否";
    return yes ? "yes" : "no";
  }

  // The region's name of a firm, for the columns only people get.
  std::string RegionName(const Firm& f) const {
    if (!f)
      return {};
    const auto it = o_.region_names.find(f->region_code);
    return it == o_.region_names.end() ? std::string() : it->second;
  }

 private:
  bool people() const { return o_.headers != ExportHeaders::kCodes; }

  bool zh() const { return o_.headers == ExportHeaders::kChinese; }

  const TraceExportOptions& o_;
};

// A row of the key data elements (internal::kKdeColumns), every column.
std::vector<Cell> KdeCells(const TraceRow& r, const Layout& l) {
  return {l.Time(r.event_time),
          l.Cte(r.cte),
          r.what,
          QuantityCell(r.quantity),
          l.Unit(r.uom),
          r.location,
          FirmField(r.firm, &Party::uscc),
          FirmField(r.firm, &Party::name),
          FirmField(r.firm, &Party::region_code),
          l.RegionName(r.firm),
          r.counterpart,
          FirmField(r.counterpart_firm, &Party::uscc),
          FirmField(r.counterpart_firm, &Party::name),
          FirmField(r.counterpart_firm, &Party::region_code),
          l.RegionName(r.counterpart_firm),
          r.via,
          static_cast<double>(r.depth),
          l.Documents(r.biz_transactions),
          r.event_hash};
}

std::vector<Sheet> Sheets(const TraceAnswer& a, const Layout& l) {
  std::vector<Sheet> out;
  Sheet& kde = out.emplace_back(
      Sheet{.name = l.SheetName("key data elements", "关键数据元素", "Key data elements"),
            .header = l.Header(internal::kKdeColumns)});
  for (const TraceRow& r : a.rows)
    kde.rows.push_back(l.Keep(internal::kKdeColumns, KdeCells(r, l)));
  if (a.direction == Direction::kForward) {
    Sheet& d = out.emplace_back(Sheet{.name = l.SheetName("destinations", "去向", "Destinations"),
                                      .header = l.Header(internal::kDestinationColumns)});
    for (const Destination& x : a.destinations) {
      d.rows.push_back(
          l.Keep(internal::kDestinationColumns,
                 {x.location, FirmField(x.firm, &Party::uscc), FirmField(x.firm, &Party::name),
                  FirmField(x.firm, &Party::region_code), l.RegionName(x.firm), x.what,
                  QuantityCell(x.quantity), l.Unit(x.uom), l.Time(x.first_time),
                  l.Time(x.last_time), static_cast<double>(x.depth)}));
    }
    Sheet& h = out.emplace_back(Sheet{.name = l.SheetName("holders now", "当前持有", "Holders now"),
                                      .header = l.Header(internal::kHolderColumns)});
    for (const Holder& x : a.holders) {
      h.rows.push_back(l.Keep(
          internal::kHolderColumns,
          {x.location, FirmField(x.firm, &Party::uscc), FirmField(x.firm, &Party::name),
           FirmField(x.firm, &Party::region_code), l.RegionName(x.firm), x.what,
           QuantityCell(x.quantity), l.Unit(x.uom), l.Time(x.since), l.YesNo(x.in_transit)}));
    }
  } else {
    Sheet& in = out.emplace_back(Sheet{.name = l.SheetName("inputs", "原料来源", "Inputs"),
                                       .header = l.Header(internal::kInputColumns)});
    for (const InputLot& x : a.inputs) {
      in.rows.push_back(l.Keep(
          internal::kInputColumns,
          {x.what, static_cast<double>(x.depth), QuantityCell(x.quantity), l.Unit(x.uom), x.origin,
           FirmField(x.origin_firm, &Party::uscc), FirmField(x.origin_firm, &Party::name),
           FirmField(x.origin_firm, &Party::region_code), l.RegionName(x.origin_firm),
           l.Time(x.first_time)}));
    }
  }
  if (!a.cycles.empty()) {
    Sheet& c = out.emplace_back(Sheet{.name = l.SheetName("cycles", "循环", "Cycles"),
                                      .header = l.Header(internal::kCycleColumns)});
    for (const auto& path : a.cycles) {
      std::string text;
      for (const std::string& p : path) text += (text.empty() ? "" : " → ") + p;
      c.rows.push_back({text});
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> KdeHeader(ExportHeaders headers) {
  const TraceExportOptions options{.headers = headers};
  return Layout(options).Header(internal::kKdeColumns);
}

std::vector<std::string> KdeFields(const TraceRow& r, const TraceExportOptions& options) {
  const Layout layout(options);
  std::vector<std::string> out;
  for (const Cell& c : layout.Keep(internal::kKdeColumns, KdeCells(r, layout)))
    out.push_back(CellText(c));
  return out;
}

std::string TraceFileName(Direction direction, ExportHeaders headers, std::string_view extension,
                          std::string_view date) {
  const bool forward = direction == Direction::kForward;
  if (headers == ExportHeaders::kChinese)
    return DatedFileName(forward ? "正向追溯" : "反向追溯", date, extension);
  return DatedFileName(forward ? "trace-forward" : "trace-backward", date, extension);
}

json TraceAnswerJson(const TraceAnswer& a) {
  json j = {{"direction", DirectionName(a.direction)},
            {"roots", a.roots},
            {"cycles", a.cycles},
            {"truncated", a.truncated},
            {"withheld", a.withheld}};
  json rows = json::array();
  for (const TraceRow& r : a.rows) {
    rows.push_back({{"eventTime", r.event_time},
                    {"cte", r.cte},
                    {"what", r.what},
                    {"quantity", QuantityJson(r.quantity)},
                    {"uom", r.uom},
                    {"location", r.location},
                    {"firm", FirmJson(r.firm)},
                    {"counterpart", r.counterpart},
                    {"counterpartFirm", FirmJson(r.counterpart_firm)},
                    {"via", r.via},
                    {"hops", r.depth},
                    {"bizTransactions", r.biz_transactions},
                    {"eventID", r.event_hash}});
  }
  j["rows"] = std::move(rows);
  if (a.direction == Direction::kForward) {
    json d = json::array();
    for (const Destination& x : a.destinations) {
      d.push_back({{"location", x.location},
                   {"firm", FirmJson(x.firm)},
                   {"what", x.what},
                   {"quantity", QuantityJson(x.quantity)},
                   {"uom", x.uom},
                   {"firstTime", x.first_time},
                   {"lastTime", x.last_time},
                   {"hops", x.depth}});
    }
    json h = json::array();
    for (const Holder& x : a.holders) {
      h.push_back({{"location", x.location},
                   {"firm", FirmJson(x.firm)},
                   {"what", x.what},
                   {"quantity", QuantityJson(x.quantity)},
                   {"uom", x.uom},
                   {"since", x.since},
                   {"inTransit", x.in_transit}});
    }
    j["destinations"] = std::move(d);
    j["holders"] = std::move(h);
  } else {
    json in = json::array();
    for (const InputLot& x : a.inputs) {
      in.push_back({{"what", x.what},
                    {"hops", x.depth},
                    {"quantity", QuantityJson(x.quantity)},
                    {"uom", x.uom},
                    {"origin", x.origin},
                    {"originFirm", FirmJson(x.origin_firm)},
                    {"firstTime", x.first_time}});
    }
    j["inputs"] = std::move(in);
  }
  return j;
}

void WriteTraceCsv(const TraceAnswer& a, std::ostream& out, const TraceExportOptions& options) {
  out << "\xEF\xBB\xBF" << CsvLine(KdeHeader(options.headers));
  for (const TraceRow& r : a.rows) out << CsvLine(KdeFields(r, options), FormulaGuard::kOn);
}

Result<std::string> TraceXlsx(const TraceAnswer& a, const TraceExportOptions& options) {
  // libxlsxwriter writes to a file: build the workbook in a private temporary file.
  const std::string path =
      (std::filesystem::temp_directory_path() /
       fmt::format("zq-trace-{}-{}.xlsx", ::getpid(), reinterpret_cast<std::uintptr_t>(&a)))
          .string();
  lxw_workbook* book = workbook_new(path.c_str());
  if (book == nullptr)
    return Status::Internal("cannot create the XLSX workbook");
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  for (const Sheet& s : Sheets(a, Layout(options))) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, s.name.c_str());
    for (std::size_t c = 0; c < s.header.size(); ++c)
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), s.header[c].c_str(), bold);
    for (std::size_t r = 0; r < s.rows.size(); ++r) {
      for (std::size_t c = 0; c < s.rows[r].size(); ++c) {
        const auto row = static_cast<lxw_row_t>(r + 1);
        const auto col = static_cast<lxw_col_t>(c);
        if (const double* n = std::get_if<double>(&s.rows[r][c]))
          worksheet_write_number(sheet, row, col, *n, nullptr);
        else  // strings, never formulas
          worksheet_write_string(sheet, row, col, std::get<std::string>(s.rows[r][c]).c_str(),
                                 nullptr);
      }
    }
    worksheet_freeze_panes(sheet, 1, 0);
    worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(s.rows.size()),
                         static_cast<lxw_col_t>(s.header.size() - 1));
  }
  const lxw_error closed = workbook_close(book);
  std::string bytes;
  if (closed == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    bytes = text.str();
  }
  std::remove(path.c_str());
  if (closed != LXW_NO_ERROR)
    return Status::Internal(std::string("XLSX: ") + lxw_strerror(closed));
  return bytes;
}

}  // namespace zq::trace
