#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "stats/composite.h"

// COINr's pipeline over COINr-shaped input (`zq stats composite`, issue 20 item 5): a units table
// (iData: uCode, uName, Time, one column per indicator, denominators, groups) and an indicator
// metadata table (iMeta: Level, iCode, iName, Direction, Weight, Parent, Type, Denominator), then
// the steps of a pipeline file in order — denominate, impute, screen, treat, normalise, aggregate;
// a step left out is not done, every option has COINr's default. docs/statistics.md.
namespace zq::stats {

struct CoinMeta {
  int level = 0;  // 1 indicators, 2… aggregates; 0 for groups and denominators
  std::string code, name;
  int direction = 1;
  double weight = 1;
  std::string parent, type;  // Type: Indicator, Aggregate, Group, Denominator, Other
  std::string denominator;
  std::optional<double> target;
};

struct CoinInput {
  std::vector<std::string> units, unit_names;                         // uCode, uName
  std::map<std::string, std::vector<std::optional<double>>> numbers;  // indicators, denominators
  std::map<std::string, std::vector<std::string>> texts;              // every other column
  std::vector<CoinMeta> meta;                                         // iMeta's rows in order
};

// Errors (kInvalidArgument): "data" (no uCode, a repeated uCode, a non-number where an indicator or
// denominator is expected, several Time values: a panel), "meta" (a missing column, an unknown
// Type, an indicator the data lacks, a parent that is not an aggregate, a denominator the data
// lacks). Empty cells and NA are missing.
Result<CoinInput> ReadCoin(std::string_view idata_csv, std::string_view imeta_csv);

enum class ImputeMethod { kMean, kMedian, kGroupMean, kGroupMedian };

struct ImputeStep {
  ImputeMethod method = ImputeMethod::kMean;  // COINr's i_mean
  std::string group;                          // a group column, for the group methods
};

struct ScreenStep {
  double min_data = 2.0 / 3;  // COINr's dat_thresh default: a unit below it is removed
};

struct TreatStep {  // COINr's Treat defaults: winsorise, then log_CT, check_SkewKurt
  int winmax = 5;
  double skew = 2, kurtosis = 3.5;  // fails when |skew| ≥ skew and kurtosis ≥ kurtosis
  bool log = true;                  // log_CT when winsorising does not pass
};

struct Pipeline {
  std::vector<std::string> steps;  // in the file's order
  std::optional<ImputeStep> impute;
  std::optional<ScreenStep> screen;
  std::optional<TreatStep> treat;
  std::optional<NormalisationSpec> normalise;
  std::optional<Aggregation> aggregate;
};

// {"steps": [{"denominate": {}}, {"impute": {"method": "i_mean" | "i_median" | "i_mean_grp" |
// "i_median_grp" (or mean, median, group_mean, group_median), "group": "EurAsia_group"}},
// {"screen": {"min_data": 0.9}}, {"treat": {"winmax": 5, "skew": 2, "kurtosis": 3.5, "log":
// true}}, {"normalise": {"method": "minmax" | "zscore" | "goalposts" | "dist2targ", "range": [0,
// 100], "mean_sd": [0, 1]}}, {"aggregate": {"method": "arithmetic" | "geometric" |
// "harmonic"}}]}. Normalise and aggregate come after the others, aggregate last. Errors
// (kInvalidArgument, field "pipeline"): bad JSON, an unknown step or option, a repeated step.
Result<Pipeline> ParsePipeline(std::string_view json_text);

// The skew-and-kurtosis check (COINr check_SkewKurt; e1071 type 2 skewness and excess kurtosis,
// missing values dropped); nullopt with fewer than 4 values or a constant column.
struct SkewKurt {
  double skew = 0, kurtosis = 0;
};

std::optional<SkewKurt> SkewKurtosis(const std::vector<std::optional<double>>& x);

// What treat did to one indicator (COINr's Dets_Table).
struct Treatment {
  std::string code;
  SkewKurt before;
  bool passed_before = true;
  int winsorised = 0;  // points at the winsorised extreme(s) when winsorising stopped
  bool log = false;    // log_CT of the original values, winsorising having failed
  SkewKurt after;
  bool passed = true;
};

// One indicator treated as COINr's Treat() does by default: if it fails the check, winsorise
// (the current extreme, all tied points, takes the next value inward, on the side of the
// skew's sign) while it fails and fewer than winmax points are winsorised; if it still fails,
// log_CT ln(x − min + 0.01 (max − min)) of the original values instead. Untreated when the check
// cannot be computed.
Treatment TreatIndicator(std::vector<std::optional<double>>& x, const TreatStep& step);

struct PipelineResult {
  std::vector<std::string> steps;
  std::vector<std::string> units, unit_names;  // after screening
  std::vector<std::string> removed_units;
  std::vector<std::string> codes;                          // indicators first, then up the tree
  std::vector<std::vector<std::optional<double>>> scores;  // [unit][code]
  std::vector<std::vector<int>> ranks;                     // [unit][code], 0 when missing
  std::vector<Treatment> treatment;                        // indicators treat examined
  std::string root;
};

Result<PipelineResult> RunPipeline(const CoinInput& input, const Pipeline& pipeline);

}  // namespace zq::stats
