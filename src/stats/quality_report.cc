// The annual quality status report's snapshot, built from the indicator store and the pass-rate
// cube, and its editions in the database (quality_report.h).
#include "stats/quality_report.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "auth/crypto.h"
#include "core/calendar.h"
#include "inspection/pass_rate.h"
#include "stats/internal/computing.h"

namespace zq::stats {
namespace {

using nlohmann::json;
using store::Value;

constexpr int kSnapshotFormat = 1;

// This year in China Standard Time (a report of the year that has just begun in Beijing is allowed
// on its first morning, when UTC is still in the year before).
int CurrentYear(const Clock& clock) { return static_cast<int>(clock.TodayInChina().year()); }

// Numbers the sources of a snapshot S1, S2, … in the order they are cited.
class Sources {
 public:
  std::string Add(json source) {
    const std::string id = fmt::format("S{}", list_.size() + 1);
    source["id"] = id;
    list_.push_back(std::move(source));
    return id;
  }

  json Take() { return std::move(list_); }

 private:
  json list_ = json::array();
};

json RateJson(std::int64_t passed, std::int64_t tested) {
  const auto rate = inspection::EstimatePassRate(passed, tested);
  if (!rate.ok())
    return nullptr;
  return {{"tested", tested},
          {"passed", passed},
          {"rate", rate->rate},
          {"lower", rate->wilson.lower},
          {"upper", rate->wilson.upper}};
}

// The change from `earlier` to `now` (rates as RateJson gives them), or null when either is
// missing.
json ChangeJson(const json& now, const json& earlier) {
  if (now.is_null() || earlier.is_null())
    return nullptr;
  const auto change = inspection::PassRateChange(now["passed"], now["tested"], earlier["passed"],
                                                 earlier["tested"]);
  if (!change.ok())
    return nullptr;
  return {{"difference", change->difference},
          {"lower", change->interval.lower},
          {"upper", change->interval.upper},
          {"verdict", ChangeVerdict(change->interval.lower, change->interval.upper)}};
}

// The source entry of a stored indicator value.
json ValueSource(const IndicatorValue& v, const json& inputs) {
  return {{"kind", "indicator_value"},
          {"indicator", v.indicator_code},
          {"rule_version", v.rule_version},
          {"region", v.region_code},
          {"period", v.period},
          {"interval_method", v.interval_method},
          {"computed_at", v.computed_at},
          {"inputs", inputs}};
}

// A stored pass-rate value as RateJson, its counts read from its inputs, citing its source.
json StoredRate(const IndicatorValue& v, Sources& sources) {
  const json inputs = json::parse(v.inputs, nullptr, false);
  if (!inputs.is_object() || !inputs.contains("tested") || !inputs.contains("passed"))
    return nullptr;
  json rate = RateJson(inputs["passed"].get<std::int64_t>(), inputs["tested"].get<std::int64_t>());
  if (rate.is_null())
    return rate;
  rate["source"] = sources.Add(ValueSource(v, inputs));
  return rate;
}

json StoredLossRate(const IndicatorValue& v, Sources& sources) {
  json out = {{"value", v.value}};
  if (v.lower && v.upper) {
    out["lower"] = *v.lower;
    out["upper"] = *v.upper;
  }
  const json inputs = json::parse(v.inputs, nullptr, false);
  out["source"] = sources.Add(ValueSource(v, inputs.is_discarded() ? json(v.inputs) : inputs));
  return out;
}

std::map<std::string, const IndicatorValue*> ByRegion(const std::vector<IndicatorValue>& values) {
  std::map<std::string, const IndicatorValue*> out;
  for (const IndicatorValue& v : values) out[v.region_code] = &v;
  return out;
}

// The groups of one dimension this year against the year before, from the cube.
Result<json> GroupLines(const PassRateQuery& pass_rates, const ids::RegionCode& root,
                        inspection::CubeDimension dimension, int year,
                        const std::map<std::string, std::string>& names, Sources& sources,
                        std::string_view dimension_name) {
  auto rows_of = [&](int y) -> Result<std::map<std::string, inspection::PassRate>> {
    inspection::CubeQuery q;
    q.region = root;
    q.period_from = fmt::format("{}-01", y);
    q.period_to = fmt::format("{}-12", y);
    q.group_by = {dimension};
    ZQ_ASSIGN_OR_RETURN(const auto rows, pass_rates(q));
    std::map<std::string, inspection::PassRate> out;
    for (const auto& row : rows) out[row.key[0]] = row.rate;
    return out;
  };
  ZQ_ASSIGN_OR_RETURN(const auto now, rows_of(year));
  ZQ_ASSIGN_OR_RETURN(const auto before, rows_of(year - 1));
  const std::string source =
      sources.Add({{"kind", "pass_rate_cube"},
                   {"group_by", dimension_name},
                   {"region", root.code},
                   {"months", {fmt::format("{}-01", year - 1), fmt::format("{}-12", year)}},
                   {"interval_method", "wilson; change: newcombe_hybrid_score"},
                   {"description", "final verdicts of spot-check batches (监督抽查), by month"}});
  json lines = json::array();
  for (const auto& [key, rate] : now) {
    json line = {{"key", key}, {"source", source}};
    const auto name = names.find(key);
    line["name"] = name == names.end() ? key : name->second;
    line["rate"] = RateJson(rate.passed, rate.tested);
    const auto earlier = before.find(key);
    line["earlier"] =
        earlier == before.end() ? json() : RateJson(earlier->second.passed, earlier->second.tested);
    line["change"] = ChangeJson(line["rate"], line["earlier"]);
    lines.push_back(std::move(line));
  }
  return lines;
}

json ListOf(const json& lines, std::string_view verdict) {
  json out = json::array();
  for (const json& line : lines)
    if (line["change"].is_object() && line["change"]["verdict"] == verdict)
      out.push_back(line["key"]);
  return out;
}

}  // namespace

std::string ChangeVerdict(double lower, double upper) {
  if (lower > 0)
    return "improved";
  if (upper < 0)
    return "worsened";
  return "no_significant_change";
}

Result<QualityReportEdition> QualityReports::Generate(const PassRateQuery& pass_rates,
                                                      const auth::Caller& caller,
                                                      const std::optional<ids::RegionCode>& region,
                                                      int year) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("generating a report needs a writer");
  if (year < 2000 || year > CurrentYear(clock_))
    return Status::InvalidArgument("year is from 2000 to this year", "year");
  ZQ_ASSIGN_OR_RETURN(const std::optional<ids::RegionCode> root,
                      internal::ComputedRoot(caller, region));
  if (!root)
    return Status::InvalidArgument("name the province, city or county to report on", "region");
  const std::string now = internal::NowUtcText(clock_);
  Sources sources;

