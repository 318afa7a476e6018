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

namespace zq::trace {
namespace {

using nlohmann::json;

json FirmJson(const Firm& f) {
  if (!f)
    return nullptr;
  return {{"uscc", f->uscc}, {"name", f->name}, {"regionCode", f->region_code}};
}

json QuantityJson(const std::optional<double>& q) { return q ? json(*q) : json(nullptr); }

std::string QuantityText(const std::optional<double>& q) {
  return q ? fmt::format("{}", *q) : std::string();
}

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

std::vector<Sheet> Sheets(const TraceAnswer& a) {
  std::vector<Sheet> out;
  Sheet& kde = out.emplace_back(Sheet{.name = "key data elements", .header = KdeHeader()});
  for (const TraceRow& r : a.rows) {
    std::vector<Cell>& row = kde.rows.emplace_back();
    for (std::string& f : KdeFields(r)) row.emplace_back(std::move(f));
    row[3] = QuantityCell(r.quantity);  // the quantity column as a number
  }
  const std::vector<std::string> firm = {"firm USCC", "firm", "region"};
  if (a.direction == Direction::kForward) {
    Sheet& d = out.emplace_back(Sheet{.name = "destinations"});
    d.header = {"location",
                "firm USCC",
                "firm",
                "region",
                "what",
                "quantity",
                "uom",
                "first arrival (UTC)",
                "last arrival (UTC)",
                "hops"};
    for (const Destination& x : a.destinations) {
      d.rows.push_back({x.location, FirmField(x.firm, &Party::uscc),
                        FirmField(x.firm, &Party::name), FirmField(x.firm, &Party::region_code),
                        x.what, QuantityCell(x.quantity), x.uom, x.first_time, x.last_time,
                        static_cast<double>(x.depth)});
    }
    Sheet& h = out.emplace_back(Sheet{.name = "holders now"});
    h.header = {"location", "firm USCC", "firm",        "region",    "what",
                "quantity", "uom",       "since (UTC)", "in transit"};
    for (const Holder& x : a.holders) {
      h.rows.push_back({x.location, FirmField(x.firm, &Party::uscc),
                        FirmField(x.firm, &Party::name), FirmField(x.firm, &Party::region_code),
                        x.what, QuantityCell(x.quantity), x.uom, x.since,
                        std::string(x.in_transit ? "yes" : "no")});
    }
  } else {
    Sheet& in = out.emplace_back(Sheet{.name = "inputs"});
    in.header = {"input",       "hops",          "quantity used",
                 "uom",         "origin",        "origin firm USCC",
                 "origin firm", "origin region", "first recorded (UTC)"};
    for (const InputLot& x : a.inputs) {
      in.rows.push_back({x.what, static_cast<double>(x.depth), QuantityCell(x.quantity), x.uom,
                         x.origin, FirmField(x.origin_firm, &Party::uscc),
                         FirmField(x.origin_firm, &Party::name),
                         FirmField(x.origin_firm, &Party::region_code), x.first_time});
    }
  }
  if (!a.cycles.empty()) {
    Sheet& c = out.emplace_back(Sheet{.name = "cycles", .header = {"cycle (bad data, cut)"}});
    for (const auto& path : a.cycles) {
      std::string text;
      for (const std::string& p : path) text += (text.empty() ? "" : " → ") + p;
      c.rows.push_back({text});
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& KdeHeader() {
  static const std::vector<std::string> kHeader = {"event time (UTC)",
                                                   "critical tracking event",
                                                   "traceability lot code / item",
                                                   "quantity",
                                                   "unit of measure",
                                                   "location",
                                                   "location firm USCC",
                                                   "location firm",
                                                   "location region",
                                                   "ship-to / ship-from / input / output",
                                                   "counterpart firm USCC",
                                                   "counterpart firm",
                                                   "counterpart region",
                                                   "container",
                                                   "hops",
                                                   "reference documents",
                                                   "event ID"};
  return kHeader;
}

std::vector<std::string> KdeFields(const TraceRow& r) {
  return {r.event_time,
          r.cte,
          r.what,
          QuantityText(r.quantity),
          r.uom,
          r.location,
          FirmField(r.firm, &Party::uscc),
          FirmField(r.firm, &Party::name),
          FirmField(r.firm, &Party::region_code),
          r.counterpart,
          FirmField(r.counterpart_firm, &Party::uscc),
          FirmField(r.counterpart_firm, &Party::name),
          FirmField(r.counterpart_firm, &Party::region_code),
          r.via,
          std::to_string(r.depth),
          r.biz_transactions,
          r.event_hash};
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

void WriteTraceCsv(const TraceAnswer& a, std::ostream& out) {
  out << "\xEF\xBB\xBF" << CsvLine(KdeHeader());
  for (const TraceRow& r : a.rows) out << CsvLine(KdeFields(r), FormulaGuard::kOn);
}

Result<std::string> TraceXlsx(const TraceAnswer& a) {
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
  for (const Sheet& s : Sheets(a)) {
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
