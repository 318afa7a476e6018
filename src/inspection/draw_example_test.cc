// The worked example of docs/random-draw.md §8 against the independent Python reference
// (testdata/draw_example.json → draw_example_expected.json): a class-A firm, a declared
// conflict, a helmet-only inspector, two unstaffed tasks, a firm with a category outside the
// plan, three parties' seed, a beacon, and exclusions with their evidence.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "inspection/random_draw.h"

namespace zq::inspection {
namespace {

nlohmann::json ReadJson(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str());
}

TEST(DrawExample, MatchesThePythonReference) {
  const nlohmann::json input = ReadJson("src/inspection/testdata/draw_example.json");
  const nlohmann::json expected = ReadJson("src/inspection/testdata/draw_example_expected.json");
  Result<DrawRecord> example = DrawRecordFromJson(input);
  ASSERT_TRUE(example.ok()) << example.status().ToString();

  Result<DrawRecord> committed =
      CommitDraw(EligibleFrame{example->frame, example->excluded}, example->pool,
                 example->parameters, example->contributions, example->beacon_source);
  ASSERT_TRUE(committed.ok()) << committed.status().ToString();
  EXPECT_EQ(committed->frame_hash, expected["frame_hash"]);
  EXPECT_EQ(committed->pool_hash, expected["pool_hash"]);
  EXPECT_EQ(committed->parameters_hash, expected["parameters_hash"]);
  EXPECT_EQ(committed->scope_hash, expected["scope_hash"]);
  EXPECT_EQ(committed->exclusions_hash, expected["exclusions_hash"]);
  EXPECT_EQ(committed->commitment, expected["commitment"]);
  for (const SeedContribution& c : committed->contributions) EXPECT_TRUE(c.secret.empty());

  Result<DrawRecord> drawn = RunDraw(*committed, example->contributions, example->beacon);
  ASSERT_TRUE(drawn.ok()) << drawn.status().ToString();
  EXPECT_EQ(drawn->seed, expected["seed"]);
  EXPECT_EQ(DrawRecordToJson(*drawn)["tasks"], expected["tasks"]);
  Result<DrawVerification> verified = VerifyDraw(*drawn);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_TRUE(verified->ok()) << DrawVerificationToJson(*verified).dump();

  // What the example is for: the class-A firm drawn, the conflicted inspector not on its team,
  // and unstaffed tasks.
  EXPECT_EQ(drawn->tasks.at(0).risk_class, RiskClass::kA);
  for (const std::string& id : drawn->tasks.at(0).inspectors) EXPECT_NE(id, "INSP-1");
  EXPECT_EQ(drawn->tasks.at(2).unstaffed, UnstaffedReason::kTooFewQualified);

  // The eligibility check with the scope the province would publish: complete, then with a firm
  // left out of the record.
  std::vector<FrameEntry> scope = drawn->frame;
  for (const Exclusion& e : drawn->excluded)
    scope.push_back({e.uscc, e.region_code, RiskClass::kB, e.product_categories});
  EXPECT_TRUE(VerifyEligibility(*drawn, scope).ok());
  scope.push_back({"91370102MA3L2QRT7Y", "370102", RiskClass::kB, {"helmet"}});
  const DrawVerification missing = VerifyEligibility(*drawn, scope);
  ASSERT_EQ(missing.mismatches.size(), 1u);
  EXPECT_EQ(missing.mismatches[0].kind, DrawMismatch::Kind::kMissingFromFrame);
}

}  // namespace
}  // namespace zq::inspection
