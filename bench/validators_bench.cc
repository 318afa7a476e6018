// Validator throughput (codes/s) against two baselines on the same codes: copying each code
// (the floor of any per-code work) and a std::regex match of the USCC's shape (what a
// hand-rolled validator often does, without checking anything).
#include <regex>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "core/ids/gtin.h"
#include "core/ids/org_code.h"
#include "core/ids/uscc.h"

namespace {

std::vector<std::string> Usccs() {
  std::vector<std::string> out;
  for (int i = 0; i < 10'000; ++i) {
    std::string body = "MA" + std::to_string(100000 + i);
    std::string code = "91370102" + body + *zq::ids::OrgCodeCheckCharacter(body);
    code += *zq::ids::UsccCheckCharacter(code);
    out.push_back(code);
  }
  return out;
}

std::vector<std::string> Gtins() {
  std::vector<std::string> out;
  for (int i = 0; i < 10'000; ++i) {
    std::string body = "690" + std::to_string(100000000 + i);
    out.push_back(body + *zq::ids::Gs1CheckDigit(body));
  }
  return out;
}

void BM_Baseline_CopyCode(benchmark::State& state) {
  const auto codes = Usccs();
  for (auto _ : state) {
    for (const std::string& c : codes) {
      std::string copy = c;
      benchmark::DoNotOptimize(copy);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(codes.size()));
}

BENCHMARK(BM_Baseline_CopyCode);

void BM_Baseline_RegexShape(benchmark::State& state) {
  const auto codes = Usccs();
  const std::regex shape("^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$");
  for (auto _ : state) {
    for (const std::string& c : codes) benchmark::DoNotOptimize(std::regex_match(c, shape));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(codes.size()));
}

BENCHMARK(BM_Baseline_RegexShape);

void BM_ParseUscc(benchmark::State& state) {
  const auto codes = Usccs();
  for (auto _ : state) {
    for (const std::string& c : codes) benchmark::DoNotOptimize(zq::ids::ParseUscc(c));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(codes.size()));
}

BENCHMARK(BM_ParseUscc);

void BM_ParseGtin(benchmark::State& state) {
  const auto codes = Gtins();
  for (auto _ : state) {
    for (const std::string& c : codes) benchmark::DoNotOptimize(zq::ids::ParseGtin(c));
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(codes.size()));
}

BENCHMARK(BM_ParseGtin);

}  // namespace
