// The percentile bootstrap of PLS path modelling (plspm's get_boots), seeded per resample.
#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <thread>

#include "stats/internal/plspm_core.h"

namespace zq::stats {
namespace {

using Eigen::MatrixXd;

// SplitMix64 (Steele, Lea & Flood 2014): the seed of resample b's generator.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A uniform index in [0, n) by rejection, the same on every standard library (unlike
// std::uniform_int_distribution).
int UniformIndex(std::mt19937_64& rng, std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t v = 0;
  do v = rng();
  while (v >= limit);
  return static_cast<int>(v % n);
}

// One resample's statistics in a fixed order: weights, loadings, paths, R², total effects, index.
struct Draw {
  bool ok = false;
  int attempts = 0;
  std::vector<double> values;
};

// R's quantile type 7 of sorted values.
double Quantile7(const std::vector<double>& sorted, double q) {
  const double h = (static_cast<double>(sorted.size()) - 1) * q;
  const auto lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

struct Layout {
  std::vector<std::string> names;
  std::vector<std::pair<int, int>> paths;    // (k, j): j → k, in plspm's label order
  std::vector<std::pair<int, int>> effects;  // (i, j), j earlier
  std::vector<int> endogenous;
};

std::vector<double> Statistics(const internal::PlsCore& core, const MatrixXd& manifests,
                               const internal::PlsLayout& layout, const PlsModel& model,
                               const PlsOptions& options, const Layout& out) {
  std::vector<double> v(core.weights.data(), core.weights.data() + core.weights.size());
  v.insert(v.end(), core.loadings.data(), core.loadings.data() + core.loadings.size());
  for (const auto& [k, j] : out.paths) v.push_back(core.path_coefficients(k, j));
  for (int k : out.endogenous) v.push_back(core.r_squared(k));
  const MatrixXd total = internal::TotalEffects(core.path_coefficients);
  for (const auto& [i, j] : out.effects) v.push_back(total(i, j));
  if (model.scale) {
    for (int j = 0; j < layout.lvs; ++j) {
      const auto index = internal::BlockIndex(manifests, layout, core, options, j, *model.scale);
      v.push_back(index ? *index : std::nan(""));
    }
  }
  return v;
}

}  // namespace

Result<BootstrapResult> BootstrapPls(const DataTable& data, const PlsModel& model,
                                     const PlsOptions& options, const BootstrapOptions& boot) {
  if (boot.resamples < 2)
    return Status::InvalidArgument("at least 2 resamples", "resamples");
  if (boot.threads < 1)
    return Status::InvalidArgument("at least 1 thread", "threads");
  ZQ_ASSIGN_OR_RETURN(const internal::PlsLayout layout, internal::ResolveModel(data, model));
  const MatrixXd manifests = internal::Manifests(data, layout);
  ZQ_ASSIGN_OR_RETURN(const internal::PlsCore original,
                      internal::EstimateCore(manifests, layout, model, options));
  Layout out;
  const auto& blocks = model.blocks;
  for (int j = 0; j < layout.lvs; ++j) {
    for (int i = j; i < layout.lvs; ++i) {
      if (layout.path(i, j) == 1)
        out.paths.emplace_back(i, j);
      if (i != j)
        out.effects.emplace_back(i, j);
    }
    if (layout.path.row(j).sum() > 0)
      out.endogenous.push_back(j);
  }
  const std::vector<double> originals =
      Statistics(original, manifests, layout, model, options, out);

  const auto n = static_cast<std::uint64_t>(manifests.rows());
  std::vector<Draw> draws(static_cast<size_t>(boot.resamples));
  auto run = [&](int first, int step) {
    for (int b = first; b < boot.resamples; b += step) {
      Draw& d = draws[static_cast<size_t>(b)];
      std::mt19937_64 rng(SplitMix64(boot.seed ^ SplitMix64(static_cast<std::uint64_t>(b))));
      while (!d.ok && d.attempts < 10) {
        ++d.attempts;
        std::vector<int> rows(n);
        for (int& r : rows) r = UniformIndex(rng, n);
        const MatrixXd resampled = internal::ResampledManifests(manifests, rows);
        auto core = internal::EstimateCore(resampled, layout, model, options);
        if (!core.ok())
          continue;
        d.values = Statistics(core.value(), resampled, layout, model, options, out);
        d.ok = true;
      }
    }
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < boot.threads; ++t) workers.emplace_back(run, t, boot.threads);
  run(0, boot.threads);
  for (std::thread& w : workers) w.join();

  BootstrapResult r;
  r.resamples = boot.resamples;
  int attempts = 0;
  for (const Draw& d : draws) {
    attempts += d.attempts;
    if (!d.ok) {
      return Status::FailedPrecondition("a resample stayed inadmissible after 10 draws");
    }
  }
  r.inadmissible = attempts - boot.resamples;

  // Summaries: mean, standard deviation (n − 1), percentiles 2.5 % and 97.5 % (R type 7).
  size_t at = 0;
  auto summarise = [&](std::vector<BootstrapStat>& into, const std::string& name) {
    std::vector<double> values;
    for (const Draw& d : draws)
      if (std::isfinite(d.values[at]))
        values.push_back(d.values[at]);
    BootstrapStat s;
    s.name = name;
    s.original = originals[at];
    ++at;
    if (values.size() < 2) {
      s.mean = s.std_error = s.lower = s.upper = std::nan("");
      into.push_back(s);
      return;
    }
    double sum = 0;
    for (double v : values) sum += v;
    s.mean = sum / static_cast<double>(values.size());
    double ss = 0;
    for (double v : values) ss += (v - s.mean) * (v - s.mean);
    s.std_error = std::sqrt(ss / static_cast<double>(values.size() - 1));
    std::sort(values.begin(), values.end());
    s.lower = Quantile7(values, 0.025);
    s.upper = Quantile7(values, 0.975);
    into.push_back(s);
  };
  for (size_t c = 0; c < layout.names.size(); ++c)
    summarise(r.weights,
              blocks[static_cast<size_t>(layout.block_of[c])].name + "-" + layout.names[c]);
  for (size_t c = 0; c < layout.names.size(); ++c)
    summarise(r.loadings,
              blocks[static_cast<size_t>(layout.block_of[c])].name + "-" + layout.names[c]);
  for (const auto& [k, j] : out.paths)
    summarise(r.paths,
              blocks[static_cast<size_t>(j)].name + " -> " + blocks[static_cast<size_t>(k)].name);
  for (int k : out.endogenous) summarise(r.r_squared, blocks[static_cast<size_t>(k)].name);
  for (const auto& [i, j] : out.effects)
    summarise(r.total_effects,
              blocks[static_cast<size_t>(j)].name + " -> " + blocks[static_cast<size_t>(i)].name);
  if (model.scale)
    for (int j = 0; j < layout.lvs; ++j) summarise(r.index, blocks[static_cast<size_t>(j)].name);
  return r;
}

}  // namespace zq::stats
