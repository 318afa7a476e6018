// The inputs of `zq stats composite`: COINr's iData and iMeta tables and the pipeline file.
#include <charconv>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "stats/composite_pipeline.h"

namespace zq::stats {
namespace {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<size_t> lines;
};

Result<Table> ReadTable(std::string_view text, const std::string& field) {
  Table t;
  std::istringstream in{std::string(text)};
  Status error;
  ZQ_RETURN_IF_ERROR(ReadCsv(in, [&](CsvRecord& r) {
    if (!r.error.ok()) {
      error = Status::InvalidArgument("line " + std::to_string(r.line) + ": " + r.error.message(),
                                      field);
      return false;
    }
    if (t.header.empty()) {
      t.header = r.fields;
      return true;
    }
    if (r.fields.size() != t.header.size()) {
      error = Status::InvalidArgument("line " + std::to_string(r.line) + " has " +
                                          std::to_string(r.fields.size()) + " fields, the header " +
                                          std::to_string(t.header.size()),
                                      field);
      return false;
    }
    t.rows.push_back(std::move(r.fields));
    t.lines.push_back(r.line);
    return true;
  }));
  ZQ_RETURN_IF_ERROR(error);
  if (t.header.empty())
    return Status::InvalidArgument("the file is empty", field);
  return t;
}

int Column(const Table& t, const std::string& name) {
  for (size_t i = 0; i < t.header.size(); ++i)
    if (t.header[i] == name)
      return static_cast<int>(i);
  return -1;
}

// Empty and NA are missing; anything else must be a number.
Result<std::optional<double>> Number(const std::string& f, const std::string& where,
                                     const std::string& field) {
  if (f.empty() || f == "NA")
    return std::optional<double>();
  double v = 0;
  const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
  if (ec != std::errc() || end != f.data() + f.size())
    return Status::InvalidArgument(where + ": \"" + f + "\" is not a number", field);
  return std::optional<double>(v);
}

Result<std::vector<CoinMeta>> ReadMeta(std::string_view text) {
  ZQ_ASSIGN_OR_RETURN(const Table t, ReadTable(text, "meta"));
  for (const char* c : {"iCode", "Type"}) {
    if (Column(t, c) < 0)
      return Status::InvalidArgument(std::string("the metadata has no ") + c + " column", "meta");
  }
  const int level = Column(t, "Level"), code = Column(t, "iCode"), name = Column(t, "iName"),
            dir = Column(t, "Direction"), weight = Column(t, "Weight"),
            parent = Column(t, "Parent"), type = Column(t, "Type"),
            denom = Column(t, "Denominator"), target = Column(t, "Target");
  std::vector<CoinMeta> out;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const auto& row = t.rows[r];
    const std::string where = "line " + std::to_string(t.lines[r]);
    auto text_of = [&](int c) { return c < 0 ? std::string() : row[static_cast<size_t>(c)]; };
    CoinMeta m;
    m.code = row[static_cast<size_t>(code)];
    m.type = row[static_cast<size_t>(type)];
    m.name = text_of(name);
    m.parent = text_of(parent);
    m.denominator = text_of(denom);
    if (m.denominator == "NA")
      m.denominator.clear();
    if (m.parent == "NA")
      m.parent.clear();
    static const std::set<std::string> kTypes = {"Indicator", "Aggregate", "Group", "Denominator",
                                                 "Other"};
    if (!kTypes.count(m.type)) {
      return Status::InvalidArgument(where +
                                         ": Type is Indicator, Aggregate, Group, Denominator "
                                         "or Other, not \"" +
                                         m.type + "\"",
                                     "meta");
    }
    if (m.type == "Indicator" || m.type == "Aggregate") {
      ZQ_ASSIGN_OR_RETURN(const auto l, Number(text_of(level), where + " Level", "meta"));
      ZQ_ASSIGN_OR_RETURN(const auto w, Number(text_of(weight), where + " Weight", "meta"));
      ZQ_ASSIGN_OR_RETURN(const auto d, Number(text_of(dir), where + " Direction", "meta"));
      ZQ_ASSIGN_OR_RETURN(m.target, Number(text_of(target), where + " Target", "meta"));
      if (!l || !w)
        return Status::InvalidArgument(where + ": " + m.code + " needs a Level and a Weight",
                                       "meta");
      if (m.type == "Indicator" && !(d && (*d == 1 || *d == -1)))
        return Status::InvalidArgument(where + ": Direction is 1 or -1", "meta");
      m.level = static_cast<int>(*l);
      m.weight = *w;
      m.direction = d ? static_cast<int>(*d) : 1;
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

Result<CoinInput> ReadCoin(std::string_view idata_csv, std::string_view imeta_csv) {
  CoinInput in;
  ZQ_ASSIGN_OR_RETURN(in.meta, ReadMeta(imeta_csv));
  ZQ_ASSIGN_OR_RETURN(const Table t, ReadTable(idata_csv, "data"));
  const int ucode = Column(t, "uCode"), uname = Column(t, "uName"), time = Column(t, "Time");
  if (ucode < 0)
    return Status::InvalidArgument("the data has no uCode column", "data");
  std::set<std::string> numeric, aggregates;
  for (const CoinMeta& m : in.meta) {
    if (m.type == "Indicator" || m.type == "Denominator")
      numeric.insert(m.code);
    if (m.type == "Aggregate")
      aggregates.insert(m.code);
  }
  std::set<std::string> seen, times;
  for (size_t r = 0; r < t.rows.size(); ++r) {
    const std::string& u = t.rows[r][static_cast<size_t>(ucode)];
    if (u.empty() || !seen.insert(u).second)
      return Status::InvalidArgument("uCode \"" + u + "\" is empty or repeated", "data");
    in.units.push_back(u);
    in.unit_names.push_back(uname < 0 ? u : t.rows[r][static_cast<size_t>(uname)]);
    if (time >= 0)
      times.insert(t.rows[r][static_cast<size_t>(time)]);
  }
  if (times.size() > 1)
    return Status::InvalidArgument("the data holds several Time values (a panel): give one",
                                   "data");
  for (size_t c = 0; c < t.header.size(); ++c) {
    const std::string& name = t.header[c];
    if (aggregates.count(name))
      return Status::InvalidArgument("the data has a column for aggregate " + name, "data");
    if (!numeric.count(name)) {
      auto& col = in.texts[name];
      for (const auto& row : t.rows) col.push_back(row[c]);
      continue;
    }
    auto& col = in.numbers[name];
    for (size_t r = 0; r < t.rows.size(); ++r) {
      ZQ_ASSIGN_OR_RETURN(
          auto v, Number(t.rows[r][c], "line " + std::to_string(t.lines[r]) + " " + name, "data"));
      col.push_back(v);
    }
  }
  for (const CoinMeta& m : in.meta) {
    if (m.type == "Indicator" && !in.numbers.count(m.code))
      return Status::InvalidArgument("indicator " + m.code + " is not a column of the data",
                                     "meta");
    if (m.type == "Indicator" && !m.denominator.empty() && !in.numbers.count(m.denominator))
      return Status::InvalidArgument(
          "denominator " + m.denominator + " of " + m.code + " is not a Denominator column",
          "meta");
    if ((m.type == "Indicator" || m.type == "Aggregate") && !m.parent.empty() &&
        !aggregates.count(m.parent))
      return Status::InvalidArgument(
          "parent " + m.parent + " of " + m.code + " is not an Aggregate of the metadata", "meta");
  }
  return in;
}

}  // namespace zq::stats
