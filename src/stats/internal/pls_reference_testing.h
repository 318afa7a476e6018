#pragma once

#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "stats/plspm.h"

// R plspm 0.4.9's outputs in src/stats/testdata/pls/ (from GoogleCloudPlatform/plspm-python's
// tests/data; README.md there) and the models they were computed for.
namespace zq::stats::testing {

inline std::string ReadTestFile(const std::string& name) {
  std::ifstream in("src/stats/testdata/pls/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A reference table: the row's first field (its name) → the named numeric columns.
struct Reference {
  std::vector<std::string> order;
  std::map<std::string, std::map<std::string, double>> rows;

  double at(const std::string& row, const std::string& column) const {
    return rows.at(row).at(column);
  }
};

// Expects each (column, value) of `row` to match the reference within `tolerance`.
inline void ExpectRow(const Reference& ref, const std::string& row,
                      std::initializer_list<std::pair<const char*, double>> values,
                      double tolerance) {
  for (const auto& [column, value] : values) {
    EXPECT_NEAR(value, ref.at(row, column), tolerance) << row << " " << column;
  }
}

inline Reference ReadReference(const std::string& name) {
  const DataTable t = ReadDataCsv(ReadTestFile(name)).value();
  // ReadDataCsv drops the name column when its header is "" and reads names as NaN otherwise;
  // read the names again as text.
  Reference r;
  std::istringstream in(ReadTestFile(name));
  std::string line;
  std::getline(in, line);
  const bool named = line.rfind("\"\"", 0) == 0 || line.rfind("\"name\"", 0) == 0;
  for (const auto& row : t.rows) {
    std::getline(in, line);
    std::string key = line.substr(0, line.find(','));
    if (!key.empty() && key.front() == '"')
      key = key.substr(1, key.size() - 2);
    if (!named)
      key = std::to_string(r.order.size());
    r.order.push_back(key);
    auto& values = r.rows[key];
    for (size_t c = 0; c < t.columns.size(); ++c) values[t.columns[c]] = row[c];
  }
  return r;
}

inline DataTable Satisfaction() { return ReadDataCsv(ReadTestFile("satisfaction.csv")).value(); }

inline PlsModel SatisfactionModel(OuterMode mode = OuterMode::kA) {
  auto items = [](const std::string& stem, int count) {
    std::vector<std::string> v;
    for (int i = 1; i <= count; ++i) v.push_back(stem + std::to_string(i));
    return v;
  };
  PlsModel m;
  m.blocks = {{"IMAG", mode, items("imag", 5)}, {"EXPE", mode, items("expe", 5)},
              {"QUAL", mode, items("qual", 5)}, {"VAL", mode, items("val", 4)},
              {"SAT", mode, items("sat", 4)},   {"LOY", mode, items("loy", 4)}};
  m.paths = {{"IMAG", "EXPE"}, {"IMAG", "SAT"}, {"IMAG", "LOY"}, {"EXPE", "QUAL"}, {"EXPE", "VAL"},
             {"EXPE", "SAT"},  {"QUAL", "VAL"}, {"QUAL", "SAT"}, {"VAL", "SAT"},   {"SAT", "LOY"}};
  m.scale = std::make_pair(0.0, 10.0);
  return m;
}

inline DataTable Russa() { return ReadDataCsv(ReadTestFile("russa.csv")).value(); }

inline PlsModel RussaModel(OuterMode mode = OuterMode::kA) {
  PlsModel m;
  m.blocks = {{"AGRI", mode, {"gini", "farm", "rent"}},
              {"IND", mode, {"gnpr", "labo"}},
              {"POLINS", mode, {"inst", "ecks", "death", "demo"}}};
  m.paths = {{"AGRI", "POLINS"}, {"IND", "POLINS"}};
  return m;
}

}  // namespace zq::stats::testing
