#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "auth/audit_log.h"
#include "auth/caller.h"
#include "core/clock.h"
#include "core/ids/region_code.h"
#include "core/result.h"
#include "inspection/pass_rate_cube.h"
#include "store/database.h"

namespace zq::stats {

enum class Publication { kInternal, kPublished };

// One dated version of an indicator's definition (指标定义).
struct IndicatorDefinition {
  std::string code;  // e.g. "spot_check_pass_rate"
  int version = 1;
  std::string valid_from;               // YYYY-MM-DD
  std::optional<std::string> valid_to;  // exclusive; none = current
  std::string name_zh, name_en;
  std::string definition, formula, unit;
  int direction = 1;  // +1 higher is better, −1 lower is better
  std::string data_source, aggregation;
  Publication publication = Publication::kInternal;
};

// One value of an indicator for a region and a period, with its interval where it is a rate.
struct IndicatorValue {
  std::int64_t id = 0;
  std::string indicator_code;
  int rule_version = 1;
  std::string region_code;  // GB/T 2260
  std::string period;       // "2026", "2026Q3", "2026-03", or "2026-01..2026-06"
  double value = 0;
  std::optional<double> lower, upper;
  std::string interval_method;  // "wilson", "korn_graubard", "" for none
  std::string inputs;           // JSON: the counts or figures behind the value
  std::string computed_at;      // UTC
};

// A roll-up of the pass-rate cube: inspection::PassRateStore::Query (or a PassRateCube's in tests).
using PassRateQuery =
    std::function<Result<std::vector<inspection::CubeRow>>(const inspection::CubeQuery&)>;

// The platform's built-in definitions (version 1): spot-check pass rate, output-value weighted
// manufacturing pass rate, quality loss rate, customer satisfaction index, MQCI (Zhiqiang method).
const std::vector<IndicatorDefinition>& BuiltInIndicators();

// The indicator catalogue and values (tables stats_indicators, stats_values). A caller's write
// (the pass-rate computation) is audited. Thread-safe.
class IndicatorStore {
 public:
  IndicatorStore(store::Database& db, const auth::AuditLog& audit, const Clock& clock)
      : db_(db), audit_(audit), clock_(clock) {}

  // Inserts the built-in definitions that are absent (by code and version).
  Status EnsureCatalogue();

  // A new version. Errors: kInvalidArgument naming the field; kAlreadyExists field "version".
  Status AddVersion(const IndicatorDefinition& definition);

  // The versions valid on `as_of` (YYYY-MM-DD; none = every version). Officials see every
  // indicator, everyone else the published ones.
  Result<std::vector<IndicatorDefinition>> Catalogue(const auth::Caller& caller,
                                                     std::optional<std::string> as_of) const;

  // Values of one indicator, optionally in one region's subtree and one period. Officials read
  // the regions they may read; everyone else only a published indicator's. Errors: kNotFound
  // field "code" for an indicator the caller may not see or that does not exist.
  Result<std::vector<IndicatorValue>> Values(const auth::Caller& caller, std::string_view code,
                                             const std::optional<ids::RegionCode>& region,
                                             std::optional<std::string> period) const;

  // Stores the value, replacing one for the same indicator, version, region and period.
  Status RecordValue(const IndicatorValue& value);

  // Stores computed values (each replacing one for the same indicator, version, region and
  // period) in one transaction with one audit entry: stats.indicator_values.compute, object
  // "indicator:<what>".
  Status RecordComputed(const auth::Caller& caller, std::span<const IndicatorValue> values,
                        std::string_view what);

  // spot_check_pass_rate from the pass-rate cube of final verdicts (inspection's public headers):
  // for the caller's jurisdiction (or `region` within it) and each region one level below it,
  // the batch pass rate over the months [from, to] with its Wilson interval (Clopper–Pearson in
  // the inputs), stored under the period label `from..to` (or `from` when equal). Returns the
  // values stored, in one transaction with its audit entry (stats.indicator_values.compute).
  // Errors: kPermissionDenied unless the caller may write; kInvalidArgument
  // fields "from"/"to" (YYYY-MM); kNotFound "region" outside the jurisdiction.
  Result<std::vector<IndicatorValue>> ComputeSpotCheckPassRates(
      const PassRateQuery& pass_rates, const auth::Caller& caller,
      const std::optional<ids::RegionCode>& region, const std::string& from, const std::string& to);

 private:
  store::Database& db_;
  const auth::AuditLog& audit_;
  const Clock& clock_;
};

}  // namespace zq::stats
