#include "stats/report_forms.h"

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/calendar.h"
#include "core/testing/files.h"
#include "core/testing/status_is.h"

namespace zq::stats {
namespace {

using status_matchers::StatusIs;

// The rows of a tab-separated test file whose first column is `case_name` (a header line and
// "#" comments skipped), each as its other columns.
std::vector<std::vector<std::string>> Rows(const std::string& path, const std::string& case_name) {
  std::istringstream in(testing_files::TestFileText(path));
  std::vector<std::vector<std::string>> out;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with('#'))
      continue;
    if (std::exchange(header, false))
      continue;
    std::istringstream fields(line);
    std::vector<std::string> row;
    for (std::string f; std::getline(fields, f, '\t');) row.push_back(f);
    if (row.size() > 1 && row[0] == case_name)
      out.emplace_back(row.begin() + 1, row.end());
  }
  return out;
}

std::vector<FirmLossFigures> Firms(const std::string& case_name) {
  std::vector<FirmLossFigures> out;
  for (const auto& row : Rows("src/stats/testdata/loss_rate_firms.tsv", case_name)) {
    out.push_back({.internal_failure = std::stod(row.at(1)),
                   .external_failure = std::stod(row.at(2)),
                   .output_value = std::stod(row.at(3))});
  }
  return out;
}

// R survey 4.1-1's svyratio on the same firms (scripts/stats-loss-rate-reference).
std::map<std::string, double> Reference(const std::string& case_name) {
  std::map<std::string, double> out;
  for (const auto& row : Rows("src/stats/testdata/loss_rate_reference.tsv", case_name))
    out[row.at(0)] = std::stod(row.at(1));
  return out;
}

void ExpectRatio(const RatioEstimate& r, const std::map<std::string, double>& ref,
                 const std::string& part) {
  constexpr double kTol = 1e-12;
  SCOPED_TRACE(part);
  EXPECT_NEAR(r.rate, ref.at(part + "_rate"), kTol);
  ASSERT_TRUE(r.standard_error.has_value());
  EXPECT_NEAR(*r.standard_error, ref.at(part + "_se"), kTol);
  EXPECT_NEAR(*r.lower, ref.at(part + "_lower"), kTol);
  EXPECT_NEAR(*r.upper, ref.at(part + "_upper"), kTol);
  EXPECT_NEAR(*r.cv, ref.at(part + "_se") / ref.at(part + "_rate"), kTol);
}

TEST(QualityLossRate, MatchesRSurveySvyratio) {
  for (const char* case_name : {"city", "pair", "skewed"}) {
    SCOPED_TRACE(case_name);
    const std::vector<FirmLossFigures> firms = Firms(case_name);
    const std::map<std::string, double> ref = Reference(case_name);
    ASSERT_FALSE(firms.empty());
    ASSERT_EQ(ref.size(), 12u);
    const QualityLossRate r = EstimateQualityLossRate(firms);
    EXPECT_EQ(r.firms, static_cast<int>(firms.size()));
    ExpectRatio(r.total, ref, "failure");
    ExpectRatio(r.internal, ref, "internal");
    ExpectRatio(r.external, ref, "external");
    EXPECT_NEAR(r.internal.rate + r.external.rate, r.total.rate, 1e-15);
  }
}

TEST(QualityLossRate, IsTheRatioOfSumsNotTheMeanOfRatios) {
  // "skewed": one firm of 250,000 万元 at 0.8 % beside four small ones at 5–7.5 %.
  const std::vector<FirmLossFigures> firms = Firms("skewed");
  double mean_of_ratios = 0;
  for (const FirmLossFigures& f : firms)
    mean_of_ratios += (f.internal_failure + f.external_failure) / f.output_value / 5;
  const QualityLossRate r = EstimateQualityLossRate(firms);
  EXPECT_NEAR(r.total.rate, (2000.0 + 15 + 15 + 12 + 30) / (250000.0 + 300 + 250 + 200 + 400),
              1e-15);
  EXPECT_GT(mean_of_ratios, 5 * r.total.rate);
}

TEST(QualityLossRate, OneFirmHasNoStandardErrorAndNoOutputNoRate) {
  const FirmLossFigures one[] = {
      {.internal_failure = 3, .external_failure = 1, .output_value = 200}};
  const QualityLossRate r = EstimateQualityLossRate(one);
  EXPECT_DOUBLE_EQ(r.total.rate, 0.02);
  EXPECT_FALSE(r.total.standard_error.has_value());
  EXPECT_FALSE(r.total.lower.has_value());
  const QualityLossRate none = EstimateQualityLossRate({});
  EXPECT_EQ(none.firms, 0);
  EXPECT_EQ(none.total.rate, 0);
  EXPECT_FALSE(none.total.standard_error.has_value());
}

