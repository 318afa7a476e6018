// PLS-PM against R plspm 0.4.9 on `satisfaction` (250 × 27, all Mode A, raw data, the ECSI model
// without complaints): every output the reference files hold, to kTolerance.
#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "stats/internal/pls_reference_testing.h"
#include "stats/plspm.h"

namespace zq::stats {
namespace {

using testing::ExpectRow;
using testing::ReadReference;
using testing::Satisfaction;
using testing::SatisfactionModel;

constexpr double kTolerance = 1e-9;  // the issue asks for 1e-6; plspm's own are met to ~1e-13

PlsResult Fit(InnerScheme scheme, OuterMode mode = OuterMode::kA, Scaling scaling = Scaling::kRaw) {
  return FitPls(Satisfaction(), SatisfactionModel(mode), {.scheme = scheme, .scaling = scaling})
      .value();
}

void ExpectOuterModel(const PlsResult& r, const std::string& file) {
  const auto ref = ReadReference(file);
  ASSERT_EQ(r.outer.size(), ref.order.size());
  for (const OuterResult& o : r.outer) {
    ExpectRow(ref, o.indicator,
              {{"weight", o.weight},
               {"loading", o.loading},
               {"communality", o.communality},
               {"redundancy", o.redundancy}},
              kTolerance);
  }
}

TEST(PlsSatisfaction, OuterModelOfEveryScheme) {
  ExpectOuterModel(Fit(InnerScheme::kCentroid), "satisfaction.outer-model.csv");
  ExpectOuterModel(Fit(InnerScheme::kFactorial), "satisfaction.outer-model-factorial.csv");
  ExpectOuterModel(Fit(InnerScheme::kPath), "satisfaction.outer-model-path.csv");
}

TEST(PlsSatisfaction, InnerSummaryAndGoF) {
  const PlsResult r = Fit(InnerScheme::kCentroid);
  const auto ref = ReadReference("satisfaction.inner-summary.csv");
  for (const BlockResult& b : r.blocks) {
    ExpectRow(ref, b.name,
              {{"r_squared", b.r_squared},
               {"block_communality", b.communality},
               {"mean_redundancy", b.redundancy},
               {"ave", *b.ave}},
              kTolerance);
    EXPECT_EQ(b.endogenous, b.name != "IMAG");
  }
  EXPECT_NEAR(r.gof, 0.609741624338411, kTolerance);
  EXPECT_LT(r.iterations, 100);
}

TEST(PlsSatisfaction, PathsWithTheirTestsAndEffects) {
  const PlsResult r = Fit(InnerScheme::kCentroid);
  const auto effects = ReadReference("satisfaction.effects.csv");
  ASSERT_EQ(r.effects.size(), effects.order.size());
  for (const EffectResult& e : r.effects) {
    const std::string key = e.from + " -> " + e.to;
    SCOPED_TRACE(key);
    EXPECT_NEAR(e.direct, effects.at(key, "direct"), kTolerance);
    EXPECT_NEAR(e.indirect, effects.at(key, "indirect"), kTolerance);
    EXPECT_NEAR(e.total, effects.at(key, "total"), kTolerance);
  }
  // The SAT equation of summary(lm): estimate, standard error, t, p.
  const auto inner = ReadReference("satisfaction.inner-model.csv");
  int checked = 0;
  for (const PathResult& p : r.paths) {
    if (p.to != "SAT")
      continue;
    SCOPED_TRACE(p.from);
    EXPECT_NEAR(p.coefficient, inner.at(p.from, "Estimate"), kTolerance);
    EXPECT_NEAR(p.std_error, inner.at(p.from, "Std. Error"), kTolerance);
    EXPECT_NEAR(p.t, inner.at(p.from, "t value"), 1e-8);
    EXPECT_NEAR(p.p_value / inner.at(p.from, "Pr(>|t|)"), 1, 1e-6);
    ++checked;
  }
  EXPECT_EQ(checked, 4);
}

TEST(PlsSatisfaction, ScoresAndCrossloadings) {
  const PlsResult r = Fit(InnerScheme::kCentroid);
  const auto scores = ReadReference("satisfaction.scores.csv");
  ASSERT_EQ(r.scores.size(), 250u);
  const std::vector<std::string> lvs{"IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY"};
  for (size_t i = 0; i < r.scores.size(); ++i) {
    for (size_t j = 0; j < lvs.size(); ++j) {
      ASSERT_NEAR(r.scores[i][j], scores.at(std::to_string(i), lvs[j]), kTolerance) << i;
    }
  }
  const auto cross = ReadReference("satisfaction.crossloadings.csv");
  for (size_t c = 0; c < r.outer.size(); ++c) {
    for (size_t j = 0; j < lvs.size(); ++j) {
      EXPECT_NEAR(r.crossloadings[c][j], cross.at(r.outer[c].indicator, lvs[j]), kTolerance);
    }
  }
}

TEST(PlsSatisfaction, Unidimensionality) {
  const PlsResult r = Fit(InnerScheme::kCentroid);
  const auto ref = ReadReference("satisfaction_unidim.csv");
  for (const BlockResult& b : r.blocks) {
    ExpectRow(ref, b.name,
              {{"cronbach_alpha", b.cronbach_alpha},
               {"dillon_goldstein_rho", b.dillon_goldstein_rho},
               {"eig_1st", b.eigenvalue_1},
               {"eig_2nd", b.eigenvalue_2}},
              kTolerance);
  }
}

TEST(PlsSatisfaction, ModeB) {
  const PlsResult r = Fit(InnerScheme::kCentroid, OuterMode::kB);
  const auto ref = ReadReference("satisfaction.modeb.inner-summary.csv");
  for (const BlockResult& b : r.blocks) {
    ExpectRow(ref, b.name,
              {{"r_squared", b.r_squared},
               {"block_communality", b.communality},
               {"mean_Redundancy", b.redundancy}},
              kTolerance);
    EXPECT_FALSE(b.ave.has_value());
  }
}

// The 0–100 index (research notes §4.5, computed there from R's own weights): convention R on the
// raw items, scale 0–10; convention S on standardised items.
TEST(PlsSatisfaction, SatisfactionIndexConventions) {
  const PlsResult raw = Fit(InnerScheme::kCentroid);
  const std::map<std::string, double> expected{{"IMAG", 74.398}, {"EXPE", 74.776}, {"QUAL", 69.433},
                                               {"VAL", 70.275},  {"SAT", 68.598},  {"LOY", 71.490}};
  ASSERT_EQ(raw.index.size(), 6u);
  for (const IndexResult& i : raw.index)
    EXPECT_NEAR(*i.value, expected.at(i.block), 5e-4) << i.block;
  EXPECT_NE(raw.convention.find("[0, 10]"), std::string::npos);
  EXPECT_NE(raw.convention.find("convention R"), std::string::npos);

  const std::map<std::string, double> standardised{{"IMAG", 75.793}, {"EXPE", 75.413},
                                                   {"QUAL", 69.957}, {"VAL", 70.909},
                                                   {"SAT", 68.513},  {"LOY", 72.011}};
  const PlsResult s = Fit(InnerScheme::kCentroid, OuterMode::kA, Scaling::kScaled);
  for (const IndexResult& i : s.index)
    EXPECT_NEAR(*i.value, standardised.at(i.block), 5e-4) << i.block;
  const PlsResult path = Fit(InnerScheme::kPath, OuterMode::kA, Scaling::kScaled);
  EXPECT_NEAR(*path.index[4].value, 68.502, 5e-4);

  // The same data on a 1–10 scale: SAT 65.109 (the scale-ends pitfall of §4.5).
  PlsModel one_to_ten = SatisfactionModel();
  one_to_ten.scale = std::make_pair(1.0, 10.0);
  const PlsResult shifted = FitPls(Satisfaction(), one_to_ten, {.scaling = Scaling::kRaw}).value();
  EXPECT_NEAR(*shifted.index[4].value, 65.109, 5e-4);
}

TEST(PlsModelErrors, NameTheField) {
  PlsModel m = SatisfactionModel();
  m.paths.emplace_back("LOY", "IMAG");
  EXPECT_EQ(FitPls(Satisfaction(), m).status().field(), "paths");
  m = SatisfactionModel();
  m.blocks[0].indicators.push_back("nope");
  EXPECT_EQ(FitPls(Satisfaction(), m).status().field(), "indicators");
  m = SatisfactionModel();
  m.blocks[1].name = "IMAG";
  EXPECT_EQ(FitPls(Satisfaction(), m).status().field(), "blocks");
  m = SatisfactionModel();
  m.blocks[0].indicators = {"gender"};  // text: not a number
  EXPECT_EQ(FitPls(Satisfaction(), m).status().field(), "data");
  m = SatisfactionModel();
  m.scale = std::make_pair(10.0, 0.0);
  EXPECT_EQ(FitPls(Satisfaction(), m).status().field(), "scale");
  EXPECT_EQ(FitPls(Satisfaction(), SatisfactionModel(), {.max_iterations = 2}).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace zq::stats
