// COINr's pipeline on its own example data (ASEM, testdata/coinr/README.md), against the values
// COINr's documentation prints.
#include "stats/composite_pipeline.h"

#include <cmath>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace zq::stats {
namespace {

using Column = std::vector<std::optional<double>>;

std::string Read(const std::string& name) {
  std::ifstream in("src/stats/testdata/coinr/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

CoinInput Asem() { return ReadCoin(Read("ASEM_iData.csv"), Read("ASEM_iMeta.csv")).value(); }

Pipeline Parse(const std::string& json) { return ParsePipeline(json).value(); }

size_t UnitIndex(const PipelineResult& r, const std::string& unit) {
  return static_cast<size_t>(std::find(r.units.begin(), r.units.end(), unit) - r.units.begin());
}

size_t CodeIndex(const PipelineResult& r, const std::string& code) {
  return static_cast<size_t>(std::find(r.codes.begin(), r.codes.end(), code) - r.codes.begin());
}

// A value printed with `digits` significant digits.
void ExpectPrinted(double actual, double printed, int digits, const std::string& what) {
  const double unit = std::pow(10.0, std::floor(std::log10(std::abs(printed))) - digits + 1);
  EXPECT_NEAR(actual, printed, unit / 2 + 1e-9) << what;
}

// treat.html: check_SkewKurt on c(1:10, 30, 100), then Treat() with winmax = 2.
TEST(CompositePipeline, SkewKurtosisAndWinsorising) {
  Column x;
  for (int i = 1; i <= 10; ++i) x.push_back(i);
  x.push_back(30);
  x.push_back(100);
  const SkewKurt s = SkewKurtosis(x).value();
  EXPECT_NEAR(s.skew, 3.063241, 5e-7);
  EXPECT_NEAR(s.kurtosis, 9.741391, 5e-7);
  const Treatment t = TreatIndicator(x, {.winmax = 2});
  EXPECT_FALSE(t.passed_before);
  EXPECT_EQ(t.winsorised, 1);  // one point (100 → 30) was enough
  EXPECT_FALSE(t.log);
  EXPECT_NEAR(t.after.skew, 1.712038, 5e-7);
  EXPECT_NEAR(t.after.kurtosis, 1.815781, 5e-7);
  EXPECT_EQ(x[11], 30);
  Column constant = {1.0, 1.0, 1.0, 1.0, std::nullopt};
  EXPECT_FALSE(SkewKurtosis(constant).has_value());
}

Treatment TreatRaw(const std::string& code, int winmax) {
  Column x = Asem().numbers.at(code);
  Treatment t = TreatIndicator(x, {.winmax = winmax});
  return t;
}

// treat.html's Dets_Table of Treat(coin, dset = "Raw") with the defaults, winmax = 1 and 0.
TEST(CompositePipeline, TreatmentTableOfTheRawData) {
  struct Row {
    const char* code;
    double skew, kurt;
    int nwin;
    double skew1, kurt1;
  };

  for (const Row& r : {Row{"Flights", 2.1032872, 4.5088794, 1, 1.900658, 3.336065},
                       Row{"Bord", 2.1482360, 5.7914905, 1, 1.899211, 4.346298},
                       Row{"Elec", 2.2252736, 5.7910268, 1, 1.717744, 2.586062},
                       Row{"Gas", 2.8294486, 10.3346494, 1, 1.602518, 1.525576},
                       Row{"Goods", 2.6499733, 8.2666095, 2, 1.140608, 0.1572047}}) {
    const Treatment t = TreatRaw(r.code, 5);
    EXPECT_NEAR(t.before.skew, r.skew, 5e-7) << r.code;
    EXPECT_NEAR(t.before.kurtosis, r.kurt, 5e-7) << r.code;
    EXPECT_EQ(t.winsorised, r.nwin) << r.code;
    EXPECT_NEAR(t.after.skew, r.skew1, 5e-6) << r.code;
    EXPECT_NEAR(t.after.kurtosis, r.kurt1, 5e-6) << r.code;
    EXPECT_TRUE(t.passed && !t.log) << r.code;
  }
  EXPECT_TRUE(TreatRaw("LPI", 5).passed_before);
  EXPECT_NEAR(TreatRaw("LPI", 5).before.skew, -0.3042681, 5e-7);
  // winmax = 1: Goods still fails after one point, so log_CT of the original values.
  const Treatment goods = TreatRaw("Goods", 1);
  EXPECT_EQ(goods.winsorised, 1);
  EXPECT_TRUE(goods.log);
  EXPECT_NEAR(goods.after.skew, 0.03104001, 5e-8);
  EXPECT_NEAR(goods.after.kurtosis, -0.8888965, 5e-7);
  // winmax = 0 for Flights: straight to the log.
  const Treatment flights = TreatRaw("Flights", 0);
  EXPECT_EQ(flights.winsorised, 0);
  EXPECT_TRUE(flights.log);
  EXPECT_NEAR(flights.after.skew, -0.09502644, 5e-8);
  EXPECT_NEAR(flights.after.kurtosis, -0.8305217, 5e-7);
}

// imputation.html: rows 37–46 (IDN … PAK) of Pat, CultServ, CultGood, Tourist.
CoinInput TenUnits() {
  const CoinInput all = Asem();
  CoinInput in;
  in.meta = {{.level = 1, .code = "Pat", .parent = "", .type = "Indicator"},
             {.level = 1, .code = "CultServ", .parent = "", .type = "Indicator"},
             {.level = 1, .code = "CultGood", .parent = "", .type = "Indicator"},
             {.level = 1, .code = "Tourist", .parent = "", .type = "Indicator"}};
  for (size_t u = 36; u < 46; ++u) {
    in.units.push_back(all.units[u]);
    in.unit_names.push_back(all.unit_names[u]);
    for (const CoinMeta& m : in.meta) in.numbers[m.code].push_back(all.numbers.at(m.code)[u]);
    in.texts["half"].push_back(u < 41 ? "a" : "b");
  }
  return in;
}

TEST(CompositePipeline, ImputeMeanAndGroupMedian) {
  const CoinInput in = TenUnits();
  ASSERT_EQ(in.units.front(), "IDN");
  const auto mean = RunPipeline(in, Parse(R"({"steps": [{"impute": {}}]})")).value();
  const size_t lao = UnitIndex(mean, "LAO"), idn = UnitIndex(mean, "IDN"),
               mmr = UnitIndex(mean, "MMR");
  EXPECT_NEAR(*mean.scores[lao][CodeIndex(mean, "Pat")], 122.35, 1e-9);
  EXPECT_NEAR(*mean.scores[lao][CodeIndex(mean, "CultServ")], 0.6470778, 5e-8);
  EXPECT_NEAR(*mean.scores[idn][CodeIndex(mean, "CultGood")], 4.5395, 1e-9);
  const auto median = RunPipeline(in, Parse(R"({"steps": [{"impute":
      {"method": "i_median_grp", "group": "half"}}]})"))
                          .value();
  EXPECT_NEAR(*median.scores[lao][CodeIndex(median, "Pat")], 136.75, 1e-9);
  EXPECT_NEAR(*median.scores[lao][CodeIndex(median, "CultServ")], 0.966025, 1e-9);
  EXPECT_NEAR(*median.scores[idn][CodeIndex(median, "CultGood")], 8.5835, 1e-9);
  EXPECT_NEAR(*median.scores[mmr][CodeIndex(median, "Pat")], 26.85, 1e-9);
  EXPECT_NEAR(*median.scores[mmr][CodeIndex(median, "CultGood")], 1.2345, 1e-9);
}

// screening.html: the raw data at 85 % loses BRN, LAO and MMR.
TEST(CompositePipeline, ScreenByDataAvailability) {
  const auto r = RunPipeline(Asem(), Parse(R"({"steps": [{"screen": {"min_data": 0.85}}]})"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->removed_units, (std::vector<std::string>{"BRN", "LAO", "MMR"}));
  EXPECT_EQ(r->units.size(), 48u);
}

// build_example_coin(): results.html (2 decimals, ranks) and aggregate.html (3 digits).
TEST(CompositePipeline, TheExampleCoin) {
  const auto r = RunPipeline(Asem(), Parse(Read("asem_pipeline.json")));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->root, "Index");
  EXPECT_EQ(r->units.size(), 51u);
  EXPECT_EQ(r->codes.size(), 49u + 8 + 2 + 1);
  const std::vector<std::string> columns = {"Index",    "Conn",      "Sust",    "Physical",
                                            "ConEcFin", "Political", "Instit",  "P2P",
                                            "Environ",  "Social",    "SusEcFin"};
  const std::vector<std::pair<std::string, std::vector<double>>> top = {
      {"CHE", {68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88}},
      {"NLD", {64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78}},
      {"DNK", {64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29}},
      {"NOR", {64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59}},
      {"BEL", {63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09}},
      {"SWE", {63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27}}};
  for (size_t k = 0; k < top.size(); ++k) {
    const size_t u = UnitIndex(*r, top[k].first);
    ASSERT_LT(u, r->units.size());
    EXPECT_EQ(r->ranks[u][CodeIndex(*r, "Index")], static_cast<int>(k) + 1) << top[k].first;
    for (size_t c = 0; c < columns.size(); ++c) {
      EXPECT_NEAR(*r->scores[u][CodeIndex(*r, columns[c])], top[k].second[c], 0.005 + 1e-9)
          << top[k].first << " " << columns[c];
    }
  }
  const size_t ind = UnitIndex(*r, "IND");
  const std::vector<double> scores = {39.79, 28.60, 50.99, 18.78, 6.38, 51.90,
                                      59.84, 6.07,  75.34, 22.74, 54.88};
  const std::vector<int> ranks = {45, 44, 43, 48, 49, 33, 37, 47, 6, 51, 36};
  for (size_t c = 0; c < columns.size(); ++c) {
    EXPECT_NEAR(*r->scores[ind][CodeIndex(*r, columns[c])], scores[c], 0.005 + 1e-9) << columns[c];
    EXPECT_EQ(r->ranks[ind][CodeIndex(*r, columns[c])], ranks[c]) << columns[c];
  }
  const std::vector<std::string> aggregates = {"ConEcFin", "Environ",   "Instit", "P2P",
                                               "Physical", "Political", "Social", "SusEcFin",
                                               "Conn",     "Sust",      "Index"};
  const std::vector<std::pair<std::string, std::vector<double>>> first = {
      {"AUS", {12.6, 31.9, 52.4, 39.50, 34.8, 52.5, 71.9, 55.7, 38.4, 53.2, 45.8}},
      {"AUT", {26.2, 69.5, 77.5, 54.10, 41.1, 78.2, 72.8, 62.9, 55.4, 68.4, 61.9}},
      {"BGD", {13.3, 81.7, 26.5, 5.85, 22.9, 32.4, 27.5, 64.6, 20.2, 57.9, 39.0}},
      {"BGR", {24.6, 55.7, 75.9, 27.10, 28.4, 67.5, 53.3, 61.7, 44.7, 56.9, 50.8}}};
  for (const auto& [unit, values] : first) {
    for (size_t c = 0; c < aggregates.size(); ++c) {
      ExpectPrinted(*r->scores[UnitIndex(*r, unit)][CodeIndex(*r, aggregates[c])], values[c], 3,
                    unit + " " + aggregates[c]);
    }
  }
}

TEST(CompositePipeline, ClearErrors) {
  EXPECT_EQ(ParsePipeline("{").status().field(), "pipeline");
  EXPECT_EQ(ParsePipeline(R"({"steps": [{"bake": {}}]})").status().field(), "pipeline");
  EXPECT_EQ(ParsePipeline(R"({"steps": [{"aggregate": {}}, {"treat": {}}]})").status().field(),
            "pipeline");
  EXPECT_EQ(ParsePipeline(R"({"steps": [{"treat": {"winmin": 1}}]})").status().field(), "pipeline");
  EXPECT_EQ(ParsePipeline(R"({"steps": [{"impute": {"method": "group_mean"}}]})").status().field(),
            "pipeline");
  const std::string meta =
      "Level,iCode,iName,Direction,Weight,Parent,Type\n"
      "1,x,X,1,1,Index,Indicator\n4,Index,Index,1,1,,Aggregate\n";
  EXPECT_EQ(ReadCoin("uCode,y\na,1\n", meta).status().field(), "meta");  // no column x
  EXPECT_EQ(ReadCoin("uCode,x\na,one\n", meta).status().field(), "data");
  EXPECT_EQ(ReadCoin("uCode,x\na,1\na,2\n", meta).status().field(), "data");
  EXPECT_EQ(ReadCoin("uCode,x\na,1\n", "iCode,Type\nx,Indicatr\n").status().field(), "meta");
  const auto grouped = ParsePipeline(R"({"steps": [{"impute": {"method": "i_mean_grp",
      "group": "nowhere"}}]})");
  const auto in = ReadCoin("uCode,x\na,1\nb,\n", meta);
  EXPECT_EQ(RunPipeline(*in, *grouped).status().field(), "pipeline");
}

}  // namespace
}  // namespace zq::stats
