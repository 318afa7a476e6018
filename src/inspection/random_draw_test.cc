#include "inspection/random_draw.h"

#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "auth/crypto.h"
#include "core/testing/files.h"

#if __has_include(<boost/math/distributions/chi_squared.hpp>)
#include <boost/math/distributions/chi_squared.hpp>
#define ZQ_HAVE_BOOST_MATH 1
#endif

namespace zq::inspection {
namespace {

std::string Uscc(int i) {
  std::string digits = std::to_string(i);
  return "91370102" + std::string(9 - digits.size(), '0') + digits + "X";
}

std::string Seed(int i) {
  const auth::Sm3Digest d = auth::Sm3("test seed " + std::to_string(i));
  return std::string(d.begin(), d.end());
}

// A frame of `n` firms in two regions, classes cycling A B B B C D, two categories.
std::vector<FrameEntry> Frame(int n) {
  std::vector<FrameEntry> frame;
  frame.reserve(static_cast<std::size_t>(n));
  constexpr std::array<RiskClass, 6> kCycle = {RiskClass::kA, RiskClass::kB, RiskClass::kB,
                                               RiskClass::kB, RiskClass::kC, RiskClass::kD};
  for (int i = 0; i < n; ++i) {
    frame.push_back({Uscc(i),
                     i % 2 == 0 ? "370102" : "370211",
                     kCycle[i % 6],
                     {i % 3 == 0 ? "helmet" : "wire-cable"}});
  }
  return frame;
}

// 12 inspectors: Jinan (3701) and Qingdao (3702) units, mixed qualifications, some conflicts.
std::vector<Inspector> Pool() {
  std::vector<Inspector> pool;
  for (int i = 0; i < 12; ++i) {
    Inspector in;
    in.id = "I" + std::to_string(100 + i);
    in.unit = i % 2 == 0 ? "济南市局" : "青岛市局";
    in.region_code = i % 2 == 0 ? "370100" : "370200";
    in.qualifications = {i % 4 == 0 ? "general" : (i % 4 == 1 ? "helmet" : "wire-cable")};
    if (i % 3 == 0) {
      in.conflicts = {Uscc(i), Uscc(i + 1)};
    }
    pool.push_back(std::move(in));
  }
  return pool;
}

DrawParameters Parameters() {
  DrawParameters p = DrawParameters::Defaults();
  p.plan_id = "SD-2026-007";
  p.authority = "370000";
  p.draw_date = "2026-11-24";
  p.quotas = {ClassQuota::Rate(500), ClassQuota::Rate(2000), ClassQuota::Rate(6000),
              ClassQuota::Rate(10000)};
  p.max_tasks_per_inspector = 6;
  p.locality = Locality::kCrossRegion;
  return p;
}

DrawRecord Published(const std::string& seed) {
  Result<EligibleFrame> eligible = BuildEligibleFrame(Frame(120), Parameters(), {});
  EXPECT_TRUE(eligible.ok()) << eligible.status().ToString();
  Result<DrawRecord> committed = CommitDraw(*eligible, Pool(), Parameters(), seed);
  EXPECT_TRUE(committed.ok()) << committed.status().ToString();
  Result<DrawRecord> drawn = RunDraw(*committed, seed, "beacon 527");
  EXPECT_TRUE(drawn.ok()) << drawn.status().ToString();
  return *drawn;
}

TEST(RandomDraw, CommittedRecordHidesTheSeedUntilTheReveal) {
  const std::string seed = NewSeed();
  ASSERT_EQ(seed.size(), kSeedBytes);
  EXPECT_NE(seed, NewSeed());
  Result<EligibleFrame> eligible = BuildEligibleFrame(Frame(30), Parameters(), {});
  ASSERT_TRUE(eligible.ok());
  Result<DrawRecord> committed = CommitDraw(*eligible, Pool(), Parameters(), seed);
  ASSERT_TRUE(committed.ok());
  EXPECT_EQ(committed->commitment, auth::ToHex(auth::Sm3(seed)));
  EXPECT_EQ(committed->frame_hash, auth::ToHex(auth::Sm3(CanonicalFrame(Frame(30)).value())));
  EXPECT_TRUE(committed->tasks.empty());
  EXPECT_TRUE(DrawRecordToJson(*committed)["seed"].is_null());
  Result<DrawRecord> revealed = RunDraw(*committed, seed);
  ASSERT_TRUE(revealed.ok());
  EXPECT_EQ(auth::FromHex(revealed->seed).value(), seed);
  EXPECT_FALSE(revealed->tasks.empty());
}

TEST(RandomDraw, RerunFromPublishedJsonGivesIdenticalDraw) {
  const DrawRecord record = Published(Seed(1));
  ASSERT_FALSE(record.tasks.empty());
  const std::string saved = DrawRecordToJson(record).dump();
  Result<DrawRecord> loaded = DrawRecordFromJson(nlohmann::json::parse(saved));
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  EXPECT_EQ(loaded->tasks, record.tasks);
  Result<DrawVerification> verification = VerifyDraw(*loaded);
  ASSERT_TRUE(verification.ok()) << verification.status().ToString();
  EXPECT_TRUE(verification->ok()) << DrawVerificationToJson(*verification).dump();
  Result<std::vector<DrawTask>> again =
      ComputeDraw(loaded->frame, loaded->pool, loaded->parameters, Seed(1), "beacon 527");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, record.tasks);
}

TEST(RandomDraw, InputOrderDoesNotMatter) {
  std::vector<FrameEntry> frame = Frame(60);
  std::vector<Inspector> pool = Pool();
  Result<std::vector<DrawTask>> a = ComputeDraw(frame, pool, Parameters(), Seed(2));
  std::reverse(frame.begin(), frame.end());
  std::reverse(pool.begin(), pool.end());
  Result<std::vector<DrawTask>> b = ComputeDraw(frame, pool, Parameters(), Seed(2));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(CanonicalFrame(frame).value(), CanonicalFrame(Frame(60)).value());
}

TEST(RandomDraw, ChangingOneFrameRowChangesFrameHashAndFailsVerification) {
  std::vector<FrameEntry> frame = Frame(50);
  const std::string before = CanonicalFrame(frame).value();
  frame[17].region_code = "370103";
  EXPECT_NE(auth::Sm3(CanonicalFrame(frame).value()), auth::Sm3(before));

  DrawRecord record = Published(Seed(3));
  record.frame[5].region_code = "370999";
  Result<DrawVerification> v = VerifyDraw(record);
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(v->mismatches.front().kind, DrawMismatch::Kind::kFrameHash);
}

TEST(RandomDraw, ChangingTheSeedOrBeaconChangesTheSelection) {
  const DrawRecord a = Published(Seed(4));
  const DrawRecord b = Published(Seed(5));
  EXPECT_NE(a.commitment, b.commitment);
  EXPECT_EQ(a.frame_hash, b.frame_hash);
  EXPECT_NE(a.tasks, b.tasks);
  Result<std::vector<DrawTask>> other_beacon =
      ComputeDraw(a.frame, a.pool, a.parameters, Seed(4), "beacon 528");
  ASSERT_TRUE(other_beacon.ok());
  EXPECT_NE(*other_beacon, a.tasks);
}

TEST(RandomDraw, WrongSeedFailsTheCommitment) {
  DrawRecord record = Published(Seed(6));
  Result<DrawRecord> rerun = RunDraw(record, Seed(7));
  ASSERT_FALSE(rerun.ok());
  EXPECT_EQ(rerun.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(rerun.status().field(), "seed");

  const std::string wrong = Seed(7);
  record.seed = auth::ToHex(std::span(reinterpret_cast<const std::uint8_t*>(wrong.data()), 32));
  Result<DrawVerification> v = VerifyDraw(record);
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->ok());
  EXPECT_EQ(v->mismatches.front().kind, DrawMismatch::Kind::kCommitment);
  EXPECT_TRUE(std::any_of(v->mismatches.begin(), v->mismatches.end(), [](const DrawMismatch& m) {
    return m.kind == DrawMismatch::Kind::kTarget && m.task_number > 0;
  }));
}

TEST(RandomDraw, TamperedAssignmentIsReportedWithItsTaskNumber) {
  DrawRecord record = Published(Seed(8));
  auto staffed = std::find_if(record.tasks.begin(), record.tasks.end(),
                              [](const DrawTask& t) { return !t.unstaffed; });
  ASSERT_NE(staffed, record.tasks.end());
  staffed->inspectors[0] = "I999";
  Result<DrawVerification> v = VerifyDraw(record);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->mismatches.size(), 1u);
  EXPECT_EQ(v->mismatches[0].kind, DrawMismatch::Kind::kAssignment);
  EXPECT_EQ(v->mismatches[0].task_number, staffed->number);
}

