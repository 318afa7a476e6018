#include "inspection/pass_rate_cube.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace zq::inspection {
namespace {

void ExpectCubeError(const Status& status, StatusCode code, std::string_view field) {
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_EQ(status.field(), field) << status.ToString();
}

BatchVerdict Verdict(std::string id, std::string region, BatchOutcome outcome,
                     std::string category = "FOOD-01", std::string period = "2025Q1",
                     FirmSize size = FirmSize::kSmall, std::string industry = "C1311") {
  return BatchVerdict{std::move(id),
                      std::move(category),
                      std::move(region),
                      std::move(industry),
                      size,
                      std::move(period),
                      outcome};
}

// Random verdicts over a small province: 2 cities of 3 counties, 3 categories, 2 industries,
// 4 sizes, 3 periods (the RNG seed is fixed).
BatchVerdict RandomVerdict(std::mt19937_64& rng, int id) {
  static const char* kRegions[] = {"370102", "370103", "370112", "370202", "370203", "370211"};
  static const char* kCategories[] = {"FOOD-01", "ELEC-02", "TOYS-03"};
  static const char* kIndustries[] = {"C1311", "C3971"};
  static const char* kPeriods[] = {"2025Q1", "2025Q2", "2025Q3"};
  auto pick = [&rng](int n) { return static_cast<size_t>(rng() % static_cast<uint64_t>(n)); };
  return Verdict("v" + std::to_string(id), kRegions[pick(6)],
                 pick(10) < 9 ? BatchOutcome::kPass : BatchOutcome::kFail, kCategories[pick(3)],
                 kPeriods[pick(3)], static_cast<FirmSize>(pick(4)), kIndustries[pick(2)]);
}

TEST(PassRateCube, IncrementalUpdatesEqualAFullRecompute) {
  std::mt19937_64 rng(20251124);
  std::vector<BatchVerdict> live;
  auto cube = PassRateCube::Build(live);
  ASSERT_TRUE(cube.ok());
  int next_id = 0;
  for (int step = 0; step < 5000; ++step) {
    const uint64_t action = rng() % 10;
    if (action < 6 || live.empty()) {  // a new verdict
      live.push_back(RandomVerdict(rng, next_id++));
      ASSERT_TRUE(cube->Upsert(live.back()).ok());
    } else if (action < 9) {  // a changed verdict (re-test, corrected region, ...)
      const size_t i = rng() % live.size();
      BatchVerdict changed = RandomVerdict(rng, 0);
      changed.verdict_id = live[i].verdict_id;
      live[i] = changed;
      ASSERT_TRUE(cube->Upsert(changed).ok());
    } else {  // a withdrawn verdict
      const size_t i = rng() % live.size();
      ASSERT_TRUE(cube->Remove(live[i].verdict_id).ok());
      live.erase(live.begin() + static_cast<std::ptrdiff_t>(i));
    }
    if (step % 500 == 499) {
      auto full = PassRateCube::Build(live);
      ASSERT_TRUE(full.ok());
      ASSERT_EQ(cube->cells(), full->cells()) << "step " << step;
      ASSERT_EQ(cube->verdict_count(), live.size());
    }
  }
  // And the roll-ups agree, to the interval.
  auto full = PassRateCube::Build(live);
  ASSERT_TRUE(full.ok());
  CubeQuery query;
  query.group_by = {CubeDimension::kRegion, CubeDimension::kPeriod};
  query.region_level = ids::RegionLevel::kCity;
  auto a = cube->Query(query);
  auto b = full->Query(query);
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->size(), 6u);  // 2 cities × 3 periods
  for (size_t i = 0; i < a->size(); ++i) {
    EXPECT_EQ((*a)[i].key, (*b)[i].key);
    EXPECT_EQ((*a)[i].rate.passed, (*b)[i].rate.passed);
    EXPECT_EQ((*a)[i].rate.wilson.lower, (*b)[i].rate.wilson.lower);
  }
}

