#include "stats/composite.h"

#include <cmath>

#include <gtest/gtest.h>

namespace zq::stats {
namespace {

CompositeData ThreeUnits() {
  return {{"a", "b", "c"}, {"x", "y"}, {{1.0, 10.0}, {2.0, 30.0}, {4.0, std::nullopt}}};
}

CompositeSpec Flat(Normalisation method = Normalisation::kMinMax) {
  CompositeSpec s;
  s.nodes = {{.code = "x", .parent = "index"},
             {.code = "y", .parent = "index", .weight = 3},
             {.code = "index"}};
  s.normalisation.method = method;
  return s;
}

// COINr's min-max to [0, 100] and the available-case mean (c has no y: its x alone counts).
TEST(Composite, MinMaxAndAvailableCaseMean) {
  const auto r = BuildComposite(ThreeUnits(), Flat()).value();
  EXPECT_EQ(r.root, "index");
  // x: 1, 2, 4 → 0, 33.33, 100; y: 10, 30 → 0, 100. a = 0; b = (33.33 + 3·100)/4; c = 100.
  EXPECT_DOUBLE_EQ(*r.index[0], 0);
  EXPECT_NEAR(*r.index[1], (100.0 / 3 + 300) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(*r.index[2], 100);
  EXPECT_EQ(r.ranks, (std::vector<int>{3, 2, 1}));
  EXPECT_EQ(r.codes, (std::vector<std::string>{"x", "y", "index"}));
}

// z-score with the sample standard deviation; direction −1 reverses before normalising.
TEST(Composite, ZScoreAndDirection) {
  CompositeSpec s = Flat(Normalisation::kZScore);
  s.nodes[0].direction = -1;
  const auto r = BuildComposite(ThreeUnits(), s).value();
  // −x: −1, −2, −4; mean −7/3, sd √(7/3) (n − 1).
  const double sd =
      std::sqrt((std::pow(4.0 / 3, 2) + std::pow(1.0 / 3, 2) + std::pow(5.0 / 3, 2)) / 2);
  EXPECT_NEAR(*r.scores[0][0], (-1 + 7.0 / 3) / sd, 1e-12);
  EXPECT_NEAR(*r.scores[2][0], (-4 + 7.0 / 3) / sd, 1e-12);
}

// The research notes' MQCI goalposts: s = 60 + 40·clamp((x − L)/(U − L), 0, 1), reversed for the
// quality loss rate (lower is better).
TEST(Composite, GoalpostsOntoSixtyToHundred) {
  CompositeData d{{"p", "q"}, {"pass", "loss"}, {{0.95, 0.02}, {0.80, 0.05}}};
  CompositeSpec s;
  s.nodes = {{.code = "pass", .parent = "mqci", .low = 0.85, .high = 1.0},
             {.code = "loss", .parent = "mqci", .direction = -1, .low = 0.0, .high = 0.04},
             {.code = "mqci"}};
  s.normalisation = {.method = Normalisation::kGoalposts, .lower = 60, .upper = 100};
  const auto r = BuildComposite(d, s).value();
  EXPECT_NEAR(*r.scores[0][0], 60 + 40 * (0.10 / 0.15), 1e-12);
  EXPECT_DOUBLE_EQ(*r.scores[1][0], 60);  // below the low goalpost
  EXPECT_NEAR(*r.scores[0][1], 60 + 40 * 0.5, 1e-12);
  EXPECT_DOUBLE_EQ(*r.scores[1][1], 60);  // 0.05 is past the high goalpost of a loss rate
}

// The level-2 identity of the 2007 MQCI release (research notes §3.3): 质量水平 84.76 and 发展能力
// 77.21 with equal weights give 80.985, published as 80.99.
TEST(Composite, MqciLevelTwoIdentity2007) {
  CompositeData d{{"CN2007"}, {"quality_level", "development"}, {{84.76, 77.21}}};
  CompositeSpec s;
  s.nodes = {{.code = "quality_level", .parent = "mqci"},
             {.code = "development", .parent = "mqci"},
             {.code = "mqci"}};
  s.normalisation.method = Normalisation::kNone;
  const auto r = BuildComposite(d, s).value();
  EXPECT_NEAR(*r.index[0], 80.985, 1e-12);
  EXPECT_NEAR(std::round(*r.index[0] * 100) / 100, 80.99, 1e-12);
}

// A hierarchy: aggregates of aggregates, geometric mean; and COINr issue #47 (min-max gives 0).
TEST(Composite, HierarchyAndGeometricMean) {
  CompositeData d{{"a", "b"}, {"x1", "x2", "y1"}, {{4.0, 9.0, 2.0}, {1.0, 1.0, 8.0}}};
  CompositeSpec s;
  s.nodes = {{.code = "x1", .parent = "X"}, {.code = "x2", .parent = "X"},
             {.code = "y1", .parent = "Y"}, {.code = "X", .parent = "I"},
             {.code = "Y", .parent = "I"},  {.code = "I"}};
  s.normalisation.method = Normalisation::kNone;
  s.aggregation = Aggregation::kGeometric;
  const auto r = BuildComposite(d, s).value();
  EXPECT_NEAR(*r.index[0], std::sqrt(std::sqrt(36.0) * 2), 1e-12);  // X = 6, Y = 2
  EXPECT_NEAR(*r.index[1], std::sqrt(1.0 * 8), 1e-12);
  s.normalisation.method = Normalisation::kMinMax;
  EXPECT_EQ(BuildComposite(d, s).status().field(), "aggregation");
  s.normalisation.lower = 1;  // a range above 0 is the remedy
  EXPECT_TRUE(BuildComposite(d, s).ok());
}

TEST(Composite, DistanceToTargetCapped) {
  CompositeData d{{"a", "b", "c"}, {"rate"}, {{0.90}, {0.94}, {0.97}}};
  CompositeSpec s;
  s.nodes = {{.code = "rate", .parent = "I", .target = 0.94}, {.code = "I"}};
  s.normalisation = {.method = Normalisation::kDistanceToTarget, .lower = 0, .upper = 1};
  const auto r = BuildComposite(d, s).value();
  EXPECT_DOUBLE_EQ(*r.index[0], 0);
  EXPECT_DOUBLE_EQ(*r.index[1], 1);
  EXPECT_DOUBLE_EQ(*r.index[2], 1);  // past the target: capped
}

TEST(Composite, RankIntervalsAreSeededAndHoldTheNominalRank) {
  CompositeData d{{"a", "b", "c", "d"},
                  {"x", "y", "z"},
                  {{1.0, 9.0, 5.0}, {9.0, 1.0, 5.0}, {5.0, 5.0, 5.1}, {0.0, 0.0, 0.0}}};
  CompositeSpec s;
  s.nodes = {{.code = "x", .parent = "I"},
             {.code = "y", .parent = "I"},
             {.code = "z", .parent = "I"},
             {.code = "I"}};
  UncertaintyOptions o{.replications = 500, .seed = 3, .weight_spread = 0.5};
  o.normalisations = {{.method = Normalisation::kMinMax}, {.method = Normalisation::kZScore}};
  const auto a = RankUncertainty(d, s, o).value();
  const auto b = RankUncertainty(d, s, o).value();
  ASSERT_EQ(a.ranks.size(), 4u);
  for (size_t u = 0; u < 4; ++u) {
    EXPECT_EQ(a.ranks[u].median, b.ranks[u].median);
    EXPECT_LE(a.ranks[u].p05, a.ranks[u].nominal);
    EXPECT_GE(a.ranks[u].p95, a.ranks[u].nominal);
  }
  EXPECT_EQ(a.ranks[3].p05, 4);  // d is last whatever the weights
  EXPECT_EQ(a.ranks[3].p95, 4);
  EXPECT_LT(a.ranks[0].p05, a.ranks[0].p95);  // a and b swap places as the weights move
  EXPECT_EQ(a.failed, 0);
  o.threads = 3;  // the draws come first: threads do not change the result
  const auto c = RankUncertainty(d, s, o).value();
  for (size_t u = 0; u < 4; ++u) {
    EXPECT_EQ(a.ranks[u].median, c.ranks[u].median);
    EXPECT_EQ(a.ranks[u].p05, c.ranks[u].p05);
    EXPECT_EQ(a.ranks[u].p95, c.ranks[u].p95);
  }
}

// The weighted harmonic mean Σw / Σ(w/x), and ranks with ties sharing the lowest (R "min").
TEST(Composite, HarmonicMeanAndTiedRanks) {
  CompositeData d{{"a", "b"}, {"x", "y"}, {{2.0, 4.0}, {1.0, 1.0}}};
  CompositeSpec s = {.nodes = {{.code = "x", .parent = "I"},
                               {.code = "y", .parent = "I", .weight = 3},
                               {.code = "I"}},
                     .normalisation = {.method = Normalisation::kNone},
                     .aggregation = Aggregation::kHarmonic};
  const auto r = BuildComposite(d, s).value();
  EXPECT_NEAR(*r.index[0], 4 / (1 / 2.0 + 3 / 4.0), 1e-12);
  EXPECT_NEAR(*r.index[1], 1, 1e-12);
  d.values[1][0] = 0;
  EXPECT_EQ(BuildComposite(d, s).status().field(), "aggregation");
  EXPECT_EQ(RanksMin({2.0, std::nullopt, 5.0, 2.0, 1.0}), (std::vector<int>{2, 0, 1, 2, 4}));
}

// 国办发〔2013〕47号: A ≥ 90, B 80–89, C 60–79, D ≤ 59; the veto makes D and keeps the points.
TEST(Grades, NationalBandsCutsInclusiveAndVeto) {
  const auto bands = NationalGradeBands();
  EXPECT_EQ(GradeFromPoints(90.0, bands)->grade, "A");
  EXPECT_EQ(GradeFromPoints(89.9, bands)->grade, "B");
  EXPECT_NEAR(*GradeFromPoints(89.9, bands)->to_next_band, 0.1, 1e-12);
  EXPECT_EQ(GradeFromPoints(80.0, bands)->grade, "B");
  EXPECT_EQ(GradeFromPoints(60.0, bands)->grade, "C");
  EXPECT_EQ(GradeFromPoints(59.5, bands)->grade, "D");
  EXPECT_FALSE(GradeFromPoints(95, bands)->to_next_band.has_value());
  const auto vetoed = GradeFromPoints(93.5, bands, Veto::kApplied).value();
  EXPECT_EQ(vetoed.grade, "D");
  EXPECT_TRUE(vetoed.vetoed);
  EXPECT_DOUBLE_EQ(vetoed.points, 93.5);
  EXPECT_EQ(GradeFromPoints(-1, bands).status().field(), "points");
  EXPECT_EQ(GradeFromPoints(50, {{"A", 10}, {"B", 20}}).status().field(), "bands");
}

TEST(Composite, ErrorsNameTheField) {
  CompositeSpec s = Flat();
  s.nodes.push_back({.code = "other"});
  EXPECT_EQ(BuildComposite(ThreeUnits(), s).status().field(), "nodes");
  s = Flat();
  s.nodes[0].parent = "nowhere";
  EXPECT_EQ(BuildComposite(ThreeUnits(), s).status().field(), "nodes");
  s = Flat(Normalisation::kGoalposts);
  EXPECT_EQ(BuildComposite(ThreeUnits(), s).status().field(), "normalisation");
}

}  // namespace
}  // namespace zq::stats
