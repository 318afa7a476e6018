// The JSON of `zq stats plspm` and `zq stats composite` (stats_json.h).
#include "stats/stats_json.h"

namespace zq::stats {
namespace {

using nlohmann::json;

json Stats(const std::vector<BootstrapStat>& stats) {
  json out = json::array();
  for (const BootstrapStat& s : stats) {
    out.push_back({{"name", s.name},
                   {"original", s.original},
                   {"mean", s.mean},
                   {"std_error", s.std_error},
                   {"lower", s.lower},
                   {"upper", s.upper}});
  }
  return out;
}

json Optional(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

nlohmann::json IndicatorValueJson(const IndicatorValue& v) {
  json inputs = json::parse(v.inputs, nullptr, false);
  return {{"indicator", v.indicator_code},
          {"rule_version", v.rule_version},
          {"region_code", v.region_code},
          {"period", v.period},
          {"value", v.value},
          {"lower", Optional(v.lower)},
          {"upper", Optional(v.upper)},
          {"interval_method", v.interval_method},
          {"inputs", inputs.is_discarded() ? json(v.inputs) : inputs},
          {"computed_at", v.computed_at}};
}

json PlsResultJson(const PlsResult& r, const PlsOptions& options, size_t observations) {
  json out = {{"scheme", InnerSchemeName(options.scheme)},
              {"scaling", options.scaling == Scaling::kScaled ? "scaled" : "raw"},
              {"observations", observations},
              {"iterations", r.iterations}};
  json& outer = out["outer"] = json::array();
  for (const OuterResult& o : r.outer) {
    outer.push_back({{"block", o.block},
                     {"indicator", o.indicator},
                     {"weight", o.weight},
                     {"loading", o.loading},
                     {"communality", o.communality},
                     {"redundancy", o.redundancy}});
  }
  json& paths = out["paths"] = json::array();
  for (const PathResult& p : r.paths) {
    paths.push_back({{"from", p.from},
                     {"to", p.to},
                     {"coefficient", p.coefficient},
                     {"std_error", p.std_error},
                     {"t", p.t},
                     {"p_value", p.p_value}});
  }
  json& r2 = out["r_squared"] = json::object();
  json& blocks = out["blocks"] = json::array();
  for (const BlockResult& b : r.blocks) {
    if (b.endogenous)
      r2[b.name] = b.r_squared;
    blocks.push_back({{"name", b.name},
                      {"mode", OuterModeName(b.mode)},
                      {"endogenous", b.endogenous},
                      {"r_squared", b.r_squared},
                      {"communality", b.communality},
                      {"redundancy", b.redundancy},
                      {"ave", Optional(b.ave)},
                      {"cronbach_alpha", b.cronbach_alpha},
                      {"dillon_goldstein_rho", b.dillon_goldstein_rho},
                      {"eigenvalue_1", b.eigenvalue_1},
                      {"eigenvalue_2", b.eigenvalue_2}});
  }
  json& effects = out["effects"] = json::array();
  for (const EffectResult& e : r.effects) {
    effects.push_back({{"from", e.from},
                       {"to", e.to},
                       {"direct", e.direct},
                       {"indirect", e.indirect},
                       {"total", e.total}});
  }
  out["gof"] = r.gof;
  json& index = out["index"] = json::object();
  json notes = json::object();
  for (const IndexResult& i : r.index) {
    index[i.block] = Optional(i.value);
    if (!i.value)
      notes[i.block] = i.note;
  }
  out["index_notes"] = notes;
  out["convention"] = r.convention.empty()
                          ? "no 0-100 index: the model gives no \"scale\" (the items' theoretical "
                            "ends, e.g. [0, 10])"
                          : r.convention;
  return out;
}

json BootstrapJson(const BootstrapResult& b, std::uint64_t seed) {
  return {{"resamples", b.resamples},
          {"inadmissible", b.inadmissible},
          {"seed", seed},
          {"weights", Stats(b.weights)},
          {"loadings", Stats(b.loadings)},
          {"paths", Stats(b.paths)},
          {"r_squared", Stats(b.r_squared)},
          {"total_effects", Stats(b.total_effects)},
          {"index", Stats(b.index)}};
}

json PipelineResultJson(const PipelineResult& r) {
  json units = json::array();
  for (size_t u = 0; u < r.units.size(); ++u) {
    json scores = json::object(), ranks = json::object();
    for (size_t c = 0; c < r.codes.size(); ++c) {
      scores[r.codes[c]] = Optional(r.scores[u][c]);
      ranks[r.codes[c]] = r.ranks[u][c] > 0 ? json(r.ranks[u][c]) : json(nullptr);
    }
    units.push_back(
        {{"uCode", r.units[u]}, {"uName", r.unit_names[u]}, {"scores", scores}, {"ranks", ranks}});
  }
  json treatment = json::array();
  for (const Treatment& t : r.treatment) {
    treatment.push_back({{"iCode", t.code},
                         {"skew", t.before.skew},
                         {"kurtosis", t.before.kurtosis},
                         {"passed_before", t.passed_before},
                         {"winsorised", t.winsorised},
                         {"log", t.log},
                         {"skew_after", t.after.skew},
                         {"kurtosis_after", t.after.kurtosis},
                         {"pass", t.passed}});
  }
  return {{"steps", r.steps},       {"root", r.root.empty() ? json(nullptr) : json(r.root)},
          {"codes", r.codes},       {"removed_units", r.removed_units},
          {"treatment", treatment}, {"units", units}};
}

}  // namespace zq::stats
