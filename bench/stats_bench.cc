// Issue 20's statistics benches, each beside a baseline in the same run:
// - PLS-PM with 1,000 bootstrap resamples (n = 250, 24 items, 6 blocks, the ECSI paths) on 2
//   threads (target: under 1 s on 2 cores); baselines: the same bootstrap on 1 thread, and 1,000
//   plain fits of the full sample in a loop.
// - A composite index over 3,000 units × 60 indicators (6 pillars, 2 sub-indices) with 10,000
//   uncertainty replications (weights ±25 %, min-max or z-score, arithmetic or geometric), on 2
//   threads and on 1; baseline: rebuilding the whole index for each replication (BuildComposite,
//   200 replications, the per-replication figure compared).
// Counters: cpu_s is the process's CPU seconds (user + system, every thread) per iteration.
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "stats/composite.h"
#include "stats/plspm.h"

namespace {

using namespace zq::stats;

// "i7", "p2", …: a code from a prefix and a number (g++ 12 -O3 warns falsely on "i" + to_string).
std::string Code(const std::string& prefix, int i) {
  std::string code = prefix;
  code += std::to_string(i);
  return code;
}

double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Runs `body` once per iteration; sets cpu_s, the process CPU seconds per iteration, and with
// `per` > 0 per_replication_ms, the CPU milliseconds of one of the `per` replications.
template <class Body>
void TimeCpu(benchmark::State& state, int per, Body body) {
  double cpu = 0;
  for (auto _ : state) {
    const double before = CpuSeconds();
    body();
    cpu += CpuSeconds() - before;
  }
  cpu /= static_cast<double>(state.iterations());
  state.counters["cpu_s"] = cpu;
  if (per > 0)
    state.counters["per_replication_ms"] = cpu / per * 1e3;
}

// 250 respondents, 6 latent variables in the ECSI chain, 4 items each on a 1–10 scale.
const DataTable& Survey() {
  static const DataTable table = [] {
    const std::vector<std::string> blocks = {"IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY"};
    DataTable t;
    for (const auto& b : blocks)
      for (int i = 1; i <= 4; ++i) t.columns.push_back(Code(b, i));
    std::mt19937_64 rng(20261207);
    std::normal_distribution<double> z;
    for (int r = 0; r < 250; ++r) {
      const double imag = z(rng), expe = 0.6 * imag + 0.8 * z(rng),
                   qual = 0.8 * expe + 0.6 * z(rng), val = 0.6 * qual + 0.8 * z(rng),
                   sat = 0.3 * imag + 0.5 * val + 0.6 * z(rng), loy = 0.6 * sat + 0.8 * z(rng);
      std::vector<double> row;
      for (double lv : {imag, expe, qual, val, sat, loy}) {
        for (int i = 0; i < 4; ++i)
          row.push_back(std::clamp(std::round(7 + 1.3 * (0.8 * lv + 0.6 * z(rng))), 1.0, 10.0));
      }
      t.rows.push_back(row);
    }
    return t;
  }();
  return table;
}

PlsModel SurveyModel() {
  PlsModel m;
  for (const std::string b : {"IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY"}) {
    PlsBlock block{b, OuterMode::kA, {}};
    for (int i = 1; i <= 4; ++i) block.indicators.push_back(Code(b, i));
    m.blocks.push_back(block);
  }
  m.paths = {{"IMAG", "EXPE"}, {"IMAG", "SAT"}, {"IMAG", "LOY"}, {"EXPE", "QUAL"}, {"EXPE", "VAL"},
             {"EXPE", "SAT"},  {"QUAL", "VAL"}, {"QUAL", "SAT"}, {"VAL", "SAT"},   {"SAT", "LOY"}};
  m.scale = std::make_pair(1.0, 10.0);
  return m;
}

void BM_PlsBootstrap1000(benchmark::State& state) {
  const PlsModel model = SurveyModel();
  const BootstrapOptions boot{
      .resamples = 1000, .seed = 7, .threads = static_cast<int>(state.range(0))};
  int inadmissible = 0;
  TimeCpu(state, 0, [&] {
    auto r = BootstrapPls(Survey(), model, {}, boot);
    if (!r.ok())
      state.SkipWithError(r.status().ToString().c_str());
    else
      inadmissible = r->inadmissible;
  });
  state.counters["inadmissible"] = inadmissible;
}

BENCHMARK(BM_PlsBootstrap1000)
    ->ArgName("threads")
    ->Arg(2)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_PlsFit1000Serial(benchmark::State& state) {
  const PlsModel model = SurveyModel();
  TimeCpu(state, 0, [&] {
    for (int i = 0; i < 1000; ++i) benchmark::DoNotOptimize(FitPls(Survey(), model));
  });
}

BENCHMARK(BM_PlsFit1000Serial)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// 3,000 units × 60 indicators in 6 pillars of 10, 2 sub-indices of 3 pillars, one index.
struct Index {
  CompositeData data;
  CompositeSpec spec;
};

const Index& Composite() {
  static const Index index = [] {
    Index x;
    std::mt19937_64 rng(20261207);
    std::uniform_real_distribution<double> u(0, 100);
    for (int i = 0; i < 60; ++i) {
      x.data.indicators.push_back(Code("i", i));
      x.spec.nodes.push_back({.code = x.data.indicators.back(),
                              .parent = Code("p", i / 10),
                              .direction = i % 7 == 0 ? -1 : 1});
    }
    for (int p = 0; p < 6; ++p)
      x.spec.nodes.push_back({.code = Code("p", p), .parent = p < 3 ? "s0" : "s1"});
    x.spec.nodes.push_back({.code = "s0", .parent = "index"});
    x.spec.nodes.push_back({.code = "s1", .parent = "index"});
    x.spec.nodes.push_back({.code = "index"});
    x.spec.normalisation = {.method = Normalisation::kMinMax, .lower = 1, .upper = 100};
    for (int unit = 0; unit < 3000; ++unit) {
      x.data.units.push_back(Code("u", unit));
      std::vector<std::optional<double>> row;
      const double level = u(rng);
      for (int i = 0; i < 60; ++i) {
        if ((unit + i) % 97 == 0)
          row.emplace_back();  // ~1 % missing
        else
          row.emplace_back(0.5 * level + 0.5 * u(rng));
      }
      x.data.values.push_back(std::move(row));
    }
    return x;
  }();
  return index;
}

UncertaintyOptions Uncertainty(int replications, int threads) {
  UncertaintyOptions o;
  o.replications = replications;
  o.seed = 11;
  o.threads = threads;
  o.normalisations = {{.method = Normalisation::kMinMax, .lower = 1, .upper = 100},
                      {.method = Normalisation::kZScore, .mean = 50, .sd = 10}};
  o.aggregations = {Aggregation::kArithmetic, Aggregation::kGeometric};
  return o;
}

void BM_CompositeUncertainty10000(benchmark::State& state) {
  const Index& x = Composite();
  int failed = 0;
  TimeCpu(state, 10000, [&] {
    auto r = RankUncertainty(x.data, x.spec, Uncertainty(10000, static_cast<int>(state.range(0))));
    if (!r.ok())
      state.SkipWithError(r.status().ToString().c_str());
    else
      failed = r->failed;
  });
  state.counters["failed"] = failed;
}

BENCHMARK(BM_CompositeUncertainty10000)
    ->ArgName("threads")
    ->Arg(2)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Baseline: each replication rebuilds the index from the raw data (normalising every indicator
// again), as RankUncertainty did before it normalised once per method.
void BM_CompositeRebuild200(benchmark::State& state) {
  const Index& x = Composite();
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> spread(0.75, 1.25);
  TimeCpu(state, 200, [&] {
    for (int rep = 0; rep < 200; ++rep) {
      CompositeSpec s = x.spec;
      for (CompositeNode& n : s.nodes) n.weight *= spread(rng);
      if (rep % 2)
        s.normalisation = {.method = Normalisation::kZScore, .mean = 50, .sd = 10};
      benchmark::DoNotOptimize(BuildComposite(x.data, s));
    }
  });
}

BENCHMARK(BM_CompositeRebuild200)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
