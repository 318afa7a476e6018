#include "stats/stratified.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zq::stats {
namespace {

// src/stats/testdata/survey_reference.tsv: R survey 4.1-1 on the same strata
// (scripts/stats-survey-reference writes it).
std::map<std::string, double> Reference(const std::string& name) {
  std::ifstream in("src/stats/testdata/survey_reference.tsv");
  std::map<std::string, double> out;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string c, q, v;
    std::getline(fields, c, '\t');
    std::getline(fields, q, '\t');
    std::getline(fields, v, '\t');
    if (c == name)
      out[q] = std::stod(v);
  }
  return out;
}

void ExpectMatchesSurvey(const std::vector<Stratum>& strata, const std::string& name) {
  const auto ref = Reference(name);
  ASSERT_FALSE(ref.empty()) << name;
  const auto r = EstimateStratifiedRate(strata).value();
  constexpr double kTol = 1e-10;
  EXPECT_NEAR(r.estimate, ref.at("estimate"), kTol);
  EXPECT_NEAR(r.standard_error, ref.at("se"), kTol);
  EXPECT_NEAR(r.cv, ref.at("cv"), kTol);
  EXPECT_EQ(r.degrees_of_freedom, static_cast<int64_t>(ref.at("df")));
  EXPECT_NEAR(r.wald.lower, std::max(0.0, ref.at("wald_lower")), kTol);
  EXPECT_NEAR(r.wald.upper, std::min(1.0, ref.at("wald_upper")), kTol);
  EXPECT_NEAR(r.logit.lower, ref.at("xlogit_lower"), kTol);
  EXPECT_NEAR(r.logit.upper, ref.at("xlogit_upper"), kTol);
  EXPECT_NEAR(r.korn_graubard.lower, ref.at("beta_lower"), 1e-9);
  EXPECT_NEAR(r.korn_graubard.upper, ref.at("beta_upper"), 1e-9);
}

TEST(StratifiedRate, BySizeWithPopulationsMatchesRSurvey) {
  ExpectMatchesSurvey({{"large", 40, 39, 120, 120},
                       {"medium", 120, 112, 800, 800},
                       {"small", 300, 246, 5000, 5000},
                       {"micro", 140, 108, 20000, 20000}},
                      "by_size");
}

TEST(StratifiedRate, OutputValueWeightedMatchesRSurvey) {
  ExpectMatchesSurvey({{"C13", 55, 51, 812.4, {}},
                       {"C18", 30, 24, 210.3, {}},
                       {"C26", 80, 74, 1630.2, {}},
                       {"C33", 60, 52, 540.7, {}},
                       {"C39", 120, 113, 2410.0, {}}},
                      "by_industry");
}

TEST(StratifiedRate, SmallStrataMatchRSurveyWithWaldClipped) {
  ExpectMatchesSurvey({{"a", 2, 2, 1, {}}, {"b", 5, 3, 2, {}}, {"c", 9, 9, 3, {}}}, "small_strata");
}

// Hand computation (Cochran 1977, eq. 5.4 without fpc): W = (0.25, 0.75), p = (0.9, 0.8):
// p_st = 0.825, v = 0.0625·0.09/9 + 0.5625·0.16/19.
TEST(StratifiedRate, HandComputedTwoStrata) {
  const std::vector<Stratum> s{{"a", 10, 9, 1, {}}, {"b", 20, 16, 3, {}}};
  const auto r = EstimateStratifiedRate(s).value();
  EXPECT_DOUBLE_EQ(r.estimate, 0.825);
  EXPECT_NEAR(r.standard_error, std::sqrt(0.0625 * 0.09 / 9 + 0.5625 * 0.16 / 19), 1e-15);
  EXPECT_EQ(r.tested, 30);
  EXPECT_EQ(r.passed, 25);
  EXPECT_EQ(r.degrees_of_freedom, 28);
  EXPECT_DOUBLE_EQ(r.normalised_weights[1], 0.75);
}

// One stratum with N_h = n_h is a census: no sampling variance.
TEST(StratifiedRate, CensusHasNoVariance) {
  const std::vector<Stratum> s{{"all", 50, 45, 50, 50}};
  const auto r = EstimateStratifiedRate(s).value();
  EXPECT_DOUBLE_EQ(r.estimate, 0.9);
  EXPECT_DOUBLE_EQ(r.standard_error, 0);
  EXPECT_DOUBLE_EQ(r.wald.lower, 0.9);
}

TEST(StratifiedRate, AllPassedGivesUpperBoundOne) {
  const std::vector<Stratum> s{{"a", 10, 10, 1, {}}, {"b", 5, 5, 1, {}}};
  const auto r = EstimateStratifiedRate(s).value();
  EXPECT_DOUBLE_EQ(r.estimate, 1);
  EXPECT_DOUBLE_EQ(r.korn_graubard.upper, 1);
  EXPECT_LT(r.korn_graubard.lower, 1);
  EXPECT_DOUBLE_EQ(r.logit.upper, 1);
}

TEST(StratifiedRate, ErrorsNameTheField) {
  EXPECT_EQ(EstimateStratifiedRate({}).status().field(), "strata");
  const std::vector<Stratum> one{{"a", 1, 1, 1, {}}};
  EXPECT_EQ(EstimateStratifiedRate(one).status().field(), "strata[0].tested");
  const std::vector<Stratum> bad_passed{{"a", 5, 1, 1, {}}, {"b", 5, 6, 1, {}}};
  EXPECT_EQ(EstimateStratifiedRate(bad_passed).status().field(), "strata[1].passed");
  const std::vector<Stratum> bad_weight{{"a", 5, 1, 0, {}}};
  EXPECT_EQ(EstimateStratifiedRate(bad_weight).status().field(), "strata[0].weight");
  const std::vector<Stratum> bad_population{{"a", 5, 1, 1, 4}};
  EXPECT_EQ(EstimateStratifiedRate(bad_population).status().field(), "strata[0].population");
  const std::vector<Stratum> ok{{"a", 5, 1, 1, {}}};
  EXPECT_EQ(EstimateStratifiedRate(ok, 1.0).status().field(), "confidence");
}

}  // namespace
}  // namespace zq::stats
