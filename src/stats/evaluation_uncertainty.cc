// 质量工作考核: rank and grade uncertainty by replications over the actual values' standard errors
// (evaluation.h).
#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "stats/evaluation.h"

namespace zq::stats {
namespace {

// A uniform draw in (0, 1) from the top 53 bits, and a standard normal one by Box–Muller.
double UnitUniform(std::mt19937_64& rng) {
  return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53;
}

double StandardNormal(std::mt19937_64& rng) {
  const double u1 = UnitUniform(rng);
  const double u2 = UnitUniform(rng);
  return std::sqrt(-2 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

// The value at `share` of the sorted values by the nearest rank: the ⌈share · n⌉-th.
template <class T>
T NearestRank(std::vector<T> values, double share) {
  std::sort(values.begin(), values.end());
  const auto k = static_cast<size_t>(std::ceil(share * static_cast<double>(values.size()) - 1e-9));
  return values[std::clamp<size_t>(k, 1, values.size()) - 1];
}

}  // namespace

Result<std::vector<RegionUncertainty>> EvaluationUncertainty(
    const EvaluationRules& rules, const std::vector<RegionInput>& regions,
    const EvaluationUncertaintyOptions& options) {
  if (options.replications < 1 || options.replications > 100000)
    return Status::InvalidArgument("replications run from 1 to 100,000", "replications");
  ZQ_RETURN_IF_ERROR(Evaluate(rules, regions).status());
  const size_t n = regions.size();
  const auto reps = static_cast<size_t>(options.replications);
  std::vector<std::vector<int>> ranks(n, std::vector<int>(reps));
  std::vector<std::vector<double>> totals(n, std::vector<double>(reps));
  std::vector<std::map<std::string, int>> grades(n);
  std::mt19937_64 rng(options.seed);
  std::vector<RegionInput> drawn = regions;
  for (size_t rep = 0; rep < reps; ++rep) {
    // Draws in a fixed order: region by region, item codes in their map's order.
    for (size_t r = 0; r < n; ++r) {
      for (auto& [code, input] : drawn[r].verified) {
        const ItemInput& original = regions[r].verified.at(code);
        if (original.standard_error && *original.standard_error > 0 && original.actual)
          input.actual = *original.actual + *original.standard_error * StandardNormal(rng);
      }
    }
    ZQ_ASSIGN_OR_RETURN(const std::vector<RegionEvaluation> result, Evaluate(rules, drawn));
    for (size_t r = 0; r < n; ++r) {
      ranks[r][rep] = result[r].rank;
      totals[r][rep] = result[r].total;
      ++grades[r][result[r].grade.grade];
    }
  }
  std::vector<RegionUncertainty> out(n);
  for (size_t r = 0; r < n; ++r) {
    RegionUncertainty& u = out[r];
    u.code = regions[r].code;
    u.rank_median = NearestRank(ranks[r], 0.5);
    u.rank_low = NearestRank(ranks[r], 0.05);
    u.rank_high = NearestRank(ranks[r], 0.95);
    u.total_low = NearestRank(totals[r], 0.05);
    u.total_high = NearestRank(totals[r], 0.95);
    for (const auto& [grade, count] : grades[r])
      u.grade_share[grade] = static_cast<double>(count) / static_cast<double>(reps);
  }
  return out;
}

}  // namespace zq::stats
