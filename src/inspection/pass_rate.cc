#include "inspection/pass_rate.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>

namespace zq::inspection {
namespace {

Status CheckCounts(int64_t passed, int64_t tested, double confidence, std::string_view suffix) {
  if (tested < 1) {
    return Status::InvalidArgument("at least one tested batch is needed",
                                   std::string("tested").append(suffix));
  }
  if (passed < 0 || passed > tested) {
    return Status::InvalidArgument("passed batches must lie in [0, tested]",
                                   std::string("passed").append(suffix));
  }
  if (!(confidence > 0 && confidence < 1)) {
    return Status::InvalidArgument("confidence must lie in (0, 1)", "confidence");
  }
  return Status::Ok();
}

// Standard normal quantile z_{1-α/2} for a two-sided interval.
double TwoSidedZ(double confidence) {
  const boost::math::normal standard;
  return boost::math::quantile(standard, 1 - (1 - confidence) / 2);
}

Interval Wilson(int64_t passed, int64_t tested, double z) {
  const double n = static_cast<double>(tested);
  const double x = static_cast<double>(passed);
  const double z2 = z * z;
  const double center = (x + z2 / 2) / (n + z2);
  const double half = z / (n + z2) * std::sqrt(x * (n - x) / n + z2 / 4);
  // At x = 0 and x = n the bound is exactly 0 or 1; write it so rather than trusting rounding.
  return Interval{passed == 0 ? 0.0 : std::max(0.0, center - half),
                  passed == tested ? 1.0 : std::min(1.0, center + half)};
}

}  // namespace

Result<Interval> WilsonInterval(int64_t passed, int64_t tested, double confidence) {
  ZQ_RETURN_IF_ERROR(CheckCounts(passed, tested, confidence, ""));
  return Wilson(passed, tested, TwoSidedZ(confidence));
}

Result<Interval> ClopperPearsonInterval(int64_t passed, int64_t tested, double confidence) {
  ZQ_RETURN_IF_ERROR(CheckCounts(passed, tested, confidence, ""));
  const double alpha = 1 - confidence;
  const double x = static_cast<double>(passed);
  const double n = static_cast<double>(tested);
  // Lower bound: the α/2 quantile of Beta(x, n − x + 1); upper: the 1 − α/2 quantile of
  // Beta(x + 1, n − x). The bounds are 0 at x = 0 and 1 at x = n.
  Interval interval{0.0, 1.0};
  if (passed > 0) {
    interval.lower =
        boost::math::quantile(boost::math::beta_distribution<>(x, n - x + 1), alpha / 2);
  }
  if (passed < tested) {
    interval.upper =
        boost::math::quantile(boost::math::beta_distribution<>(x + 1, n - x), 1 - alpha / 2);
  }
  return interval;
}

Result<PassRate> EstimatePassRate(int64_t passed, int64_t tested, double confidence) {
  PassRate rate;
  rate.tested = tested;
  rate.passed = passed;
  ZQ_ASSIGN_OR_RETURN(rate.wilson, WilsonInterval(passed, tested, confidence));
  ZQ_ASSIGN_OR_RETURN(rate.clopper_pearson, ClopperPearsonInterval(passed, tested, confidence));
  rate.rate = static_cast<double>(passed) / static_cast<double>(tested);
  return rate;
}

Result<RateChange> PassRateChange(int64_t passed1, int64_t tested1, int64_t passed2,
                                  int64_t tested2, double confidence) {
  ZQ_RETURN_IF_ERROR(CheckCounts(passed1, tested1, confidence, "1"));
  ZQ_RETURN_IF_ERROR(CheckCounts(passed2, tested2, confidence, "2"));
  const double z = TwoSidedZ(confidence);
  const double p1 = static_cast<double>(passed1) / static_cast<double>(tested1);
  const double p2 = static_cast<double>(passed2) / static_cast<double>(tested2);
  const Interval w1 = Wilson(passed1, tested1, z);
  const Interval w2 = Wilson(passed2, tested2, z);
  // Newcombe (1998), method 10: δ = √((p1 − l1)² + (u2 − p2)²), ε = √((u1 − p1)² + (p2 − l2)²),
  // interval (p1 − p2 − δ, p1 − p2 + ε).
  const double delta = std::hypot(p1 - w1.lower, w2.upper - p2);
  const double epsilon = std::hypot(w1.upper - p1, p2 - w2.lower);
  const double d = p1 - p2;
  return RateChange{d, Interval{d - delta, d + epsilon}};
}

std::string_view TargetVerdictName(TargetVerdict verdict) {
  switch (verdict) {
    case TargetVerdict::kMet:
      return "met";
    case TargetVerdict::kNotMet:
      return "not_met";
    case TargetVerdict::kInconclusive:
      return "inconclusive";
  }
  return "unknown";
}

Result<TargetVerdict> CompareWithTarget(const Interval& interval, double target) {
  if (!(target >= 0 && target <= 1)) {
    return Status::InvalidArgument("target must lie in [0, 1]", "target");
  }
  if (interval.lower >= target) {
    return TargetVerdict::kMet;
  }
  if (interval.upper < target) {
    return TargetVerdict::kNotMet;
  }
  return TargetVerdict::kInconclusive;
}

}  // namespace zq::inspection