TEST(RandomDraw, VerifyBeforeRevealOrOfAnotherVersionIsRefused) {
  DrawRecord record = Published(Seed(9));
  record.seed.clear();
  EXPECT_EQ(VerifyDraw(record).status().code(), StatusCode::kFailedPrecondition);
  record.seed = "00";
  record.algorithm = "zq-draw-v0";
  EXPECT_EQ(VerifyDraw(record).status().field(), "algorithm");
}

std::map<RiskClass, std::size_t> ClassCounts(const std::vector<DrawTask>& tasks) {
  std::map<RiskClass, std::size_t> counts;
  for (const DrawTask& t : tasks) {
    ++counts[t.risk_class];
  }
  return counts;
}

TEST(RandomDraw, StratumSizesFollowProportionsAndRounding) {
  // Frame(120): A 20, B 60, C 20, D 20 firms.
  DrawParameters p = Parameters();
  p.quotas = {ClassQuota::Rate(100), ClassQuota::Rate(2050), ClassQuota::Fixed(30),
              ClassQuota::Rate(0)};
  Result<std::vector<DrawTask>> ceil = ComputeDraw(Frame(120), Pool(), p, Seed(10));
  ASSERT_TRUE(ceil.ok());
  auto counts = ClassCounts(*ceil);
  EXPECT_EQ(counts[RiskClass::kA], 1u);   // 0.2 → at least 1
  EXPECT_EQ(counts[RiskClass::kB], 13u);  // 12.3 → ceil 13
  EXPECT_EQ(counts[RiskClass::kC], 20u);  // fixed 30, stratum of 20
  EXPECT_EQ(counts[RiskClass::kD], 0u);   // rate 0
  p.rounding = Rounding::kHalfUp;
  Result<std::vector<DrawTask>> half = ComputeDraw(Frame(120), Pool(), p, Seed(10));
  ASSERT_TRUE(half.ok());
  counts = ClassCounts(*half);
  EXPECT_EQ(counts[RiskClass::kA], 1u);
  EXPECT_EQ(counts[RiskClass::kB], 12u);
  // Tasks come in class order, numbered 1..n, each firm once.
  std::set<std::string> firms;
  for (std::size_t i = 0; i < half->size(); ++i) {
    EXPECT_EQ((*half)[i].number, i + 1);
    EXPECT_TRUE(firms.insert((*half)[i].uscc).second);
  }
}

