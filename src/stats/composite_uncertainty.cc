// Rank uncertainty of a composite index (COINr's uncertainty analysis) and 质量工作考核 grades.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <thread>

#include "stats/composite.h"
#include "stats/internal/composite_tree.h"

namespace zq::stats {
namespace {

double Percentile(const std::vector<double>& v, double q) {  // R type 7, v sorted
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
  if (options.threads < 1)
    return Status::InvalidArgument("at least 1 thread", "threads");
  ZQ_ASSIGN_OR_RETURN(const CompositeResult nominal, BuildComposite(data, spec));
  ZQ_ASSIGN_OR_RETURN(const internal::CompositeTree tree, internal::CompileTree(data, spec));
  // The replications' draws, in one seeded stream: each weight, then the normalisation, then
  // the aggregation.
  const size_t reps = static_cast<size_t>(options.replications), nodes = spec.nodes.size();
  std::vector<std::vector<double>> weights(reps, std::vector<double>(nodes));
  std::vector<size_t> normalisation(reps, 0);
  std::vector<Aggregation> aggregation(reps, spec.aggregation);
  std::mt19937_64 rng(options.seed);
  for (size_t rep = 0; rep < reps; ++rep) {
    for (size_t i = 0; i < nodes; ++i)
      weights[rep][i] = spec.nodes[i].weight * (1 + options.weight_spread * (2 * Uniform(rng) - 1));
    if (!options.normalisations.empty()) {
      normalisation[rep] =
          static_cast<size_t>(Uniform(rng) * static_cast<double>(options.normalisations.size()));
    }
    if (!options.aggregations.empty()) {
      aggregation[rep] = options.aggregations[static_cast<size_t>(
          Uniform(rng) * static_cast<double>(options.aggregations.size()))];
    }
  }
  // The indicators normalised once per normalisation drawn from (they do not depend on weights).
  std::vector<std::optional<std::vector<internal::Column>>> leaves;
  for (size_t k = 0; k < std::max<size_t>(1, options.normalisations.size()); ++k) {
    CompositeSpec s = spec;
    if (!options.normalisations.empty())
      s.normalisation = options.normalisations[k];
    auto normalised = internal::NormaliseLeaves(data, s, tree);
    leaves.push_back(normalised.ok() ? std::optional(std::move(normalised).value()) : std::nullopt);
  }
  // The indicators' terms (x, ln x or 1/x) per normalisation and aggregation, computed once:
  // the weights do not change them. None when a mean meets a value ≤ 0 (those replications fail).
  std::vector<Aggregation> methods = options.aggregations;
  if (methods.empty())
    methods.push_back(spec.aggregation);
  std::map<std::pair<size_t, Aggregation>, std::optional<std::vector<std::vector<double>>>> terms;
  for (size_t k = 0; k < leaves.size(); ++k) {
    for (Aggregation a : methods) {
      auto& t = terms[{k, a}];
      if (t || !leaves[k])
        continue;
      std::vector<std::vector<double>> columns(nodes);
      bool ok = true;
      for (const auto& leaf : tree.leaves) {
        auto column =
            internal::Terms((*leaves[k])[leaf.first], a, spec.nodes[leaf.first].code, data);
        ok = ok && column.ok();
        if (!ok)
          break;
        columns[leaf.first] = std::move(column).value();
      }
      if (ok)
        t = std::move(columns);
    }
  }
  const size_t units = data.units.size();
  std::vector<std::vector<int>> rank_of(reps);  // [rep][unit]; empty when the build failed
  auto run = [&](size_t from, size_t to) {
    std::vector<internal::Column> out(nodes);
    std::vector<const internal::Column*> in(nodes);
    std::vector<const std::vector<double>*> leaf_terms(nodes, nullptr);
    for (size_t i = 0; i < nodes; ++i) in[i] = &out[i];  // aggregates: leaves are read as terms
    for (size_t rep = from; rep < to; ++rep) {
      const auto& t = terms.at({normalisation[rep], aggregation[rep]});
      if (!t)
        continue;
      for (const auto& leaf : tree.leaves) leaf_terms[leaf.first] = &(*t)[leaf.first];
      if (internal::Aggregate(tree, weights[rep], aggregation[rep], in, out, data, spec,
                              &leaf_terms)
              .ok())
        rank_of[rep] = RanksMin(out[tree.root]);
    }
  };
  std::vector<std::thread> workers;
  const size_t threads = std::min(reps, static_cast<size_t>(options.threads));
  for (size_t t = 1; t < threads; ++t)
    workers.emplace_back(run, reps * t / threads, reps * (t + 1) / threads);
  run(0, reps / threads);
  for (std::thread& w : workers) w.join();
  UncertaintyResult r;
  r.replications = options.replications;
  for (const auto& rep : rank_of) r.failed += rep.empty() ? 1 : 0;
  // Each unit's ranks sorted by counting (ranks are 1 … units).
  std::vector<int> count(units + 1);
  std::vector<double> sorted;
  for (size_t u = 0; u < units; ++u) {
    std::fill(count.begin(), count.end(), 0);
    for (const auto& rep : rank_of)
      if (!rep.empty() && rep[u] > 0)
        ++count[static_cast<size_t>(rep[u])];
    sorted.clear();
    for (size_t k = 1; k <= units; ++k)
      sorted.insert(sorted.end(), count[k], static_cast<double>(k));
    RankInterval ri;
    ri.unit = data.units[u];
    ri.nominal = nominal.ranks[u];
    if (!sorted.empty()) {
      ri.median = Percentile(sorted, 0.5);
      ri.p05 = Percentile(sorted, 0.05);
      ri.p95 = Percentile(sorted, 0.95);
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
