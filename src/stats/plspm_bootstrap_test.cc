// The bootstrap: reproducible by seed whatever the threads, and close to R plspm's own bootstrap
// of `satisfaction` (a different random stream, so compared by tolerance only).
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "stats/internal/pls_reference_testing.h"
#include "stats/plspm.h"

namespace zq::stats {
namespace {

using testing::ReadReference;
using testing::Satisfaction;
using testing::SatisfactionModel;

const PlsOptions kRaw{.scaling = Scaling::kRaw};

TEST(PlsBootstrap, ReproducibleBySeedWhateverTheThreads) {
  const auto a = BootstrapPls(Satisfaction(), SatisfactionModel(), kRaw,
                              {.resamples = 20, .seed = 7, .threads = 1})
                     .value();
  const auto b = BootstrapPls(Satisfaction(), SatisfactionModel(), kRaw,
                              {.resamples = 20, .seed = 7, .threads = 2})
                     .value();
  ASSERT_EQ(a.paths.size(), b.paths.size());
  for (size_t i = 0; i < a.paths.size(); ++i) {
    EXPECT_EQ(a.paths[i].mean, b.paths[i].mean);
    EXPECT_EQ(a.paths[i].upper, b.paths[i].upper);
  }
  const auto c = BootstrapPls(Satisfaction(), SatisfactionModel(), kRaw,
                              {.resamples = 20, .seed = 8, .threads = 1})
                     .value();
  EXPECT_NE(a.paths[0].mean, c.paths[0].mean);
}

TEST(PlsBootstrap, CloseToRPlspm) {
  const auto r = BootstrapPls(Satisfaction(), SatisfactionModel(), kRaw,
                              {.resamples = 120, .seed = 2026, .threads = 2})
                     .value();
  EXPECT_EQ(r.resamples, 120);
  EXPECT_EQ(r.inadmissible, 0);
  const auto paths = ReadReference("satisfaction_boot_paths.csv");
  ASSERT_EQ(r.paths.size(), paths.order.size());
  for (const BootstrapStat& s : r.paths) {
    SCOPED_TRACE(s.name);
    EXPECT_NEAR(s.original, paths.at(s.name, "original"), 1e-9);
    // Two independent bootstraps (R plspm's and ours of 120): standard errors within
    // 35 %, means within half a standard error, intervals within one.
    const double se = paths.at(s.name, "std.error");
    EXPECT_NEAR(s.std_error / se, 1, 0.35);
    EXPECT_NEAR(s.mean, paths.at(s.name, "mean"), 0.5 * se);
    EXPECT_NEAR(s.lower, paths.at(s.name, "perc.025"), se);
    EXPECT_NEAR(s.upper, paths.at(s.name, "perc.975"), se);
  }
  const auto loadings = ReadReference("satisfaction_boot_loadings.csv");
  for (const BootstrapStat& s : r.loadings) {
    const std::string item = s.name.substr(s.name.find('-') + 1);  // "SAT-sat1" → "sat1"
    EXPECT_NEAR(s.original, loadings.at(item, "original"), 1e-9) << s.name;
    EXPECT_NEAR(s.std_error / loadings.at(item, "std.error"), 1, 0.35) << s.name;
  }
  // The satisfaction index's interval holds its estimate and is a few points wide.
  ASSERT_EQ(r.index.size(), 6u);
  const BootstrapStat& sat = r.index[4];
  EXPECT_EQ(sat.name, "SAT");
  EXPECT_NEAR(sat.original, 68.598, 5e-4);
  EXPECT_LT(sat.lower, sat.original);
  EXPECT_GT(sat.upper, sat.original);
  EXPECT_LT(sat.upper - sat.lower, 8);
}

TEST(PlsBootstrap, Errors) {
  EXPECT_EQ(
      BootstrapPls(Satisfaction(), SatisfactionModel(), kRaw, {.resamples = 1}).status().field(),
      "resamples");
}

}  // namespace
}  // namespace zq::stats
