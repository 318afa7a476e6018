#include "inspection/pass_rate.h"

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zq::inspection {
namespace {

// testdata/README.md: statsmodels/scipy reference values, matched to 1e-9.
constexpr double kTolerance = 1e-9;

void ExpectError(const Status& status, StatusCode code, std::string_view field) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_EQ(status.field(), field) << status.ToString();
}

struct ReferenceRow {
  std::string kind;
  double confidence;
  int64_t x1, n1, x2, n2;
  double lower, upper;
};

std::vector<ReferenceRow> ReadReference() {
  std::ifstream in("src/inspection/testdata/pass_rate_reference.tsv");
  EXPECT_TRUE(in.good()) << "tests run from the source root";
  std::vector<ReferenceRow> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') {
      continue;
    }
    std::istringstream ss(line);
    ReferenceRow row;
    std::string lower, upper;
    ss >> row.kind >> row.confidence >> row.x1 >> row.n1 >> row.x2 >> row.n2 >> lower >> upper;
    row.lower = std::stod(lower);
    row.upper = std::stod(upper);
    rows.push_back(row);
  }
  return rows;
}

TEST(PassRate, IntervalsMatchStatsmodelsReference) {
  int wilson = 0, exact = 0, newcombe = 0;
  for (const ReferenceRow& row : ReadReference()) {
    const std::string where = row.kind + " " + std::to_string(row.x1) + "/" +
                              std::to_string(row.n1) + " conf " + std::to_string(row.confidence);
    Result<Interval> got = Status::Internal("unknown kind " + row.kind);
    if (row.kind == "wilson") {
      got = WilsonInterval(row.x1, row.n1, row.confidence);
      ++wilson;
    } else if (row.kind == "clopper_pearson") {
      got = ClopperPearsonInterval(row.x1, row.n1, row.confidence);
      ++exact;
    } else if (row.kind == "newcombe") {
      auto change = PassRateChange(row.x1, row.n1, row.x2, row.n2, row.confidence);
      got = change.ok() ? Result<Interval>(change->interval) : Result<Interval>(change.status());
      ++newcombe;
    }
    ASSERT_TRUE(got.ok()) << where << ": " << got.status().ToString();
    EXPECT_NEAR(got->lower, row.lower, kTolerance) << where;
    EXPECT_NEAR(got->upper, row.upper, kTolerance) << where;
  }
  EXPECT_EQ(wilson, exact);
  EXPECT_GT(wilson, 200);
  EXPECT_EQ(newcombe, 33);
}

TEST(PassRate, EdgesAreExactlyZeroAndOne) {
  auto none = EstimatePassRate(0, 20);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->rate, 0.0);
  EXPECT_EQ(none->wilson.lower, 0.0);
  EXPECT_EQ(none->clopper_pearson.lower, 0.0);
  auto all = EstimatePassRate(20, 20);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->wilson.upper, 1.0);
  EXPECT_EQ(all->clopper_pearson.upper, 1.0);
  // Clopper–Pearson at x = n: lower = (α/2)^(1/n).
  EXPECT_NEAR(all->clopper_pearson.lower, std::pow(0.025, 1.0 / 20), 1e-12);
}

TEST(PassRate, WilsonIsInsideClopperPearsonForAModerateSample) {
  auto rate = EstimatePassRate(45, 50);
  ASSERT_TRUE(rate.ok());
  EXPECT_LE(rate->clopper_pearson.lower, rate->wilson.lower);
  EXPECT_GE(rate->clopper_pearson.upper, rate->wilson.upper);
  EXPECT_DOUBLE_EQ(rate->rate, 0.9);
}

TEST(PassRate, InvalidCountsNameTheirField) {
  ExpectError(EstimatePassRate(0, 0).status(), StatusCode::kInvalidArgument, "tested");
  ExpectError(EstimatePassRate(5, 4).status(), StatusCode::kInvalidArgument, "passed");
  ExpectError(EstimatePassRate(-1, 4).status(), StatusCode::kInvalidArgument, "passed");
  ExpectError(WilsonInterval(1, 4, 1.0).status(), StatusCode::kInvalidArgument, "confidence");
  ExpectError(ClopperPearsonInterval(1, 4, 0.0).status(), StatusCode::kInvalidArgument,
              "confidence");
  ExpectError(PassRateChange(1, 4, 1, 0).status(), StatusCode::kInvalidArgument, "tested2");
  ExpectError(PassRateChange(9, 4, 1, 1).status(), StatusCode::kInvalidArgument, "passed1");
}

TEST(PassRateChange, DifferenceIsP1MinusP2) {
  auto change = PassRateChange(45, 50, 40, 50);
  ASSERT_TRUE(change.ok());
  EXPECT_NEAR(change->difference, 0.1, 1e-15);
  EXPECT_LT(change->interval.lower, 0.1);
  EXPECT_GT(change->interval.upper, 0.1);
}

TEST(CompareWithTarget, AboveBelowOrStraddling) {
  EXPECT_EQ(*CompareWithTarget(Interval{0.91, 0.97}, 0.90), TargetVerdict::kMet);
  EXPECT_EQ(*CompareWithTarget(Interval{0.90, 0.97}, 0.90), TargetVerdict::kMet);
  EXPECT_EQ(*CompareWithTarget(Interval{0.80, 0.89}, 0.90), TargetVerdict::kNotMet);
  EXPECT_EQ(*CompareWithTarget(Interval{0.85, 0.93}, 0.90), TargetVerdict::kInconclusive);
  ExpectError(CompareWithTarget(Interval{0.8, 0.9}, 90).status(), StatusCode::kInvalidArgument,
              "target");
  // 940 of 1000 batches passed: the 96 % target for food is not met, 90 % is.
  auto rate = EstimatePassRate(940, 1000);
  ASSERT_TRUE(rate.ok());
  EXPECT_EQ(*CompareWithTarget(rate->wilson, 0.96), TargetVerdict::kNotMet);
  EXPECT_EQ(*CompareWithTarget(rate->clopper_pearson, 0.90), TargetVerdict::kMet);
  EXPECT_EQ(TargetVerdictName(TargetVerdict::kInconclusive), "inconclusive");
}

}  // namespace
}  // namespace zq::inspection
