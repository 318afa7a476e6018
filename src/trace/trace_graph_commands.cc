#include "trace/trace_graph_commands.h"

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "trace/trace_export.h"

namespace zq::trace {
namespace {

struct Options {
  TraceQuery query;
  std::string db;
  std::string key_file;
  bool json = false;
  std::string xlsx;
  std::string csv;
  std::string headers = "codes";
};

std::string FirmText(const Firm& f) {
  return f ? fmt::format("{} {} {}", f->uscc, f->name, f->region_code) : std::string("-");
}

std::string Amount(const std::optional<double>& q, const std::string& uom) {
  if (!q)
    return "?";
  return uom.empty() ? fmt::format("{}", *q) : fmt::format("{} {}", *q, uom);
}

void Print(const TraceAnswer& a) {
  if (a.direction == Direction::kForward) {
    for (const Destination& d : a.destinations) {
      std::cout << d.location << "\t" << FirmText(d.firm) << "\t" << d.what << "\t"
                << Amount(d.quantity, d.uom) << "\t" << d.first_time << "\t" << d.last_time << "\n";
    }
  } else {
    for (const InputLot& in : a.inputs) {
      std::cout << in.what << "\t" << in.depth << "\t" << Amount(in.quantity, in.uom) << "\t"
                << in.origin << "\t" << FirmText(in.origin_firm) << "\n";
    }
  }
}

// Writes `bytes` to `path` ("-" for stdout); exit status 1 when it cannot.
void WriteFile(const std::string& path, const std::string& bytes) {
  if (path == "-") {
    std::cout << bytes;
    return;
  }
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  if (!out.good()) {
    std::cerr << "zq trace: cannot write " << path << "\n";
    throw CLI::RuntimeError(1);
  }
}

void Run(const Options& o, Direction direction, const TraceIn& trace_in) {
  TraceExportOptions file;
  file.headers = *ParseExportHeaders(o.headers);  // CLI11 checked it is codes, zh or en
  const bool names = file.headers != ExportHeaders::kCodes && (!o.csv.empty() || !o.xlsx.empty());
  Result<TraceWithNames> traced =
      trace_in(o.db, o.key_file, o.query, direction, names ? RegionNames::kYes : RegionNames::kNo);
  if (!traced.ok()) {
    if (o.json)
      std::cout << nlohmann::json{{"error", traced.status().message()},
                                  {"field", traced.status().field()}}
                << "\n";
    else
      std::cerr << "zq trace " << DirectionName(direction) << ": " << traced.status().ToString()
                << "\n";
    throw CLI::RuntimeError(traced.status().code() == StatusCode::kInvalidArgument ? 2 : 1);
  }
  const TraceAnswer* a = &traced->answer;
  file.region_names = std::move(traced->region_names);
  for (const auto& cycle : a->cycles) {
    std::string path;
    for (const std::string& p : cycle) path += (path.empty() ? "" : " -> ") + p;
    std::cerr << "zq trace: a cycle in the events (cut): " << path << "\n";
  }
  if (!o.xlsx.empty()) {
    Result<std::string> bytes = TraceXlsx(*a, file);
    if (!bytes.ok()) {
      std::cerr << "zq trace: " << bytes.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
    WriteFile(o.xlsx, *bytes);
  }
  if (!o.csv.empty()) {
    std::ostringstream csv;
    WriteTraceCsv(*a, csv, file);
    WriteFile(o.csv, csv.str());
  }
  if (o.json)
    std::cout << TraceAnswerJson(*a).dump() << "\n";
  else if (o.xlsx != "-" && o.csv != "-")
    Print(*a);
}

}  // namespace

void RegisterTraceGraphCommands(CLI::App& group, TraceIn trace_in) {
  for (const Direction direction : {Direction::kForward, Direction::kBackward}) {
    auto o = std::make_shared<Options>();
    const bool forward = direction == Direction::kForward;
    CLI::App* cmd = group.add_subcommand(
        std::string(DirectionName(direction)),
        forward ? "Forward trace: every place, firm and region the goods and what was made from "
                  "them reached, with quantities and dates, and who holds them now"
                : "Backward trace: every input lot and container content, with its origin firm");
    cmd->add_option("id", o->query.id,
                    "an EPC URN, a GS1 Digital Link URI, GTIN+LOT, or a GTIN (with --from/--to "
                    "for the lots and items produced in that window)")
        ->required();
    cmd->add_option("--db", o->db, "SQLite file path or postgresql:// URI")->required();
    cmd->add_option("--key-file", o->key_file, "file holding the master key");
    cmd->add_option("--from", o->query.produced_from, "a GTIN's production window: from DATE");
    cmd->add_option("--to", o->query.produced_to, "a GTIN's production window: to DATE");
    cmd->add_flag("--json", o->json, "print the answer as JSON");
    cmd->add_option("--xlsx", o->xlsx,
                    "write the key data elements (FSMA 204 sortable spreadsheet) as XLSX");
    cmd->add_option("--csv", o->csv, "write the key data elements as CSV (- for stdout)");
    cmd->add_option("--headers", o->headers,
                    "the files' layout: codes (default: English headers, code values, UTC) | zh "
                    "(Chinese headers and labels, region names, Beijing time) | en")
        ->check(CLI::IsMember({"codes", "zh", "en"}));
    cmd->callback([o, direction, trace_in] { Run(*o, direction, trace_in); });
  }
}

}  // namespace zq::trace
