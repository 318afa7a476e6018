// The inputs of `zq stats plspm`: the data CSV and MODEL.json (plspm.h).
#include <charconv>
#include <limits>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "stats/plspm.h"

namespace zq::stats {

Result<DataTable> ReadDataCsv(std::string_view text) {
  DataTable table;
  std::istringstream in{std::string(text)};
  Status error;
  bool skip_first = false;
  ZQ_RETURN_IF_ERROR(ReadCsv(in, [&](CsvRecord& record) {
    if (!record.error.ok()) {
      error = Status::InvalidArgument(
          "line " + std::to_string(record.line) + ": " + record.error.message(), "data");
      return false;
    }
    if (table.columns.empty()) {
      skip_first = !record.fields.empty() && record.fields[0].empty();
      table.columns.assign(record.fields.begin() + (skip_first ? 1 : 0), record.fields.end());
      return true;
    }
    std::vector<double> row;
    for (size_t i = skip_first ? 1 : 0; i < record.fields.size(); ++i) {
      const std::string& f = record.fields[i];
      double v = std::numeric_limits<double>::quiet_NaN();  // a non-number (e.g. "male")
      const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
      if (ec != std::errc() || end != f.data() + f.size())
        v = std::numeric_limits<double>::quiet_NaN();
      row.push_back(v);
    }
    if (row.size() != table.columns.size()) {
      error = Status::InvalidArgument("line " + std::to_string(record.line) + " has " +
                                          std::to_string(row.size()) + " fields, the header " +
                                          std::to_string(table.columns.size()),
                                      "data");
      return false;
    }
    table.rows.push_back(std::move(row));
    return true;
  }));
  ZQ_RETURN_IF_ERROR(error);
  if (table.columns.empty())
    return Status::InvalidArgument("the data file is empty", "data");
  return table;
}

Result<PlsModel> ParsePlsModel(std::string_view json_text) {
  const auto doc = nlohmann::ordered_json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return Status::InvalidArgument("the model is not a JSON object", "model");
  }
  PlsModel model;
  if (!doc.contains("blocks") || !doc["blocks"].is_object()) {
    return Status::InvalidArgument("blocks must be an object of blocks by name", "blocks");
  }
  for (const auto& [name, block] : doc["blocks"].items()) {
    PlsBlock b;
    b.name = name;
    if (!block.is_object() || !block.contains("indicators") || !block["indicators"].is_array()) {
      return Status::InvalidArgument("block " + name + " needs a list of indicators", "blocks");
    }
    if (block.contains("mode")) {
      if (!block["mode"].is_string())
        return Status::InvalidArgument("mode is A or B", "mode");
      ZQ_ASSIGN_OR_RETURN(b.mode, ParseOuterMode(block["mode"].get<std::string>()));
    }
    for (const auto& i : block["indicators"]) {
      if (!i.is_string())
        return Status::InvalidArgument("indicators are column names", "blocks");
      b.indicators.push_back(i.get<std::string>());
    }
    model.blocks.push_back(std::move(b));
  }
  if (doc.contains("paths")) {
    if (!doc["paths"].is_array())
      return Status::InvalidArgument("paths is a list", "paths");
    for (const auto& p : doc["paths"]) {
      if (!p.is_array() || p.size() != 2 || !p[0].is_string() || !p[1].is_string()) {
        return Status::InvalidArgument("a path is [from, to]", "paths");
      }
      model.paths.emplace_back(p[0].get<std::string>(), p[1].get<std::string>());
    }
  }
  if (doc.contains("scale")) {
    const auto& s = doc["scale"];
    if (!s.is_array() || s.size() != 2 || !s[0].is_number() || !s[1].is_number()) {
      return Status::InvalidArgument("scale is [lowest, highest]", "scale");
    }
    model.scale = std::make_pair(s[0].get<double>(), s[1].get<double>());
  }
  return model;
}

}  // namespace zq::stats
