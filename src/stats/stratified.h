#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "inspection/pass_rate.h"

namespace zq::stats {

using inspection::Interval;

// One stratum (层) of a stratified pass rate: e.g. a firm size class or an industry of a region.
struct Stratum {
  std::string key;     // "large", "C26", ...; named in errors
  int64_t tested = 0;  // batches sampled (n_h)
  int64_t passed = 0;  // batches that passed (x_h)
  double weight = 0;   // W_h before normalisation: the stratum's population size N_h, or its
                       // output value (工业产值) for the output-value weighted rate
  // N_h when known: the finite population correction (1 − n_h/N_h) is applied. Absent: sampling
  // with replacement (no correction), as for output-value weights.
  std::optional<double> population;
};

// The stratified (weighted) estimate of a proportion (Cochran 1977, §5.3, eq. 5.4–5.6; Lohr 2019,
// §3.2), as R survey's svymean/svyciprop compute it for a stratified design:
//   p_st = Σ W_h p_h, W_h = w_h / Σ w
//   v(p_st) = Σ W_h² (1 − f_h) p_h (1 − p_h) / (n_h − 1),  f_h = n_h / N_h (0 without N_h)
// Intervals: Wald p ± z·se (clipped to [0, 1]); logit (survey's "xlogit": the delta method on
// logit p, t quantile with df = n − H); Korn–Graubard (survey's "beta": Clopper–Pearson at the
// effective sample size n_eff = p(1 − p)/v · (t_{n−1}/t_{n−H})²). docs/statistics.md.
struct StratifiedRate {
  double estimate = 0;
  double standard_error = 0;
  double cv = 0;                   // coefficient of variation se / p (0 when p = 0)
  int64_t degrees_of_freedom = 0;  // n − H
  double effective_n = 0;          // p(1 − p)/v before the t adjustment (+inf when v = 0)
  Interval wald;
  Interval logit;
  Interval korn_graubard;
  int64_t tested = 0;  // Σ n_h
  int64_t passed = 0;  // Σ x_h (the pooled count, reported beside the weighted rate)
  std::vector<double> normalised_weights;  // W_h in the order given
};

// Errors (kInvalidArgument): "strata" when empty, "strata[i].tested" when n_h < 2 (no variance
// estimate within the stratum), "strata[i].passed" outside [0, n_h], "strata[i].weight" when not
// positive and finite, "strata[i].population" when N_h < n_h, "confidence" outside (0, 1).
Result<StratifiedRate> EstimateStratifiedRate(std::span<const Stratum> strata,
                                              double confidence = 0.95);

}  // namespace zq::stats
