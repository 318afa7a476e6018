#pragma once

#include <cstdint>
#include <string_view>

#include "core/result.h"

namespace zq::inspection {

// Two-sided confidence interval for a proportion or a difference of proportions.
struct Interval {
  double lower = 0;
  double upper = 0;
};

// 合格率: batch pass rate x/n with its Wilson score and Clopper–Pearson exact intervals.
// docs/statistics.md gives the formulas and sources.
struct PassRate {
  int64_t tested = 0;  // batches tested (抽查批次)
  int64_t passed = 0;  // batches that passed (合格批次)
  double rate = 0;
  Interval wilson;
  Interval clopper_pearson;
};

// The functions below take `confidence` in (0, 1), e.g. 0.95.
// Errors (kInvalidArgument): field "tested" when tested < 1, "passed" when passed is outside
// [0, tested], "confidence" when confidence is outside (0, 1).

// Wilson score interval (Wilson 1927), without continuity correction.
Result<Interval> WilsonInterval(int64_t passed, int64_t tested, double confidence = 0.95);

// Clopper–Pearson exact interval from beta quantiles (Clopper & Pearson 1934).
Result<Interval> ClopperPearsonInterval(int64_t passed, int64_t tested, double confidence = 0.95);

Result<PassRate> EstimatePassRate(int64_t passed, int64_t tested, double confidence = 0.95);

// The change of the pass rate between two periods, p1 − p2, with Newcombe's hybrid score
// interval (Newcombe 1998, method 10), built from the two Wilson intervals. Errors as above,
// with fields "passed1", "tested1", "passed2", "tested2".
struct RateChange {
  double difference = 0;
  Interval interval;
};

Result<RateChange> PassRateChange(int64_t passed1, int64_t tested1, int64_t passed2,
                                  int64_t tested2, double confidence = 0.95);

// Against a target such as "≥ 90 %": met when the whole interval lies at or above the target,
// not met when it lies wholly below, inconclusive when it straddles the target.
enum class TargetVerdict { kMet, kNotMet, kInconclusive };

std::string_view TargetVerdictName(TargetVerdict verdict);  // "met", "not_met", "inconclusive"

// Errors: kInvalidArgument field "target" when target is outside [0, 1].
Result<TargetVerdict> CompareWithTarget(const Interval& interval, double target);

}  // namespace zq::inspection