TEST(RandomDraw, FewerThanTwoInspectorsPerTaskIsRejected) {
  DrawParameters p = Parameters();
  p.inspectors_per_task = 1;
  Result<std::vector<DrawTask>> r = ComputeDraw(Frame(10), Pool(), p, Seed(11));
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "inspectors_per_task");
}

TEST(RandomDraw, MalformedRowsNameTheirField) {
  std::vector<FrameEntry> frame = Frame(3);
  frame.push_back(frame[1]);
  EXPECT_EQ(ComputeDraw(frame, Pool(), Parameters(), Seed(12)).status().field(), "frame.uscc");
  frame.pop_back();
  frame[0].product_categories = {"a,b"};
  EXPECT_EQ(CanonicalFrame(frame).status().field(), "frame.product_categories");
  EXPECT_EQ(ComputeDraw(Frame(3), Pool(), Parameters(), "short").status().field(), "seed");
}

TEST(RandomDraw, TeamsRespectQualificationConflictsUnitRecusalAndCap) {
  DrawParameters p = Parameters();
  p.max_tasks_per_inspector = 4;
  std::vector<Inspector> pool = Pool();
  std::map<std::string, const Inspector*> by_id;
  for (const Inspector& in : pool) {
    by_id[in.id] = &in;
  }
  std::map<std::string, FrameEntry> firms;
  for (const FrameEntry& f : Frame(120)) {
    firms[f.uscc] = f;
  }
  for (int s = 0; s < 20; ++s) {
    Result<std::vector<DrawTask>> tasks = ComputeDraw(Frame(120), pool, p, Seed(100 + s));
    ASSERT_TRUE(tasks.ok());
    std::map<std::string, std::uint32_t> load;
    for (const DrawTask& t : *tasks) {
      if (t.unstaffed) {
        EXPECT_TRUE(t.inspectors.empty());
        continue;
      }
      ASSERT_EQ(t.inspectors.size(), 2u);
      EXPECT_NE(t.inspectors[0], t.inspectors[1]);
      const FrameEntry& firm = firms.at(t.uscc);
      for (const std::string& id : t.inspectors) {
        const Inspector& in = *by_id.at(id);
        const std::string& q = in.qualifications[0];
        EXPECT_TRUE(q == "general" || q == firm.product_categories[0]) << id << " " << t.uscc;
        EXPECT_EQ(std::count(in.conflicts.begin(), in.conflicts.end(), t.uscc), 0);
        // Cross-region: a Jinan (3701) unit never checks a Jinan firm, Qingdao likewise.
        EXPECT_NE(firm.region_code.substr(0, 4), in.region_code.substr(0, 4));
        EXPECT_LE(++load[id], p.max_tasks_per_inspector);
      }
    }
  }
}

