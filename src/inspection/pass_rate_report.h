#pragma once

#include <optional>
#include <string>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "inspection/pass_rate.h"
#include "inspection/pass_rate_store.h"

namespace zq::inspection {

// A pass-rate (合格率) report over stored final verdicts, scoped to the caller's jurisdiction.
struct PassRateRequest {
  CubeDimension by = CubeDimension::kProductCategory;
  std::string region;    // "" = the caller's jurisdiction (everything for an administrator)
  std::string category;  // "" = all
  std::string from, to;  // periods "YYYY-MM", inclusive; "" = open
  std::string compare_from, compare_to;  // the earlier period to compare with; "" = none
  std::optional<double> target;          // e.g. 0.90
};

struct PassRateLine {
  std::string key;  // the group: category code, region code, industry code, size or period
  PassRate rate;    // with 95 % Wilson and Clopper–Pearson intervals
  std::optional<PassRate> earlier;      // the same group in the comparison period
  std::optional<RateChange> change;     // rate − earlier rate, Newcombe hybrid score interval
  std::optional<TargetVerdict> target;  // by the Wilson interval
};

struct PassRateReport {
  std::string region;  // the region reported on ("" for the whole country)
  std::vector<PassRateLine> lines;
  PassRateLine total;
};

// kInvalidArgument with the field ("by", "from", "to", "compare_from", "compare_to", "target",
// "region"); kNotFound ("region") for a region outside the caller's jurisdiction;
// kPermissionDenied for callers who are not officials.
Result<PassRateReport> BuildPassRateReport(const PassRateStore& store, const auth::Caller& caller,
                                           const PassRateRequest& request);

Result<CubeDimension> ParseDimension(
    std::string_view text);  // category|region|industry|size|period

}  // namespace zq::inspection
