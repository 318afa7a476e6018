#include "stats/signals.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/normal.hpp>

namespace zq::stats {
namespace {

struct Baseline {
  double mean = 0;
  double sigma = 0;
};

// The mean and the standard deviation (divisor n − 1) of observed[from, from + n), the latter
// no less than `min_sigma`.
Baseline BaselineOf(std::span<const double> observed, std::size_t from, int n, double min_sigma) {
  const auto begin = observed.begin() + static_cast<std::ptrdiff_t>(from);
  const double mean = std::accumulate(begin, begin + n, 0.0) / n;
  double squares = 0;
  for (auto it = begin; it != begin + n; ++it) squares += (*it - mean) * (*it - mean);
  return {mean, std::max(std::sqrt(squares / (n - 1)), min_sigma)};
}

// C1's (lag 0) or C2's (lag 2) baseline of period t.
Baseline BaselineAt(std::span<const double> observed, std::size_t t, int baseline, int lag,
                    double min_sigma) {
  return BaselineOf(observed, t - static_cast<std::size_t>(baseline + lag), baseline, min_sigma);
}

}  // namespace

std::size_t EarsFirstPeriod(const EarsOptions& options) {
  const auto b = static_cast<std::size_t>(std::max(options.baseline, 0));
  switch (options.method) {
    case EarsMethod::kC1:
      return b;
    case EarsMethod::kC2:
      return b + 2;
    case EarsMethod::kC3:
      return b + 4;
  }
  return b;
}

Status CheckEarsOptions(const EarsOptions& options) {
  if (options.baseline < 3)
    return Status::InvalidArgument("the baseline is at least 3 periods", "baseline");
  if (!(options.min_sigma >= 0) || !std::isfinite(options.min_sigma))
    return Status::InvalidArgument("min_sigma is a number ≥ 0", "min_sigma");
  if (options.alpha != 0 && !(options.alpha > 0 && options.alpha < 1))
    return Status::InvalidArgument("alpha lies in (0, 1)", "alpha");
  return Status::Ok();
}

Result<EarsResult> Ears(std::span<const double> observed, const EarsOptions& options) {
  ZQ_RETURN_IF_ERROR(CheckEarsOptions(options));
  for (const double y : observed) {
    if (!std::isfinite(y) || y < 0)
      return Status::InvalidArgument("counts are finite and ≥ 0", "observed");
  }
  const std::size_t first = EarsFirstPeriod(options);
  if (observed.size() <= first)
    return Status::InvalidArgument("the series is too short for the method's baseline", "observed");
  const bool c3 = options.method == EarsMethod::kC3;
  const double alpha = options.alpha != 0 ? options.alpha : (c3 ? 0.025 : 0.001);
  const double z = boost::math::quantile(boost::math::normal(), 1 - alpha);
  const int lag = options.method == EarsMethod::kC1 ? 0 : 2;
  auto c2 = [&](std::size_t t) {
    const Baseline b = BaselineAt(observed, t, options.baseline, 2, options.min_sigma);
    return (observed[t] - b.mean) / b.sigma;
  };
  EarsResult out;
  out.first = first;
  for (std::size_t t = first; t < observed.size(); ++t) {
    const Baseline b = BaselineAt(observed, t, options.baseline, lag, options.min_sigma);
    const double statistic = (observed[t] - b.mean) / b.sigma;
    double upperbound = b.mean + z * b.sigma;
    double reported = statistic;
    if (c3) {
      const double lags = std::max(0.0, c2(t - 2) - 1) + std::max(0.0, c2(t - 1) - 1);
      upperbound = std::max(0.0, observed[t] + b.sigma * (z - lags));
      reported = std::max(0.0, statistic - 1) + lags;  // C3 = Σ over t−2 … t of max(0, C2 − 1)
    }
    out.baseline_mean.push_back(b.mean);
    out.upperbound.push_back(upperbound);
    out.statistic.push_back(reported);
    out.alarm.push_back(observed[t] > upperbound);
  }
  return out;
}

std::vector<double> BenjaminiHochberg(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p[a] > p[b]; });
  std::vector<double> q(m);
  double running = 1;
  for (std::size_t k = 0; k < m; ++k) {  // k-th largest: rank m − k
    const std::size_t i = order[k];
    const double rank = static_cast<double>(m - k);
    running = std::min(running, static_cast<double>(m) / rank * p[i]);
    q[i] = std::min(1.0, running);
  }
  return q;
}

}  // namespace zq::stats