  // 总体状况 and 区域分析: pass rates stored in the indicator store, loss rates as 统计报表 left
  // them.
  ZQ_ASSIGN_OR_RETURN(const auto rates, indicators_.ComputeSpotCheckPassRates(
                                            pass_rates, caller, root, fmt::format("{}-01", year),
                                            fmt::format("{}-12", year)));
  ZQ_ASSIGN_OR_RETURN(const auto earlier_rates,
                      indicators_.ComputeSpotCheckPassRates(pass_rates, caller, root,
                                                            fmt::format("{}-01", year - 1),
                                                            fmt::format("{}-12", year - 1)));
  ZQ_ASSIGN_OR_RETURN(const auto losses,
                      indicators_.Values(caller, "quality_loss_rate", root, std::to_string(year)));
  ZQ_ASSIGN_OR_RETURN(
      const auto earlier_losses,
      indicators_.Values(caller, "quality_loss_rate", root, std::to_string(year - 1)));
  const auto rate_of = ByRegion(rates), earlier_rate_of = ByRegion(earlier_rates);
  const auto loss_of = ByRegion(losses), earlier_loss_of = ByRegion(earlier_losses);

  auto region_entry = [&](const std::string& code, const std::string& name) {
    json e = {{"code", code}, {"name", name}};
    const auto r = rate_of.find(code);
    const auto er = earlier_rate_of.find(code);
    e["pass_rate"] = r == rate_of.end() ? json() : StoredRate(*r->second, sources);
    e["earlier_pass_rate"] =
        er == earlier_rate_of.end() ? json() : StoredRate(*er->second, sources);
    e["change"] = ChangeJson(e["pass_rate"], e["earlier_pass_rate"]);
    const auto l = loss_of.find(code);
    const auto el = earlier_loss_of.find(code);
    e["loss_rate"] = l == loss_of.end() ? json() : StoredLossRate(*l->second, sources);
    e["earlier_loss_rate"] =
        el == earlier_loss_of.end() ? json() : StoredLossRate(*el->second, sources);
    return e;
  };
  const auto root_region = registry_.GetRegion(root->code);
  json snapshot = {{"format", kSnapshotFormat},
                   {"title", "质量状况分析报告"},
                   {"year", year},
                   {"generated_at", now},
                   {"generated_by", caller.actor}};
  snapshot["region"] = region_entry(root->code, root_region.ok() ? root_region->name : root->code);

