#include "stats/indicators.h"

#include <chrono>
#include <string>

#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "stats/internal/computing.h"
#include "store/row_mapping.h"

namespace zq::stats {
namespace {

using store::Value;

Publication ParsePublication(std::string text) {
  return text == "1" ? Publication::kPublished : Publication::kInternal;
}

const store::Columns<IndicatorDefinition>& DefinitionColumns() {
  using D = IndicatorDefinition;
  static const store::Columns<D> kColumns(
      "code", &D::code, "version", &D::version, "valid_from", &D::valid_from, "valid_to",
      &D::valid_to, "name_zh", &D::name_zh, "name_en", &D::name_en, "definition", &D::definition,
      "formula", &D::formula, "unit", &D::unit, "direction", &D::direction, "data_source",
      &D::data_source, "aggregation", &D::aggregation, "published", &D::publication,
      ParsePublication);
  return kColumns;
}

const store::Columns<IndicatorValue>& ValueColumns() {
  using V = IndicatorValue;
  static const store::Columns<V> kColumns(
      "id", &V::id, "indicator_code", &V::indicator_code, "rule_version", &V::rule_version,
      "region_code", &V::region_code, "period", &V::period, "value", &V::value, "value_lower",
      &V::lower, "value_upper", &V::upper, "interval_method", &V::interval_method, "inputs",
      &V::inputs, "computed_at", &V::computed_at);
  return kColumns;
}

bool IsDate(std::string_view s) { return s.size() == 10 && s[4] == '-' && s[7] == '-'; }

bool IsMonth(std::string_view s) {
  return s.size() == 7 && s[4] == '-' && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::isdigit(static_cast<unsigned char>(s[5])) &&
         std::isdigit(static_cast<unsigned char>(s[6]));
}

}  // namespace

const std::vector<IndicatorDefinition>& BuiltInIndicators() {
  static const std::vector<IndicatorDefinition> kBuiltIn = {
      {.code = "spot_check_pass_rate",
       .valid_from = "2017-01-01",
       .name_zh = "监督抽查合格率",
       .name_en = "Supervision spot-check pass rate",
       .definition = "判定合格的样品（批次）数占抽查样品（批次）总数的百分比（最终结论）",
       .formula = "passed / tested; 95% Wilson interval (Clopper–Pearson in the inputs)",
       .unit = "ratio",
       .direction = 1,
       .data_source = "inspection: final verdicts (pass-rate cube)",
       .aggregation = "pooled counts over the region's subtree and the months; never averaged",
       .publication = Publication::kPublished},
      {.code = "manufacturing_pass_rate",
       .valid_from = "2017-01-01",
       .name_zh = "制造业产品质量合格率",
       .name_en = "Manufacturing product quality pass rate",
       .definition = "以工业产值为权重的分地区、分行业抽样检测合格率（29 个制造业大类）",
       .formula =
           "sum_h W_h p_h, W_h = output value share; Cochran variance; Korn–Graubard interval",
       .unit = "ratio",
       .direction = 1,
       .data_source = "inspection verdicts by GB/T 4754 division; statistics bureau output values",
       .aggregation = "output-value weighted over divisions (stratified estimator)",
       .publication = Publication::kPublished},
      {.code = "quality_loss_rate",
       .valid_from = "2017-01-01",
       .name_zh = "质量损失率",
       .name_en = "Quality loss rate",
       .definition = "报告期内部与外部质量损失成本之和占工业总产值的百分比",
       .formula = "(C_i + C_e) / P",
       .unit = "ratio",
       .direction = -1,
       .data_source = "enterprise quality statistics report forms",
       .aggregation = "sum C / sum P over enterprises, never the mean of ratios"},
      {.code = "customer_satisfaction_index",
       .valid_from = "2017-01-01",
       .name_zh = "顾客满意度指数",
       .name_en = "Customer satisfaction index",
       .definition = "PLS 路径模型满意度潜变量的 0–100 指数",
       .formula = "100 (mean(sum w~_h x_h) - m) / (M - m), plspm conventions (docs/statistics.md)",
       .unit = "points (0-100)",
       .direction = 1,
       .data_source = "satisfaction surveys",
       .aggregation = "one model per survey; bootstrap interval"},
      {.code = "mqci",
       .valid_from = "2017-01-01",
       .name_zh = "制造业质量竞争力指数",
       .name_en = "Manufacturing quality competitiveness index (Zhiqiang method)",
       .definition = "12 项统计指标标准化得分线性加权（官方权重未公开：本平台方法，权重可配置）",
       .formula = "goalposts onto [60, 100], equal weights within each level (configurable)",
       .unit = "points (60-100)",
       .direction = 1,
       .data_source = "enterprise and statistics-bureau data",
       .aggregation = "hierarchical arithmetic mean; rank intervals by Monte Carlo"},
  };
  return kBuiltIn;
}

Status IndicatorStore::EnsureCatalogue() {
  for (const IndicatorDefinition& d : BuiltInIndicators()) {
    const Status s = AddVersion(d);
    if (!s.ok() && s.code() != StatusCode::kAlreadyExists)
      return s;
  }
  return Status::Ok();
}

Status IndicatorStore::AddVersion(const IndicatorDefinition& d) {
  if (d.code.empty())
    return Status::InvalidArgument("an indicator needs a code", "code");
  if (d.version < 1)
    return Status::InvalidArgument("versions count from 1", "version");
  if (!IsDate(d.valid_from))
    return Status::InvalidArgument("valid_from is YYYY-MM-DD", "valid_from");
  if (d.valid_to && (!IsDate(*d.valid_to) || *d.valid_to <= d.valid_from)) {
    return Status::InvalidArgument("valid_to is a YYYY-MM-DD after valid_from", "valid_to");
  }
  if (d.name_zh.empty() || d.name_en.empty()) {
    return Status::InvalidArgument("an indicator needs its names", "name_zh");
  }
  if (d.direction != 1 && d.direction != -1) {
    return Status::InvalidArgument("direction is 1 or -1", "direction");
  }
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    const Value p[] = {d.code,
                       std::int64_t{d.version},
                       d.valid_from,
                       d.valid_to ? Value(*d.valid_to) : Value(),
                       d.name_zh,
                       d.name_en,
                       d.definition,
                       d.formula,
                       d.unit,
                       std::int64_t{d.direction},
                       d.data_source,
                       d.aggregation,
                       std::int64_t{d.publication == Publication::kPublished ? 1 : 0}};
    // The new version closes the open one (its valid_to becomes this valid_from).
    const Value open[] = {d.code, std::int64_t{d.version}, d.valid_from};
    ZQ_ASSIGN_OR_RETURN(store::ResultSet later,
                        tx.Query("SELECT version FROM stats_indicators WHERE code = ? AND "
                                 "version < ? AND valid_from >= ?",
                                 open));
    if (!later.rows.empty()) {
      return Status::InvalidArgument("a new version must start after the earlier ones",
                                     "valid_from");
    }
    const Value close[] = {d.valid_from, d.code, std::int64_t{d.version}};
    ZQ_RETURN_IF_ERROR(tx.Execute("UPDATE stats_indicators SET valid_to = ? WHERE code = ? AND "
                                  "valid_to IS NULL AND version < ?",
                                  close)
                           .status());
    return store::ExecuteUnique(
        tx,
        "INSERT INTO stats_indicators (code, version, valid_from, valid_to, name_zh, name_en, "
        "definition, formula, unit, direction, data_source, aggregation, published) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        p, Status::AlreadyExists("indicator " + d.code + " already has this version", "version"));
  });
}

