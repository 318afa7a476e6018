#pragma once

// Temporal signal detection (预警信号) for counts over equal periods (weeks), and the
// multiple-testing adjustment across the many series one run tests. Pure functions.
//
// EARS C1, C2, C3 (CDC Early Aberration Reporting System; Hutwagner et al., J Urban Health
// 2003;80(2 Suppl 1):i89), exactly as R surveillance::earsC (1.20.3) computes them, which the
// tests reproduce (testdata/ears_reference.tsv, scripts/stats-ears-reference):
//   C1 at t: the baseline is the `baseline` periods t−baseline … t−1; its mean m and standard
//      deviation s (divisor baseline − 1), σ = max(s, min_sigma); upperbound = m + z·σ, with
//      z = Φ⁻¹(1 − alpha); statistic (y_t − m)/σ.
//   C2: the same with a gap of two periods: the baseline is t−baseline−2 … t−3.
//   C3: from C2's statistics at t−2 and t−1: upperbound = max(0, y_t + σ_t·(z − Σ max(0,
//      C2 − 1))), σ_t being C2's at t (R's formula); the statistic is Σ over t−2 … t of
//      max(0, C2 − 1).
// An alarm is y_t > upperbound. alpha defaults to 0.001 for C1 and C2 and 0.025 for C3 (R's).
// With σ = 0 (a constant baseline and min_sigma 0) C1 and C2 alarm on any rise; R does the same.
#include <cstddef>
#include <span>
#include <vector>

#include "core/result.h"

namespace zq::stats {

enum class EarsMethod { kC1, kC2, kC3 };

struct EarsOptions {
  EarsMethod method = EarsMethod::kC1;
  int baseline = 7;      // ≥ 3
  double alpha = 0;      // 0: R's default for the method
  double min_sigma = 0;  // ≥ 0; Burkom suggests 0.5–1 for sparse counts
};

// The periods first … observed.size() − 1 (first = baseline, +2 for C2, +4 for C3), each with
// its baseline mean, upperbound, statistic and alarm.
struct EarsResult {
  std::size_t first = 0;
  std::vector<double> baseline_mean;  // C1's baseline, else C2's (the two-period gap)
  std::vector<double> upperbound;
  std::vector<double> statistic;
  std::vector<bool> alarm;
};

// kInvalidArgument: baseline < 3 ("baseline"), min_sigma < 0 ("min_sigma"), alpha outside
// (0, 1) ("alpha"), a negative or non-finite count ("observed"), or fewer periods than the
// method's first period needs ("observed": "too short").
Result<EarsResult> Ears(std::span<const double> observed, const EarsOptions& options = {});

// Ears's refusals of its options alone (baseline, min_sigma, alpha), for a caller that checks
// them before it has a series.
Status CheckEarsOptions(const EarsOptions& options);

// The periods a method needs before the first one it judges.
std::size_t EarsFirstPeriod(const EarsOptions& options);

// Benjamini–Hochberg adjusted p-values (false discovery rate), in the input's order, as R's
// p.adjust(p, "BH"): q_(i) = min over j ≥ i of min(1, m·p_(j)/j) for p sorted ascending.
std::vector<double> BenjaminiHochberg(std::span<const double> p);

}  // namespace zq::stats