  json regions = json::array();
  ZQ_ASSIGN_OR_RETURN(const auto children, registry_.RegionChildren(root->code));
  for (const registry::Region& child : children) {
    json e = region_entry(child.code, child.name);
    if (!e["pass_rate"].is_null() || !e["loss_rate"].is_null())
      regions.push_back(std::move(e));
  }
  // 质量工作考核: the assessment year that ended on 30 June of the report's year.
  // A county assesses no region below it; without a rule set in force there is none.
  Result<YearEvaluation> evaluation = Status::NotFound("a county assesses no region", "region");
  if (root->level() != ids::RegionLevel::kCounty)
    evaluation = evaluations_.Results(caller, year - 1, root->code, {.replications = 0});
  if (!evaluation.ok() && evaluation.status().code() != StatusCode::kNotFound)
    return evaluation.status();
  if (evaluation.ok() && !evaluation->regions.empty()) {
    const std::string source = sources.Add({{"kind", "evaluation"},
                                            {"rules", evaluation->rules.version},
                                            {"rules_name", evaluation->rules.name},
                                            {"assessment_year", year - 1},
                                            {"first_day", DayText(evaluation->year.first_day)},
                                            {"last_day", DayText(evaluation->year.last_day)},
                                            {"region", root->code}});
    snapshot["evaluation"] = {
        {"assessment_year", year - 1}, {"rules_name", evaluation->rules.name}, {"source", source}};
    for (const RegionEvaluation& graded : evaluation->regions) {
      json entry = {{"grade", graded.grade.grade},
                    {"total", graded.total},
                    {"rank", graded.rank},
                    {"vetoed", graded.grade.vetoed},
                    {"source", source}};
      bool placed = false;
      for (json& r : regions) {
        if (r["code"] == graded.code) {
          r["evaluation"] = entry;
          placed = true;
        }
      }
      if (!placed) {
        const auto named = registry_.GetRegion(graded.code);
        json r = region_entry(graded.code, named.ok() ? named->name : graded.code);
        r["evaluation"] = std::move(entry);
        regions.push_back(std::move(r));
      }
    }
    std::sort(regions.begin(), regions.end(),
              [](const json& a, const json& b) { return a["code"] < b["code"]; });
  }
  snapshot["regions"] = std::move(regions);