Result<std::vector<IndicatorDefinition>> IndicatorStore::Catalogue(
    const auth::Caller& caller, std::optional<std::string> as_of) const {
  if (as_of && !IsDate(*as_of))
    return Status::InvalidArgument("as_of is YYYY-MM-DD", "as_of");
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  std::string where = "stats_indicators WHERE 1 = 1";
  std::vector<Value> params;
  if (!caller.IsOfficial())
    where += " AND published = 1";
  if (as_of) {
    where += " AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)";
    params = {*as_of, *as_of};
  }
  return DefinitionColumns().QueryAll(*tx, where + " ORDER BY code, version", params);
}

Result<std::vector<IndicatorValue>> IndicatorStore::Values(
    const auth::Caller& caller, std::string_view code, const std::optional<ids::RegionCode>& region,
    std::optional<std::string> period) const {
  ZQ_ASSIGN_OR_RETURN(auto tx, db_.Begin(store::TxMode::kReadOnly));
  const Value c[] = {std::string(code)};
  ZQ_ASSIGN_OR_RETURN(store::ResultSet found,
                      tx->Query("SELECT MAX(published) FROM stats_indicators WHERE code = ?", c));
  bool exists = !found.rows.empty() && !found.rows[0].IsNull(0);
  bool published = exists && found.rows[0].GetInt(0) == 1;
  for (const IndicatorDefinition& d : BuiltInIndicators()) {  // before EnsureCatalogue has run
    if (!exists && d.code == code) {
      exists = true;
      published = d.publication == Publication::kPublished;
    }
  }
  if (!exists || (!caller.IsOfficial() && !published)) {
    return Status::NotFound("no such indicator", "code");
  }
  std::string where = "stats_values WHERE indicator_code = ?";
  std::vector<Value> params = {std::string(code)};
  if (region) {
    where += " AND region_code LIKE ?";
    params.emplace_back(std::string(ids::SubtreePrefix(region->code)) + "%");
  }
  if (period) {
    where += " AND period = ?";
    params.emplace_back(*period);
  }
  ZQ_ASSIGN_OR_RETURN(
      std::vector<IndicatorValue> all,
      ValueColumns().QueryAll(*tx, where + " ORDER BY region_code, period, rule_version", params));
  if (!caller.IsOfficial())
    return all;  // a published indicator: every region
  std::vector<IndicatorValue> visible;
  for (IndicatorValue& v : all)
    if (caller.CanReadRegion(v.region_code))
      visible.push_back(std::move(v));
  return visible;
}

