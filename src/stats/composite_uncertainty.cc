// Rank uncertainty of a composite index (COINr's uncertainty analysis) and 质量工作考核 grades.
#include <algorithm>
#include <cmath>
#include <random>

#include "stats/composite.h"

namespace zq::stats {
namespace {

double Percentile(std::vector<double> v, double q) {  // R type 7
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// A uniform double in [0, 1) from the top 53 bits, the same on every standard library.
double Uniform(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

}  // namespace

Result<UncertaintyResult> RankUncertainty(const CompositeData& data, const CompositeSpec& spec,
                                          const UncertaintyOptions& options) {
  if (options.replications < 2) {
    return Status::InvalidArgument("at least 2 replications", "replications");
  }
  if (!(options.weight_spread >= 0 && options.weight_spread < 1)) {
    return Status::InvalidArgument("weight_spread lies in [0, 1)", "weight_spread");
  }
  ZQ_ASSIGN_OR_RETURN(const CompositeResult nominal, BuildComposite(data, spec));
  std::mt19937_64 rng(options.seed);
  const size_t units = data.units.size();
  std::vector<std::vector<double>> ranks(units);
  UncertaintyResult r;
  r.replications = options.replications;
  for (int rep = 0; rep < options.replications; ++rep) {
    CompositeSpec s = spec;
    for (CompositeNode& n : s.nodes) n.weight *= 1 + options.weight_spread * (2 * Uniform(rng) - 1);
    if (!options.normalisations.empty()) {
      s.normalisation = options.normalisations[static_cast<size_t>(
          Uniform(rng) * static_cast<double>(options.normalisations.size()))];
    }
    if (!options.aggregations.empty()) {
      s.aggregation = options.aggregations[static_cast<size_t>(
          Uniform(rng) * static_cast<double>(options.aggregations.size()))];
    }
    const auto built = BuildComposite(data, s);
    if (!built.ok()) {
      ++r.failed;
      continue;
    }
    for (size_t u = 0; u < units; ++u) {
      if (built->ranks[u] > 0)
        ranks[u].push_back(built->ranks[u]);
    }
  }
  for (size_t u = 0; u < units; ++u) {
    RankInterval ri;
    ri.unit = data.units[u];
    ri.nominal = nominal.ranks[u];
    if (!ranks[u].empty()) {
      ri.median = Percentile(ranks[u], 0.5);
      ri.p05 = Percentile(ranks[u], 0.05);
      ri.p95 = Percentile(ranks[u], 0.95);
    }
    r.ranks.push_back(ri);
  }
  return r;
}

std::vector<GradeBand> NationalGradeBands() { return {{"A", 90}, {"B", 80}, {"C", 60}, {"D", 0}}; }

Result<GradeResult> GradeFromPoints(double points, const std::vector<GradeBand>& bands, Veto veto) {
  if (bands.empty())
    return Status::InvalidArgument("no grade bands", "bands");
  for (size_t i = 1; i < bands.size(); ++i) {
    if (!(bands[i].minimum < bands[i - 1].minimum)) {
      return Status::InvalidArgument("grade bands run from the highest cut down", "bands");
    }
  }
  if (!std::isfinite(points) || points < 0) {
    return Status::InvalidArgument("points must be a number ≥ 0", "points");
  }
  GradeResult g;
  g.points = points;
  size_t band = bands.size() - 1;
  for (size_t i = 0; i < bands.size(); ++i) {
    if (points >= bands[i].minimum) {
      band = i;
      break;
    }
  }
  g.above_cut = points - bands[band].minimum;
  if (band > 0)
    g.to_next_band = bands[band - 1].minimum - points;
  g.grade = bands[band].grade;
  if (veto == Veto::kApplied) {
    g.vetoed = true;
    g.grade = bands.back().grade;
  }
  return g;
}

}  // namespace zq::stats