  // 产品质量: by product category and firm size, this year against the year before.
  std::map<std::string, std::string> category_names;
  ZQ_ASSIGN_OR_RETURN(const auto catalogue, registry_.ListCatalogue());
  for (const registry::CatalogueEntry& c : catalogue) category_names[c.code] = c.name;
  ZQ_ASSIGN_OR_RETURN(json categories,
                      GroupLines(pass_rates, *root, inspection::CubeDimension::kProductCategory,
                                 year, category_names, sources, "product_category"));
  const std::map<std::string, std::string> size_names = {{"large", "大型"},
                                                         {"medium", "中型"},
                                                         {"small", "小型"},
                                                         {"micro", "微型"},
                                                         {"unknown", "规模未知"}};
  ZQ_ASSIGN_OR_RETURN(json sizes,
                      GroupLines(pass_rates, *root, inspection::CubeDimension::kFirmSize, year,
                                 size_names, sources, "firm_size"));
  snapshot["improved"] = ListOf(categories, "improved");
  snapshot["worsened"] = ListOf(categories, "worsened");
  snapshot["product_categories"] = std::move(categories);
  snapshot["firm_sizes"] = std::move(sizes);
  snapshot["sources"] = sources.Take();

  QualityReportEdition edition{.region_code = root->code,
                               .year = year,
                               .generated_at = now,
                               .generated_by = caller.actor,
                               .snapshot = std::move(snapshot)};
  const std::string body = edition.snapshot.dump();
  edition.digest = auth::ToHex(auth::Sm3(body));
  ZQ_RETURN_IF_ERROR(store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const Value key[] = {root->code, std::int64_t{year}};
    ZQ_ASSIGN_OR_RETURN(const store::ResultSet last,
                        tx.Query("SELECT MAX(edition) FROM stats_quality_reports WHERE "
                                 "region_code = ? AND year = ?",
                                 key));
    edition.edition = last.rows.empty() || last.rows[0].IsNull(0)
                          ? 1
                          : static_cast<int>(last.rows[0].GetInt(0)) + 1;
    const Value row[] = {root->code,    std::int64_t{year}, std::int64_t{edition.edition},
                         now,           caller.actor,       body,
                         edition.digest};
    ZQ_RETURN_IF_ERROR(tx.Execute("INSERT INTO stats_quality_reports (region_code, year, edition, "
                                  "generated_at, generated_by, snapshot, digest) VALUES (?, ?, "
                                  "?, ?, ?, ?, ?)",
                                  row)
                           .status());
    return audit_.Append(tx, caller, "stats.quality_report.generate",
                         fmt::format("quality_report:{}:{}:{}", root->code, year, edition.edition),
                         json{{"digest", edition.digest}}.dump());
  }));
  return edition;
}

Result<QualityReportEdition> QualityReports::Get(const auth::Caller& caller,
                                                 const ids::RegionCode& region, int year,
                                                 std::optional<int> edition) const {
  if (!caller.IsOfficial() || !caller.CanReadRegion(region.code))
    return Status::NotFound("no such region in your jurisdiction", "region");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::string sql =
      "SELECT edition, generated_at, generated_by, snapshot, digest FROM stats_quality_reports "
      "WHERE region_code = ? AND year = ?";
  std::vector<Value> params = {region.code, std::int64_t{year}};
  if (edition) {
    sql += " AND edition = ?";
    params.emplace_back(std::int64_t{*edition});
  }
  ZQ_ASSIGN_OR_RETURN(const store::ResultSet found,
                      tx->Query(sql + " ORDER BY edition DESC LIMIT 1", params));
  if (found.rows.empty())
    return Status::NotFound("no report of this region and year has been generated", "edition");
  const auto& r = found.rows[0];
  QualityReportEdition out{.region_code = region.code,
                           .year = year,
                           .edition = static_cast<int>(r.GetInt(0)),
                           .generated_at = r.GetText(1),
                           .generated_by = r.GetText(2),
                           .snapshot = json::parse(r.GetText(3), nullptr, false),
                           .digest = r.GetText(4)};
  if (out.snapshot.is_discarded() || auth::ToHex(auth::Sm3(r.GetText(3))) != out.digest)
    return Status::Internal("the stored report does not match its digest");
  return out;
}

}  // namespace zq::stats