TEST(PassRateCube, RollsUpByRegionSubtreeAndAnyDimensions) {
  std::vector<BatchVerdict> verdicts = {
      Verdict("1", "370102", BatchOutcome::kPass),
      Verdict("2", "370102", BatchOutcome::kFail),
      Verdict("3", "370112", BatchOutcome::kPass),
      Verdict("4", "370202", BatchOutcome::kPass, "ELEC-02"),
      Verdict("5", "410102", BatchOutcome::kPass, "FOOD-01", "2025Q2", FirmSize::kLarge),
  };
  auto cube = PassRateCube::Build(verdicts);
  ASSERT_TRUE(cube.ok());

  CubeQuery total;
  auto all = cube->Query(total);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_TRUE((*all)[0].key.empty());
  EXPECT_EQ((*all)[0].rate.tested, 5);
  EXPECT_EQ((*all)[0].rate.passed, 4);

  CubeQuery jinan;  // 济南市 370100 and its counties
  jinan.region = ids::RegionCode{"370100"};
  auto city = cube->Query(jinan);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ((*city)[0].rate.tested, 3);
  EXPECT_EQ((*city)[0].rate.passed, 2);

  CubeQuery by_province;
  by_province.group_by = {CubeDimension::kRegion, CubeDimension::kProductCategory};
  by_province.region_level = ids::RegionLevel::kProvince;
  auto rows = cube->Query(by_province);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].key, (std::vector<std::string>{"370000", "ELEC-02"}));
  EXPECT_EQ((*rows)[1].key, (std::vector<std::string>{"370000", "FOOD-01"}));
  EXPECT_EQ((*rows)[1].rate.tested, 3);
  EXPECT_EQ((*rows)[2].key, (std::vector<std::string>{"410000", "FOOD-01"}));

  CubeQuery filtered;
  filtered.firm_size = FirmSize::kLarge;
  filtered.period = "2025Q2";
  filtered.industry_prefix = "C13";
  filtered.group_by = {CubeDimension::kFirmSize, CubeDimension::kIndustry};
  auto large = cube->Query(filtered);
  ASSERT_TRUE(large.ok());
  ASSERT_EQ(large->size(), 1u);
  EXPECT_EQ((*large)[0].key, (std::vector<std::string>{"large", "C1311"}));
  EXPECT_EQ((*large)[0].rate.clopper_pearson.upper, 1.0);
}

TEST(PassRateCube, ChangedVerdictMovesBetweenCellsAndEmptyCellsVanish) {
  auto cube =
      PassRateCube::Build(std::vector<BatchVerdict>{Verdict("1", "370102", BatchOutcome::kFail)});
  ASSERT_TRUE(cube.ok());
  ASSERT_TRUE(cube->Upsert(Verdict("1", "370103", BatchOutcome::kPass)).ok());  // 复检 overturned
  ASSERT_EQ(cube->cells().size(), 1u);
  EXPECT_EQ(cube->cells().begin()->first.region_code, "370103");
  EXPECT_EQ(cube->cells().begin()->second, (BatchCounts{1, 1}));
  ASSERT_TRUE(cube->Remove("1").ok());
  EXPECT_TRUE(cube->cells().empty());
  auto none = cube->Query(CubeQuery{});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(PassRateCube, BadInputNamesItsField) {
  ExpectCubeError(
      PassRateCube::Build(std::vector<BatchVerdict>{Verdict("1", "370102", BatchOutcome::kPass),
                                                    Verdict("1", "370103", BatchOutcome::kPass)})
          .status(),
      StatusCode::kAlreadyExists, "verdict_id");
  PassRateCube cube;
  ExpectCubeError(cube.Upsert(Verdict("2", "990102", BatchOutcome::kPass)),
                  StatusCode::kInvalidArgument, "region_code");
  ExpectCubeError(cube.Upsert(Verdict("", "370102", BatchOutcome::kPass)),
                  StatusCode::kInvalidArgument, "verdict_id");
  ExpectCubeError(cube.Upsert(Verdict("3", "370102", BatchOutcome::kPass, "")),
                  StatusCode::kInvalidArgument, "product_category");
  ExpectCubeError(cube.Upsert(Verdict("4", "370102", BatchOutcome::kPass, "X", "")),
                  StatusCode::kInvalidArgument, "period");
  ExpectCubeError(cube.Remove("missing"), StatusCode::kNotFound, "verdict_id");
  CubeQuery bad;
  bad.confidence = 1.5;
  ExpectCubeError(cube.Query(bad).status(), StatusCode::kInvalidArgument, "confidence");
}

}  // namespace
}  // namespace zq::inspection
