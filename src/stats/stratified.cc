#include "stats/stratified.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace zq::stats {
namespace {

std::string Field(size_t i, const char* member) {
  return "strata[" + std::to_string(i) + "]." + member;
}

Status CheckStratum(const Stratum& s, size_t i) {
  if (s.tested < 2) {
    return Status::InvalidArgument("a stratum needs at least two tested batches for its variance",
                                   Field(i, "tested"));
  }
  if (s.passed < 0 || s.passed > s.tested) {
    return Status::InvalidArgument("passed batches must lie in [0, tested]", Field(i, "passed"));
  }
  if (!(s.weight > 0) || !std::isfinite(s.weight)) {
    return Status::InvalidArgument("a stratum's weight must be positive", Field(i, "weight"));
  }
  if (s.population && !(*s.population >= static_cast<double>(s.tested))) {
    return Status::InvalidArgument("the population size cannot be below the sample size",
                                   Field(i, "population"));
  }
  return Status::Ok();
}

double Quantile(double df, double q) {
  return boost::math::quantile(boost::math::students_t(df), q);
}

// Clopper–Pearson bounds at a (possibly fractional) effective size and count, as survey's "beta".
Interval BetaInterval(double p, double n_eff, double alpha) {
  const double x = n_eff * p;
  Interval ci{0.0, 1.0};
  if (x > 0) {
    ci.lower = boost::math::quantile(boost::math::beta_distribution<>(x, n_eff - x + 1), alpha / 2);
  }
  if (n_eff - x > 0) {
    ci.upper =
        boost::math::quantile(boost::math::beta_distribution<>(x + 1, n_eff - x), 1 - alpha / 2);
  }
  return ci;
}

}  // namespace

Result<StratifiedRate> EstimateStratifiedRate(std::span<const Stratum> strata, double confidence) {
  if (strata.empty())
    return Status::InvalidArgument("at least one stratum is needed", "strata");
  if (!(confidence > 0 && confidence < 1)) {
    return Status::InvalidArgument("confidence must lie in (0, 1)", "confidence");
  }
  double total_weight = 0;
  for (size_t i = 0; i < strata.size(); ++i) {
    ZQ_RETURN_IF_ERROR(CheckStratum(strata[i], i));
    total_weight += strata[i].weight;
  }
  StratifiedRate r;
  double variance = 0;
  for (const Stratum& s : strata) {
    const double w = s.weight / total_weight;
    const double n = static_cast<double>(s.tested);
    const double p = static_cast<double>(s.passed) / n;
    const double fpc = s.population ? 1 - n / *s.population : 1.0;
    r.estimate += w * p;
    variance += w * w * fpc * p * (1 - p) / (n - 1);
    r.tested += s.tested;
    r.passed += s.passed;
    r.normalised_weights.push_back(w);
  }
  const double p = std::clamp(r.estimate, 0.0, 1.0);
  r.estimate = p;
  r.standard_error = std::sqrt(variance);
  r.cv = p > 0 ? r.standard_error / p : 0;
  const auto n = static_cast<double>(r.tested);
  const auto h = static_cast<double>(strata.size());
  r.degrees_of_freedom = r.tested - static_cast<int64_t>(strata.size());
  const double alpha = 1 - confidence;

  const double z = boost::math::quantile(boost::math::normal(), 1 - alpha / 2);
  r.wald = {std::max(0.0, p - z * r.standard_error), std::min(1.0, p + z * r.standard_error)};

  // Korn & Graubard (1998): the effective sample size, scaled by (t_{n−1} / t_{n−H})². With no
  // sampling variance (every stratum all passed or all failed) the pooled n stands in for it.
  const double df = n - h;
  const double ratio = df >= 1 ? Quantile(n - 1, alpha / 2) / Quantile(df, alpha / 2) : 1.0;
  r.effective_n = variance > 0 ? p * (1 - p) / variance : std::numeric_limits<double>::infinity();
  const double n_eff = variance > 0 ? r.effective_n * ratio * ratio : n;
  r.korn_graubard = BetaInterval(p, n_eff, alpha);

  // Logit: logit p ± t_{df} · se / (p(1 − p)), back-transformed. At p = 0 or 1 (or no variance)
  // the logit is unbounded; the Korn–Graubard bounds are reported instead.
  if (p > 0 && p < 1 && variance > 0 && df >= 1) {
    const double t = Quantile(df, 1 - alpha / 2);
    const double centre = std::log(p / (1 - p));
    const double half = t * r.standard_error / (p * (1 - p));
    auto expit = [](double v) { return 1 / (1 + std::exp(-v)); };
    r.logit = {expit(centre - half), expit(centre + half)};
  } else {
    r.logit = r.korn_graubard;
  }
  return r;
}

}  // namespace zq::stats
