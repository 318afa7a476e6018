// COINr's pipeline (composite_pipeline.h): parsing the pipeline file and running its steps.
#include "stats/composite_pipeline.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace zq::stats {
namespace {

using IndicatorColumn = std::vector<std::optional<double>>;
using nlohmann::json;

constexpr char kStandIn = '\x01';  // the root of indicators not aggregated

Status Bad(const std::string& message) { return Status::InvalidArgument(message, "pipeline"); }

Result<ImputeStep> ParseImpute(const json& o) {
  ImputeStep s;
  const std::string method = o.value("method", "i_mean");
  static const std::map<std::string, ImputeMethod> kMethods = {
      {"i_mean", ImputeMethod::kMean},
      {"mean", ImputeMethod::kMean},
      {"i_median", ImputeMethod::kMedian},
      {"median", ImputeMethod::kMedian},
      {"i_mean_grp", ImputeMethod::kGroupMean},
      {"group_mean", ImputeMethod::kGroupMean},
      {"i_median_grp", ImputeMethod::kGroupMedian},
      {"group_median", ImputeMethod::kGroupMedian}};
  const auto m = kMethods.find(method);
  if (m == kMethods.end())
    return Bad("impute method is i_mean, i_median, i_mean_grp or i_median_grp, not " + method);
  s.method = m->second;
  s.group = o.value("group", "");
  const bool grouped =
      s.method == ImputeMethod::kGroupMean || s.method == ImputeMethod::kGroupMedian;
  if (grouped == s.group.empty())
    return Bad(grouped ? "a group imputation needs \"group\": a group column"
                       : "\"group\" is for i_mean_grp and i_median_grp");
  return s;
}

Result<NormalisationSpec> ParseNormalise(const json& o) {
  NormalisationSpec s;
  ZQ_ASSIGN_OR_RETURN(s.method, ParseNormalisation(o.value("method", "minmax")));
  if (s.method == Normalisation::kNone)
    return Bad("leave normalise out for no normalisation");
  for (const char* key : {"range", "mean_sd"}) {
    if (!o.contains(key))
      continue;
    const json& r = o[key];
    if (!r.is_array() || r.size() != 2 || !r[0].is_number() || !r[1].is_number())
      return Bad(std::string(key) + " is [a, b]");
    (std::string(key) == "range" ? s.lower : s.mean) = r[0].get<double>();
    (std::string(key) == "range" ? s.upper : s.sd) = r[1].get<double>();
  }
  if (!(s.upper > s.lower) || !(s.sd > 0))
    return Bad("range needs lower < upper, mean_sd a positive sd");
  return s;
}

Status CheckKeys(const json& o, const std::string& step, std::set<std::string> keys) {
  if (!o.is_object())
    return Bad("the options of " + step + " are an object");
  for (const auto& [k, v] : o.items())
    if (!keys.count(k))
      return Bad(step + " has no option " + k);
  return Status::Ok();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Fills each missing value of x with the mean or median of the values present among `members`.
void Fill(IndicatorColumn& x, const std::vector<size_t>& members, bool median) {
  std::vector<double> present;
  for (size_t u : members)
    if (x[u])
      present.push_back(*x[u]);
  if (present.empty())
    return;
  double sum = 0;
  for (double v : present) sum += v;
  const double fill = median ? Median(present) : sum / static_cast<double>(present.size());
  for (size_t u : members)
    if (!x[u])
      x[u] = fill;
}

}  // namespace

Result<Pipeline> ParsePipeline(std::string_view json_text) {
  const json doc = json::parse(json_text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("steps") || !doc["steps"].is_array())
    return Bad("the pipeline is {\"steps\": [{\"<step>\": {options}}, ...]}");
  Pipeline p;
  static const std::vector<std::string> kOrder = {"denominate", "impute",    "screen",
                                                  "treat",      "normalise", "aggregate"};
  for (const json& step : doc["steps"]) {
    if (!step.is_object() || step.size() != 1)
      return Bad("each step is {\"<step>\": {options}}");
    const std::string name = step.begin().key();
    const json& o = step.begin().value();
    if (std::find(kOrder.begin(), kOrder.end(), name) == kOrder.end())
      return Bad("unknown step " + name +
                 " (denominate, impute, screen, treat, normalise, "
                 "aggregate)");
    if (std::find(p.steps.begin(), p.steps.end(), name) != p.steps.end())
      return Bad("step " + name + " is given twice");
    if (p.normalise || p.aggregate) {
      if (p.aggregate || name != "aggregate")
        return Bad("normalise and aggregate come after the other steps, aggregate last");
    }
    p.steps.push_back(name);
    if (name == "denominate") {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {}));
    } else if (name == "impute") {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {"method", "group"}));
      ZQ_ASSIGN_OR_RETURN(p.impute, ParseImpute(o));
    } else if (name == "screen") {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {"min_data"}));
      p.screen = ScreenStep{};
      if (o.contains("min_data")) {
        if (!o["min_data"].is_number() || o["min_data"] < 0 || o["min_data"] > 1)
          return Bad("min_data is a share between 0 and 1");
        p.screen->min_data = o["min_data"].get<double>();
      }
    } else if (name == "treat") {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {"winmax", "skew", "kurtosis", "log"}));
      TreatStep t;
      if ((o.contains("winmax") && !o["winmax"].is_number_unsigned()) ||
          (o.contains("skew") && !o["skew"].is_number()) ||
          (o.contains("kurtosis") && !o["kurtosis"].is_number()) ||
          (o.contains("log") && !o["log"].is_boolean()))
        return Bad("treat: winmax is a count ≥ 0, skew and kurtosis numbers, log true or false");
      t.winmax = o.value("winmax", t.winmax);
      t.skew = o.value("skew", t.skew);
      t.kurtosis = o.value("kurtosis", t.kurtosis);
      t.log = o.value("log", t.log);
      p.treat = t;
    } else if (name == "normalise") {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {"method", "range", "mean_sd"}));
      ZQ_ASSIGN_OR_RETURN(p.normalise, ParseNormalise(o));
    } else {
      ZQ_RETURN_IF_ERROR(CheckKeys(o, name, {"method"}));
      const std::string m = o.value("method", "arithmetic");
      if (m == "arithmetic")
        p.aggregate = Aggregation::kArithmetic;
      else if (m == "geometric")
        p.aggregate = Aggregation::kGeometric;
      else if (m == "harmonic")
        p.aggregate = Aggregation::kHarmonic;
      else
        return Bad("aggregate method is arithmetic, geometric or harmonic");
    }
  }
  return p;
}