TEST(RandomDraw, UnstaffedTasksAreReportedWithTheirReason) {
  std::vector<FrameEntry> frame = {{Uscc(1), "370211", RiskClass::kB, {"helmet"}},
                                   {Uscc(2), "370211", RiskClass::kB, {"helmet"}},
                                   {Uscc(3), "370211", RiskClass::kB, {"fertiliser"}}};
  std::vector<Inspector> pool = {{"J1", "济南市局", "370100", {"helmet"}, {}},
                                 {"J2", "济南市局", "370100", {"general"}, {}},
                                 {"Q1", "青岛市局", "370200", {"general"}, {}}};
  DrawParameters p = Parameters();
  p.quotas[1] = ClassQuota::Rate(10000);
  p.max_tasks_per_inspector = 1;
  Result<std::vector<DrawTask>> tasks = ComputeDraw(frame, pool, p, Seed(13));
  ASSERT_TRUE(tasks.ok());
  std::map<std::string, DrawTask> by_firm;
  for (const DrawTask& t : *tasks) {
    by_firm[t.uscc] = t;
  }
  // Fertiliser: only J2 is qualified outside Qingdao. The helmet firms: J1 and J2, once each.
  EXPECT_EQ(by_firm[Uscc(3)].unstaffed, UnstaffedReason::kTooFewQualified);
  const int staffed = !by_firm[Uscc(1)].unstaffed + !by_firm[Uscc(2)].unstaffed;
  EXPECT_EQ(staffed, 1);
  const DrawTask& late = by_firm[Uscc(1)].unstaffed ? by_firm[Uscc(1)] : by_firm[Uscc(2)];
  EXPECT_EQ(late.unstaffed, UnstaffedReason::kCapReached);
}

TEST(RandomDraw, ExclusionsBuildTheEligibleFrame) {
  DrawParameters p = Parameters();
  p.product_categories = {"helmet", "wire-cable"};
  std::vector<FrameEntry> frame = {
      {Uscc(1), "370102", RiskClass::kB, {"helmet"}},                // checked 2026-06-01: out
      {Uscc(2), "370102", RiskClass::kB, {"helmet"}},                // checked 2026-05-23: in
      {Uscc(3), "370102", RiskClass::kB, {"helmet", "wire-cable"}},  // one of two checked: in
      {Uscc(4), "370102", RiskClass::kB, {"helmet"}},                // other authority: in
      {Uscc(5), "370102", RiskClass::kB, {"fertiliser"}},            // out of scope
      {Uscc(6), "370102", RiskClass::kB, {"wire-cable"}},            // drawn earlier in plan
  };
  ExclusionInputs ex;
  ex.already_drawn = {Uscc(6)};
  ex.prior_checks = {{Uscc(1), "helmet", "370000", "2026-06-01", "draw:1#1"},
                     {Uscc(2), "helmet", "370000", "2026-05-23", "draw:1#2"},
                     {Uscc(3), "helmet", "370000", "2026-10-01", "draw:1#3"},
                     {Uscc(4), "helmet", "370100", "2026-10-01", "draw:1#4"}};
  Result<EligibleFrame> eligible = BuildEligibleFrame(frame, p, ex);
  ASSERT_TRUE(eligible.ok()) << eligible.status().ToString();
  std::vector<std::string> in;
  for (const FrameEntry& f : eligible->entries) {
    in.push_back(f.uscc);
  }
  EXPECT_EQ(in, (std::vector<std::string>{Uscc(2), Uscc(3), Uscc(4)}));
  std::vector<std::pair<std::string, ExclusionReason>> reasons;
  for (const Exclusion& e : eligible->excluded) reasons.emplace_back(e.uscc, e.reason);
  EXPECT_EQ(reasons, (std::vector<std::pair<std::string, ExclusionReason>>{
                         {Uscc(1), ExclusionReason::kRecentlyChecked},
                         {Uscc(5), ExclusionReason::kOutOfScope},
                         {Uscc(6), ExclusionReason::kAlreadyDrawnInPlan}}));
  ex.prior_checks[0].date = "2026-13-01";
  EXPECT_EQ(BuildEligibleFrame(frame, p, ex).status().field(), "prior_checks.date");
}

