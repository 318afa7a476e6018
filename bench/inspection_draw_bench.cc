// A province-scale 双随机 draw (issue 5): 1,000,000 firms, 10,000 tasks, 5,000 inspectors.
// Baseline measured in the same run: hashing the frame alone (canonical serialisation + SM3),
// which every draw needs for its published frame_hash anyway.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "auth/crypto.h"
#include "inspection/random_draw.h"

namespace {

using zq::inspection::ClassQuota;
using zq::inspection::DrawParameters;
using zq::inspection::FrameEntry;
using zq::inspection::Inspector;
using zq::inspection::RiskClass;

constexpr int kFirms = 1'000'000;
constexpr int kInspectors = 5'000;
constexpr int kCities = 16;
constexpr int kCategories = 40;

std::string City(int i) { return std::to_string(3701 + i % kCities) + "00"; }

std::string Category(int i) { return "cat-" + std::to_string(i % kCategories); }

std::string Uscc(int i) {
  std::string digits = std::to_string(i);
  return "91370102" + std::string(9 - digits.size(), '0') + digits + "X";
}

const std::vector<FrameEntry>& Frame() {
  static const std::vector<FrameEntry> frame = [] {
    std::vector<FrameEntry> out;
    out.reserve(kFirms);
    constexpr RiskClass kMix[20] = {RiskClass::kA, RiskClass::kA, RiskClass::kA, RiskClass::kA,
                                    RiskClass::kB, RiskClass::kB, RiskClass::kB, RiskClass::kB,
                                    RiskClass::kB, RiskClass::kB, RiskClass::kB, RiskClass::kB,
                                    RiskClass::kB, RiskClass::kB, RiskClass::kB, RiskClass::kB,
                                    RiskClass::kC, RiskClass::kC, RiskClass::kC, RiskClass::kD};
    for (int i = 0; i < kFirms; ++i) {
      std::string region = City(i * 7);
      region[5] = static_cast<char>('1' + i % 9);  // a county of that city
      std::vector<std::string> categories = {Category(i)};
      if (i % 5 == 0) {
        categories.push_back(Category(i + 17));
      }
      out.push_back({Uscc(i), std::move(region), kMix[i % 20], std::move(categories)});
    }
    return out;
  }();
  return frame;
}

std::vector<Inspector> Pool() {
  std::vector<Inspector> pool;
  for (int i = 0; i < kInspectors; ++i) {
    Inspector in;
    in.id = "INSP-" + std::to_string(100000 + i);
    in.unit = "unit-" + std::to_string(i % kCities);
    in.region_code = City(i);
    if (i % 10 == 0) {
      in.qualifications = {"general"};
    } else {
      in.qualifications = {Category(i), Category(i * 3 + 1), Category(i * 7 + 2)};
    }
    in.conflicts = {Uscc(i * 131 % kFirms), Uscc(i * 977 % kFirms)};
    pool.push_back(std::move(in));
  }
  return pool;
}

DrawParameters Parameters() {
  DrawParameters p = DrawParameters::Defaults();
  p.plan_id = "BENCH-2026";
  p.authority = "370000";
  p.draw_date = "2026-11-24";
  // 10,000 tasks: A 500, B 6,000, C 2,500, D 1,000.
  p.quotas = {ClassQuota::Fixed(500), ClassQuota::Fixed(6000), ClassQuota::Fixed(2500),
              ClassQuota::Fixed(1000)};
  p.max_tasks_per_inspector = 10;
  p.locality = zq::inspection::Locality::kCrossRegion;
  return p;
}

void BM_Baseline_FrameHash(benchmark::State& state) {
  const std::vector<FrameEntry>& frame = Frame();
  for (auto _ : state) {
    const std::string canonical = zq::inspection::CanonicalFrame(frame).value();
    benchmark::DoNotOptimize(zq::auth::Sm3(canonical));
  }
  state.counters["firms"] = kFirms;
}

BENCHMARK(BM_Baseline_FrameHash)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Draw(benchmark::State& state) {
  const std::vector<FrameEntry>& frame = Frame();
  const std::vector<Inspector> pool = Pool();
  const DrawParameters parameters = Parameters();
  const std::string seed = zq::inspection::NewSeed();
  std::size_t unstaffed = 0;
  std::size_t tasks = 0;
  for (auto _ : state) {
    const auto drawn = zq::inspection::ComputeDraw(frame, pool, parameters, seed).value();
    tasks = drawn.size();
    unstaffed = 0;
    for (const auto& t : drawn) {
      unstaffed += t.unstaffed ? 1 : 0;
    }
  }
  state.counters["tasks"] = static_cast<double>(tasks);
  state.counters["unstaffed"] = static_cast<double>(unstaffed);
}

BENCHMARK(BM_Draw)->Unit(benchmark::kMillisecond)->UseRealTime();

// The targets alone (empty pool, so every task is unstaffed without a scan): separates the
// O(frame) part from the O(tasks × pool) team assignment.
void BM_DrawTargetsOnly(benchmark::State& state) {
  const std::vector<FrameEntry>& frame = Frame();
  const DrawParameters parameters = Parameters();
  const std::string seed = zq::inspection::NewSeed();
  for (auto _ : state) {
    benchmark::DoNotOptimize(zq::inspection::ComputeDraw(frame, {}, parameters, seed).value());
  }
}

BENCHMARK(BM_DrawTargetsOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
