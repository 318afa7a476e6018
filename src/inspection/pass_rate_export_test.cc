#include "inspection/pass_rate_export.h"

#include <gtest/gtest.h>

namespace zq::inspection {
namespace {

// Two categories, one of which fell against the earlier period, against a 90 % target.
PassRateReport Report() {
  PassRateReport r;
  PassRateLine cables{.key = "CP-01",
                      .rate = {.tested = 10,
                               .passed = 8,
                               .rate = 0.8,
                               .wilson = {0.49, 0.94},
                               .clopper_pearson = {0.44, 0.97}},
                      .earlier = PassRate{.tested = 20, .passed = 19, .rate = 0.95},
                      .change = RateChange{.difference = -0.15, .interval = {-0.45, 0.05}},
                      .target = TargetVerdict::kInconclusive};
  PassRateLine toys{.key = "=CP-02",
                    .rate = {.tested = 5,
                             .passed = 5,
                             .rate = 1,
                             .wilson = {0.57, 1},
                             .clopper_pearson = {0.48, 1}},
                    .target = TargetVerdict::kMet};
  r.lines = {cables, toys};
  r.total = {.key = "total",
             .rate = {.tested = 15,
                      .passed = 13,
                      .rate = 13.0 / 15,
                      .wilson = {0.62, 0.96},
                      .clopper_pearson = {0.6, 0.98}},
             .target = TargetVerdict::kNotMet};
  return r;
}

const GroupNames kNames = {{"CP-01", "电线电缆"}};

TEST(PassRateCsv, CodesKeepTheMachineLayoutByteForByte) {
  EXPECT_EQ(PassRateCsv(Report(), CubeDimension::kProductCategory, ExportHeaders::kCodes, kNames),
            "key,tested,passed,rate,wilson_lower,wilson_upper,cp_lower,cp_upper,change,"
            "change_lower,change_upper,target\n"
            "CP-01,10,8,0.800000,0.490000,0.940000,0.440000,0.970000,-0.150000,-0.450000,"
            "0.050000,inconclusive\n"
            "=CP-02,5,5,1.000000,0.570000,1.000000,0.480000,1.000000,,,,met\n"
            "total,15,13,0.866667,0.620000,0.960000,0.600000,0.980000,,,,not_met\n");
}

TEST(PassRateCsv, ChineseHasHeadersNamesLabelsAndNumbersForPeople) {
  const std::string csv =
      PassRateCsv(Report(), CubeDimension::kProductCategory, ExportHeaders::kChinese, kNames);
  EXPECT_EQ(csv,
            "\xEF\xBB\xBF"
            "产品类别代码,产品类别,抽查批次,合格批次,合格率,Wilson 95%置信下限,Wilson "
            "95%置信上限,Clopper–Pearson 95%置信下限,Clopper–Pearson 95%置信上限,对比期抽查批次,"
            "对比期合格批次,对比期合格率,较对比期变化,变化95%置信下限（Newcombe）,"
            "变化95%置信上限（Newcombe）,目标判定\r\n"
            // The negative change stays a number; a key that looks like a formula is guarded.
            "CP-01,电线电缆,10,8,0.800000,0.490000,0.940000,0.440000,0.970000,20,19,0.950000,"
            "-0.150000,-0.450000,0.050000,不确定\r\n"
            "'=CP-02,,5,5,1.000000,0.570000,1.000000,0.480000,1.000000,,,,,,,达标\r\n"
            ",合计,15,13,0.866667,0.620000,0.960000,0.600000,0.980000,,,,,,,未达标\r\n");
}

TEST(PassRateCsv, EnglishHasEnglishHeadersAndTheVerdictsCode) {
  const std::string csv =
      PassRateCsv(Report(), CubeDimension::kRegion, ExportHeaders::kEnglish, kNames);
  EXPECT_EQ(
      csv.substr(0, csv.find("\r\n")),
      "\xEF\xBB\xBF"
      "Region code,Region,Batches tested,Batches passed,Pass rate,Wilson 95% lower,Wilson 95% "
      "upper,Clopper–Pearson 95% lower,Clopper–Pearson 95% upper,Earlier batches "
      "tested,Earlier batches passed,Earlier pass rate,Change,Change 95% lower "
      "(Newcombe),Change 95% upper (Newcombe),Target");
  EXPECT_NE(csv.find("\r\n,Total,15,13,"), std::string::npos);
  EXPECT_NE(csv.find(",inconclusive\r\n"), std::string::npos);
}

TEST(PassRateCsv, AMonthIsItsOwnName) {
  PassRateReport r = Report();
  r.lines.resize(1);
  r.lines[0].key = "2026-11";
  const std::string csv = PassRateCsv(r, CubeDimension::kPeriod, ExportHeaders::kChinese, {});
  EXPECT_NE(csv.find("月份代码,月份,"), std::string::npos);
  EXPECT_NE(csv.find("\r\n2026-11,2026-11,10,"), std::string::npos);
}

TEST(PassRateFileName, SaysWhatAndTheBeijingDay) {
  EXPECT_EQ(PassRateFileName(ExportHeaders::kChinese, "2026-12-07"), "抽查合格率_20261207.csv");
  EXPECT_EQ(PassRateFileName(ExportHeaders::kCodes, "2026-12-07"), "pass-rates_20261207.csv");
}

}  // namespace
}  // namespace zq::inspection