// Pearson's statistic of how often each of the 50 firms of one stratum is among 5 picks, over
// 2,000 seeds (10,000 picks, 200 expected per firm).
constexpr int kFirms = 50;
constexpr int kPicks = 5;
constexpr int kSeeds = 2000;

double ChiSquare(const std::function<std::vector<int>(int)>& select) {
  std::vector<int> counts(kFirms, 0);
  for (int s = 0; s < kSeeds; ++s) {
    for (int firm : select(s)) {
      ++counts[static_cast<std::size_t>(firm)];
    }
  }
  const double expected = double{kSeeds} * kPicks / kFirms;
  double chi2 = 0;
  for (int c : counts) {
    chi2 += (c - expected) * (c - expected) / expected;
  }
  return chi2;
}

// The upper 0.001 point of χ² with 49 degrees of freedom.
double CriticalValue() {
#ifdef ZQ_HAVE_BOOST_MATH
  return boost::math::quantile(boost::math::chi_squared(kFirms - 1), 0.999);
#else
  return 85.351;  // NIST/SEMATECH e-Handbook §1.3.6.7.4, ν = 49, α = 0.001
#endif
}

std::vector<int> FairSelection(int s) {
  std::vector<FrameEntry> frame;
  frame.reserve(kFirms);
  for (int i = 0; i < kFirms; ++i) {
    frame.push_back({Uscc(i), "370102", RiskClass::kB, {"helmet"}});
  }
  DrawParameters p = Parameters();
  p.quotas[1] = ClassQuota::Fixed(kPicks);
  const std::vector<DrawTask> tasks = ComputeDraw(frame, {}, p, Seed(s)).value();
  std::vector<int> out;
  out.reserve(tasks.size());
  for (const DrawTask& t : tasks) {
    out.push_back(std::stoi(t.uscc.substr(8, 9)));
  }
  return out;
}

// A deliberately biased partial Fisher–Yates: it reduces only 6 random bits modulo the range,
// so low positions come up twice as often.
std::vector<int> SixBitSelection(int s) {
  const auth::Sm3Digest bytes = auth::Sm3(Seed(s));
  std::vector<int> a(kFirms);
  std::iota(a.begin(), a.end(), 0);
  for (int i = 0; i < kPicks; ++i) {
    const int j = i + (bytes[static_cast<std::size_t>(i)] % 64) % (kFirms - i);
    std::swap(a[static_cast<std::size_t>(i)], a[static_cast<std::size_t>(j)]);
  }
  return {a.begin(), a.begin() + kPicks};
}

TEST(RandomDraw, ChiSquareShowsNoBiasWithinAStratum) {
  EXPECT_NEAR(CriticalValue(), 85.351, 1e-3);
  const double chi2 = ChiSquare(FairSelection);
  RecordProperty("chi2", std::to_string(chi2));
  EXPECT_LT(chi2, CriticalValue());
}

TEST(RandomDraw, ChiSquareCatchesABiasedSelector) {
  const double chi2 = ChiSquare(SixBitSelection);
  RecordProperty("chi2", std::to_string(chi2));
  EXPECT_GT(chi2, CriticalValue());
}

// The committed fixture was produced by testdata/draw_reference.py, an independent Python
// implementation of docs/random-draw.md, from testdata/draw_case.json.
TEST(RandomDraw, MatchesThePythonReferenceImplementation) {
  const nlohmann::json input =
      nlohmann::json::parse(testing_files::TestFileText("src/inspection/testdata/draw_case.json"));
  const nlohmann::json expected = nlohmann::json::parse(
      testing_files::TestFileText("src/inspection/testdata/draw_expected.json"));
  Result<DrawRecord> record = DrawRecordFromJson(input);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  const std::string seed = auth::FromHex(record->seed).value();
  auto hash = [](const std::string& text) { return auth::ToHex(auth::Sm3(text)); };
  EXPECT_EQ(hash(CanonicalFrame(record->frame).value()), expected["frame_hash"]);
  EXPECT_EQ(hash(CanonicalPool(record->pool).value()), expected["pool_hash"]);
  EXPECT_EQ(hash(CanonicalParameters(record->parameters).value()), expected["parameters_hash"]);
  EXPECT_EQ(hash(seed), expected["commitment"]);
  Result<std::vector<DrawTask>> tasks =
      ComputeDraw(record->frame, record->pool, record->parameters, seed, record->beacon);
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  DrawRecord drawn;
  drawn.tasks = *tasks;
  EXPECT_EQ(DrawRecordToJson(drawn)["tasks"], expected["tasks"]);
  EXPECT_GE(tasks->size(), 10u);
}

}  // namespace
}  // namespace zq::inspection