Result<PipelineResult> RunPipeline(const CoinInput& input, const Pipeline& pipeline) {
  PipelineResult r;
  r.steps = pipeline.steps;
  std::vector<const CoinMeta*> indicators;
  for (const CoinMeta& m : input.meta)
    if (m.type == "Indicator")
      indicators.push_back(&m);
  if (indicators.empty())
    return Status::InvalidArgument("the metadata names no indicator", "meta");
  std::vector<IndicatorColumn> x;  // [indicator][unit]
  for (const CoinMeta* m : indicators) x.push_back(input.numbers.at(m->code));
  std::vector<size_t> kept(input.units.size());
  for (size_t u = 0; u < kept.size(); ++u) kept[u] = u;
  for (const std::string& step : pipeline.steps) {
    if (step == "denominate") {
      for (size_t i = 0; i < indicators.size(); ++i) {
        if (indicators[i]->denominator.empty())
          continue;
        const IndicatorColumn& d = input.numbers.at(indicators[i]->denominator);
        for (size_t u = 0; u < x[i].size(); ++u)  // a zero or missing denominator: missing
          x[i][u] = x[i][u] && d[u] && *d[u] != 0 ? std::optional(*x[i][u] / *d[u]) : std::nullopt;
      }
    } else if (step == "impute") {
      const ImputeStep& s = *pipeline.impute;
      const bool median =
          s.method == ImputeMethod::kMedian || s.method == ImputeMethod::kGroupMedian;
      std::map<std::string, std::vector<size_t>> groups;
      if (s.group.empty()) {
        groups[""] = kept;
      } else {
        const auto g = input.texts.find(s.group);
        if (g == input.texts.end())
          return Status::InvalidArgument("group " + s.group + " is not a column of the data",
                                         "pipeline");
        for (size_t u : kept)  // a unit without a group is left missing (COINr skip_f_na)
          if (!g->second[u].empty() && g->second[u] != "NA")
            groups[g->second[u]].push_back(u);
      }
      for (IndicatorColumn& col : x)
        for (const auto& [name, members] : groups) Fill(col, members, median);
    } else if (step == "screen") {
      std::vector<size_t> still;
      for (size_t u : kept) {
        size_t present = 0;
        for (const IndicatorColumn& col : x) present += col[u].has_value();
        const double share = static_cast<double>(present) / static_cast<double>(x.size());
        if (share < pipeline.screen->min_data)
          r.removed_units.push_back(input.units[u]);
        else
          still.push_back(u);
      }
      kept = std::move(still);
    } else if (step == "treat") {
      for (size_t i = 0; i < indicators.size(); ++i) {
        IndicatorColumn col;
        for (size_t u : kept) col.push_back(x[i][u]);
        Treatment t = TreatIndicator(col, *pipeline.treat);
        t.code = indicators[i]->code;
        r.treatment.push_back(t);
        for (size_t k = 0; k < kept.size(); ++k) x[i][kept[k]] = col[k];
      }
    }
  }
  CompositeData data;
  CompositeSpec spec;
  for (size_t u : kept) {
    r.units.push_back(input.units[u]);
    r.unit_names.push_back(input.unit_names[u]);
    data.units.push_back(input.units[u]);
    data.values.emplace_back();
    for (const IndicatorColumn& col : x) data.values.back().push_back(col[u]);
  }
  for (const CoinMeta* m : indicators) data.indicators.push_back(m->code);
  for (const CoinMeta& m : input.meta) {
    if (m.type == "Indicator" || (m.type == "Aggregate" && pipeline.aggregate)) {
      spec.nodes.push_back({.code = m.code,
                            .parent = m.parent,
                            .weight = m.weight,
                            .direction = m.direction,
                            .target = m.target});
    }
  }
  if (!pipeline.aggregate) {  // no tree: the indicators under a stand-in root, dropped below
    for (CompositeNode& n : spec.nodes) n.parent.assign(1, kStandIn);
    spec.nodes.push_back({.code = std::string(1, kStandIn)});
  }
  spec.normalisation = pipeline.normalise.value_or(NormalisationSpec{Normalisation::kNone});
  spec.aggregation = pipeline.aggregate.value_or(Aggregation::kArithmetic);
  ZQ_ASSIGN_OR_RETURN(CompositeResult built, BuildComposite(data, spec));
  if (pipeline.aggregate)
    r.root = built.root;
  std::vector<size_t> keep_columns;
  for (size_t c = 0; c < built.codes.size(); ++c)
    if (built.codes[c] != std::string(1, kStandIn))
      keep_columns.push_back(c);
  for (size_t c : keep_columns) r.codes.push_back(built.codes[c]);
  r.scores.assign(r.units.size(), {});
  r.ranks.assign(r.units.size(), {});
  for (size_t c : keep_columns) {
    IndicatorColumn col;
    for (size_t u = 0; u < r.units.size(); ++u) col.push_back(built.scores[u][c]);
    const std::vector<int> ranks = RanksMin(col);
    for (size_t u = 0; u < r.units.size(); ++u) {
      r.scores[u].push_back(col[u]);
      r.ranks[u].push_back(ranks[u]);
    }
  }
  return r;
}

}  // namespace zq::stats