namespace {

// Stores the value in `tx`, replacing one for the same indicator, version, region and period.
Status WriteIndicatorValue(store::Transaction& tx, const IndicatorValue& v) {
  ZQ_RETURN_IF_ERROR(ids::ParseRegionCode(v.region_code).status());
  if (v.period.empty())
    return Status::InvalidArgument("a value needs its period", "period");
  {
    const Value key[] = {v.indicator_code, std::int64_t{v.rule_version}, v.region_code, v.period};
    ZQ_RETURN_IF_ERROR(tx.Execute("DELETE FROM stats_values WHERE indicator_code = ? AND "
                                  "rule_version = ? AND region_code = ? AND period = ?",
                                  key)
                           .status());
    const Value p[] = {v.indicator_code,
                       std::int64_t{v.rule_version},
                       v.region_code,
                       v.period,
                       v.value,
                       v.lower ? Value(*v.lower) : Value(),
                       v.upper ? Value(*v.upper) : Value(),
                       v.interval_method,
                       v.inputs,
                       v.computed_at};
    return tx
        .Execute(
            "INSERT INTO stats_values (indicator_code, rule_version, region_code, "
            "period, value, value_lower, value_upper, interval_method, inputs, "
            "computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            p)
        .status();
  }
}

}  // namespace

Status IndicatorStore::RecordValue(const IndicatorValue& v) {
  return store::InTransaction(
      db_, [&](store::Transaction& tx) -> Status { return WriteIndicatorValue(tx, v); });
}

Status IndicatorStore::RecordComputed(const auth::Caller& caller,
                                      std::span<const IndicatorValue> values,
                                      std::string_view what) {
  return store::InTransaction(db_, [&](store::Transaction& tx) -> Status {
    for (const IndicatorValue& v : values) ZQ_RETURN_IF_ERROR(WriteIndicatorValue(tx, v));
    return audit_.Append(tx, caller, "stats.indicator_values.compute",
                         "indicator:" + std::string(what));
  });
}

Result<std::vector<IndicatorValue>> IndicatorStore::ComputeSpotCheckPassRates(
    const PassRateQuery& pass_rates, const auth::Caller& caller,
    const std::optional<ids::RegionCode>& region, const std::string& from, const std::string& to) {
  if (!caller.CanWrite())
    return Status::PermissionDenied("computing indicators needs a writer");
  if (!IsMonth(from))
    return Status::InvalidArgument("from is YYYY-MM", "from");
  if (!IsMonth(to) || to < from)
    return Status::InvalidArgument("to is a YYYY-MM from from on", "to");
  ZQ_ASSIGN_OR_RETURN(const std::optional<ids::RegionCode> root,
                      internal::ComputedRoot(caller, region));
  const std::string period = from == to ? from : from + ".." + to;
  const std::string now = internal::NowUtcText(clock_);
  auto make = [&](const std::string& code, const inspection::PassRate& rate) {
    IndicatorValue v;
    v.indicator_code = "spot_check_pass_rate";
    v.region_code = code;
    v.period = period;
    v.value = rate.rate;
    v.lower = rate.wilson.lower;
    v.upper = rate.wilson.upper;
    v.interval_method = "wilson";
    v.inputs = nlohmann::json{{"tested", rate.tested},
                              {"passed", rate.passed},
                              {"clopper_pearson",
                               {rate.clopper_pearson.lower, rate.clopper_pearson.upper}},
                              {"confidence", 0.95},
                              {"months", {from, to}},
                              {"source", "inspection pass-rate cube (final verdicts)"}}
                   .dump();
    v.computed_at = now;
    return v;
  };
  inspection::CubeQuery q;
  q.region = root;
  q.period_from = from;
  q.period_to = to;
  std::vector<IndicatorValue> values;
  ZQ_ASSIGN_OR_RETURN(const auto total, pass_rates(q));
  if (root && !total.empty())
    values.push_back(make(root->code, total[0].rate));
  // One level below the root (the province's cities, a city's counties); the whole country's
  // provinces for an administrator without a region.
  if (const std::optional<ids::RegionLevel> below = internal::LevelBelow(root)) {
    q.group_by = {inspection::CubeDimension::kRegion};
    q.region_level = *below;
    ZQ_ASSIGN_OR_RETURN(const auto rows, pass_rates(q));
    for (const auto& row : rows) values.push_back(make(row.key[0], row.rate));
  }
  ZQ_RETURN_IF_ERROR(RecordComputed(
      caller, values,
      "spot_check_pass_rate:" + std::string(root ? root->code : "all") + ":" + from + ".." + to));
  return values;
}

}  // namespace zq::stats