TEST(QualityLossRate, TheIntervalStopsAtZero) {
  // Two firms, one without losses: F = 0.01 with SE 0.01 (by hand: residuals ±10,
  // sqrt(2·200)/2000).
  const FirmLossFigures firms[] = {{.internal_failure = 20, .output_value = 1000},
                                   {.output_value = 1000}};
  const QualityLossRate r = EstimateQualityLossRate(firms);
  EXPECT_DOUBLE_EQ(r.total.rate, 0.01);
  EXPECT_NEAR(*r.total.standard_error, 0.01, 1e-15);
  EXPECT_EQ(*r.total.lower, 0);
  EXPECT_NEAR(*r.total.upper, 0.01 + 1.959963984540054 * 0.01, 1e-12);
}

const ReportForm& EnterpriseForm() { return *FindReportForm("enterprise_quality").value(); }

TEST(ReportForms, AYearsFormIsDueOnTheLastDayOfMarch) {
  const ReportPeriod p = ParseReportPeriod(EnterpriseForm(), "2026").value();
  EXPECT_EQ(DayText(p.first_day), "2026-01-01");
  EXPECT_EQ(DayText(p.last_day), "2026-12-31");
  EXPECT_EQ(DayText(p.due_on), "2027-03-31");
  ReportForm quarterly = EnterpriseForm();
  quarterly.period_kind = ReportPeriodKind::kQuarter;
  quarterly.due_months_after = 1;
  const ReportPeriod q3 = ParseReportPeriod(quarterly, "2026Q3").value();
  EXPECT_EQ(DayText(q3.first_day), "2026-07-01");
  EXPECT_EQ(DayText(q3.last_day), "2026-09-30");
  EXPECT_EQ(DayText(q3.due_on), "2026-10-31");  // not the 30th: a month's last day
  const ReportPeriod q4 = ParseReportPeriod(quarterly, "2027Q4").value();
  EXPECT_EQ(DayText(q4.due_on), "2028-01-31");
  for (const char* bad : {"", "26", "2026Q3", "1999", "20266", "2026-01"})
    EXPECT_THAT(ParseReportPeriod(EnterpriseForm(), bad).status(),
                StatusIs(StatusCode::kInvalidArgument, "period"))
        << bad;
  for (const char* bad : {"2026", "2026Q5", "2026Q0", "2026q1"})
    EXPECT_THAT(ParseReportPeriod(quarterly, bad).status(),
                StatusIs(StatusCode::kInvalidArgument, "period"))
        << bad;
  EXPECT_THAT(FindReportForm("nope").status(), StatusIs(StatusCode::kNotFound, "form"));
}

TEST(ReportForms, FiguresAreCheckedAndNamedByField) {
  const ReportForm& form = EnterpriseForm();
  using nlohmann::json;
  const FormFigures ok =
      ParseFormFigures(form, json{{"output_value", 5200}, {"scrap_loss", 42.5}, {"claims", 18}})
          .value();
  const FirmLossFigures f = LossFigures(form, ok);
  EXPECT_EQ(f.output_value, 5200);
  EXPECT_EQ(f.internal_failure, 42.5);
  EXPECT_EQ(f.external_failure, 18);
  EXPECT_TRUE(PlausibilityWarnings(form, ok).empty());

  const struct {
    json values;
    const char* field;
  } bad[] = {
      {json::array(), "values"},
      {json{{"scrap_loss", 1}}, "values.output_value"},
      {json{{"output_value", 0}}, "values.output_value"},
      {json{{"output_value", 10}, {"bribes", 1}}, "values.bribes"},
      {json{{"output_value", 10}, {"claims", "3"}}, "values.claims"},
      {json{{"output_value", 10}, {"claims", -1}}, "values.claims"},
      {json{{"output_value", 2e9}}, "values.output_value"},
  };

  for (const auto& b : bad) {
    EXPECT_THAT(ParseFormFigures(form, b.values).status(),
                StatusIs(StatusCode::kInvalidArgument, b.field))
        << b.values.dump();
  }
  const FormFigures heavy =
      ParseFormFigures(form, json{{"output_value", 100}, {"scrap_loss", 15}, {"claims", 10}})
          .value();
  const std::vector<std::string> warnings = PlausibilityWarnings(form, heavy);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("25.0 %"), std::string::npos) << warnings[0];
}

}  // namespace
}  // namespace zq::stats
