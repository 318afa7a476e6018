// EARS C1–C3 against R surveillance::earsC on the same series (testdata/ears_reference.tsv, made
// by scripts/stats-ears-reference), every judged period's upperbound and alarm; Benjamini–
// Hochberg against R's p.adjust; the refusals.
#include "stats/signals.h"

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zq::stats {
namespace {

struct EarsReferenceRow {
  std::string series;
  EarsOptions options;
  std::size_t period = 0;
  double observed = 0;
  double upperbound = 0;
  bool alarm = false;
};

struct EarsReference {
  std::map<std::string, std::vector<double>> series;
  std::vector<EarsReferenceRow> rows;
};

EarsMethod EarsMethodNamed(const std::string& name) {
  return name == "C1" ? EarsMethod::kC1 : name == "C2" ? EarsMethod::kC2 : EarsMethod::kC3;
}

EarsReference ReadEarsReference() {
  std::ifstream in("src/stats/testdata/ears_reference.tsv");
  EXPECT_TRUE(in) << "run from the repository's root";
  EarsReference ref;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> f;
    std::stringstream fields(line);
    for (std::string cell; std::getline(fields, cell, '\t');) f.push_back(cell);
    if (f.at(0) == "series") {
      for (std::size_t i = 2; i < f.size(); ++i) ref.series[f[1]].push_back(std::stod(f[i]));
      continue;
    }
    EarsReferenceRow r;
    r.series = f.at(0);
    r.options.method = EarsMethodNamed(f.at(1));
    r.options.alpha = f.at(2) == "default" ? 0 : std::stod(f.at(2));
    r.options.min_sigma = std::stod(f.at(3));
    r.period = std::stoul(f.at(4));
    r.observed = std::stod(f.at(5));
    r.upperbound = std::stod(f.at(6));
    r.alarm = f.at(7) == "1";
    ref.rows.push_back(r);
  }
  return ref;
}

TEST(EarsTest, EveryPeriodAsRSurveillanceJudgesIt) {
  const EarsReference ref = ReadEarsReference();
  ASSERT_EQ(ref.series.at("newport").size(), 528U);
  ASSERT_GE(ref.rows.size(), 52U * 3);
  int alarms = 0;
  for (const EarsReferenceRow& r : ref.rows) {
    const std::vector<double>& y = ref.series.at(r.series);
    ASSERT_EQ(y.at(r.period), r.observed);
    Result<EarsResult> got = Ears(y, r.options);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_GE(r.period, got->first);
    const std::size_t i = r.period - got->first;
    SCOPED_TRACE(r.series + " method " + std::to_string(static_cast<int>(r.options.method)) +
                 " min_sigma " + std::to_string(r.options.min_sigma) + " period " +
                 std::to_string(r.period));
    EXPECT_NEAR(got->upperbound.at(i), r.upperbound, 1e-8 * std::max(1.0, r.upperbound));
    EXPECT_EQ(got->alarm.at(i), r.alarm);
    alarms += r.alarm ? 1 : 0;
  }
  EXPECT_GT(alarms, 5) << "the fixture should hold alarms to check";
}

TEST(EarsTest, StatisticsFollowTheirDefinitions) {
  // A constant baseline of 2 with a standard deviation of 0, then 5: C1 = (5 − 2) / max(0, 1).
  const std::vector<double> y = {2, 2, 2, 2, 2, 2, 2, 5};
  Result<EarsResult> c1 = Ears(y, {.method = EarsMethod::kC1, .min_sigma = 1});
  ASSERT_TRUE(c1.ok());
  ASSERT_EQ(c1->first, 7U);
  EXPECT_DOUBLE_EQ(c1->statistic.at(0), 3.0);
  EXPECT_FALSE(c1->alarm.at(0));  // 5 < 2 + 3.09
  // A baseline 1, 2, 3, 4, 5: mean 3, sd √2.5; the next period's C1.
  const std::vector<double> ramp = {1, 2, 3, 4, 5, 9};
  Result<EarsResult> r = Ears(ramp, {.baseline = 5, .alpha = 0.05});
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR(r->statistic.at(0), 6 / std::sqrt(2.5), 1e-12);
  EXPECT_NEAR(r->upperbound.at(0), 3 + 1.6448536269514722 * std::sqrt(2.5), 1e-9);
  EXPECT_TRUE(r->alarm.at(0));
}

TEST(EarsTest, RefusesWhatItCannotJudge) {
  const std::vector<double> y(20, 1.0);
  EXPECT_EQ(Ears(y, {.baseline = 2}).status().field(), "baseline");
  EXPECT_EQ(Ears(y, {.alpha = 1.5}).status().field(), "alpha");
  EXPECT_EQ(Ears(y, {.min_sigma = -1}).status().field(), "min_sigma");
  EXPECT_EQ(Ears(std::vector<double>{1, 2, 3}).status().field(), "observed");
  EXPECT_EQ(Ears(std::vector<double>(11, 1.0), {.method = EarsMethod::kC3}).status().field(),
            "observed");  // C3 needs 7 + 4 periods before its first
  std::vector<double> negative = y;
  negative[3] = -1;
  EXPECT_EQ(Ears(negative).status().field(), "observed");
}

TEST(BenjaminiHochbergTest, AsRPAdjust) {
  // p.adjust(c(.01, .04, .03, .005, .2, .5), "BH") in R 4.2.2.
  const std::vector<double> q = BenjaminiHochberg(std::vector<double>{.01, .04, .03, .005, .2, .5});
  const std::vector<double> expected = {.03, .06, .06, .03, .24, .5};
  ASSERT_EQ(q.size(), expected.size());
  for (std::size_t i = 0; i < q.size(); ++i) EXPECT_NEAR(q[i], expected[i], 1e-12) << i;
  EXPECT_TRUE(BenjaminiHochberg(std::vector<double>{}).empty());
}

}  // namespace
}  // namespace zq::stats
