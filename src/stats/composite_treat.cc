// Outlier treatment of a composite's indicators (COINr's Treat() defaults, research notes §5.2).
#include <algorithm>
#include <cmath>
#include <limits>

#include "stats/composite_pipeline.h"

namespace zq::stats {
namespace {

using Column = std::vector<std::optional<double>>;

bool Passes(const std::optional<SkewKurt>& s, const TreatStep& step) {
  return std::abs(s->skew) < step.skew || s->kurtosis < step.kurtosis;
}

}  // namespace

std::optional<SkewKurt> SkewKurtosis(const Column& x) {
  double sum = 0;
  int n = 0;
  for (const auto& v : x) {
    if (v) {
      sum += *v;
      ++n;
    }
  }
  if (n < 4)
    return std::nullopt;
  const double mean = sum / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (const auto& v : x) {
    if (!v)
      continue;
    const double d = *v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  if (!(m2 > 0))
    return std::nullopt;
  const double nd = n;
  // e1071 type 2 (G1, G2), as COINr's skew() and kurt().
  SkewKurt s;
  s.skew = std::sqrt(nd) * m3 / std::pow(m2, 1.5) * std::sqrt(nd * (nd - 1)) / (nd - 2);
  const double r = nd * m4 / (m2 * m2);
  s.kurtosis = ((nd + 1) * (r - 3) + 6) * (nd - 1) / ((nd - 2) * (nd - 3));
  if (!std::isfinite(s.skew) || !std::isfinite(s.kurtosis))
    return std::nullopt;
  return s;
}

Treatment TreatIndicator(Column& x, const TreatStep& step) {
  Treatment t;
  const auto before = SkewKurtosis(x);
  if (!before)
    return t;  // the check cannot be computed: untreated (COINr returns x with a warning)
  t.before = t.after = *before;
  t.passed_before = t.passed = Passes(before, step);
  if (t.passed)
    return t;
  // Winsorise: the points at the current extreme take the next value inward. The count is the
  // number of points at the last high extreme plus those at the last low one.
  Column w = x;
  std::optional<SkewKurt> now = before;
  int high = 0, low = 0;
  bool passing = false;
  while (!passing && high + low < step.winmax) {
    const bool upper = now->skew >= 0;
    double extreme = upper ? -INFINITY : INFINITY;
    for (const auto& v : w)
      if (v)
        extreme = upper ? std::max(extreme, *v) : std::min(extreme, *v);
    double inward = upper ? -INFINITY : INFINITY;
    int tied = 0;
    for (const auto& v : w) {
      if (!v)
        continue;
      if (*v == extreme)
        ++tied;
      else
        inward = upper ? std::max(inward, *v) : std::min(inward, *v);
    }
    if (!std::isfinite(inward))
      break;  // every value is at the extreme
    for (auto& v : w)
      if (v && *v == extreme)
        v = inward;
    (upper ? high : low) = tied;
    now = SkewKurtosis(w);
    if (!now)
      break;
    passing = Passes(now, step);
  }
  t.winsorised = high + low;
  if (now)
    t.after = *now;
  t.passed = passing;
  if (passing || !step.log) {
    x = w;
    return t;
  }
  // log_CT of the original values (COINr's combine_treat = FALSE).
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& v : x) {
    if (v) {
      lo = std::min(lo, *v);
      hi = std::max(hi, *v);
    }
  }
  for (auto& v : x)
    if (v)
      *v = std::log(*v - lo + 0.01 * (hi - lo));
  t.log = true;
  const auto logged = SkewKurtosis(x);
  if (logged) {
    t.after = *logged;
    t.passed = Passes(logged, step);
  } else {
    t.passed = false;
  }
  return t;
}

}  // namespace zq::stats
