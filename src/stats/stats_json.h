#pragma once

#include <nlohmann/json.hpp>

#include "stats/composite_pipeline.h"
#include "stats/evaluation.h"
#include "stats/indicators.h"
#include "stats/plspm.h"

// The JSON shapes of `zq stats plspm --json` and `zq stats composite --json` (issue 20: scripts
// rely on them, keep them).
namespace zq::stats {

// An indicator's value as the routes answer it: {"indicator", "rule_version", "region_code",
// "period", "value", "lower", "upper", "interval_method", "inputs" (the stored JSON),
// "computed_at"}.
nlohmann::json IndicatorValueJson(const IndicatorValue& v);

// {"scheme", "scaling", "observations", "iterations", "outer": [{"block", "indicator", "weight",
// "loading", "communality", "redundancy"}], "paths": [{"from", "to", "coefficient", "std_error",
// "t", "p_value"}], "r_squared": {endogenous block: R²}, "effects": [{"from", "to", "direct",
// "indirect", "total"}], "blocks": [{"name", "mode", "r_squared", "communality", "redundancy",
// "ave", "cronbach_alpha", "dillon_goldstein_rho", "eigenvalue_1", "eigenvalue_2"}], "gof",
// "index": {block: 0–100 or null}, "index_notes": {block: why null}, "convention"}.
nlohmann::json PlsResultJson(const PlsResult& result, const PlsOptions& options,
                             size_t observations);

// {"resamples", "inadmissible", "seed", "weights" | "loadings" | "paths" | "r_squared" |
// "total_effects" | "index": [{"name", "original", "mean", "std_error", "lower", "upper"}]}.
nlohmann::json BootstrapJson(const BootstrapResult& boot, std::uint64_t seed);

// {"units": [{"uCode", "uName", "scores": {iCode of any level: value or null}, "ranks": {…}}],
// "codes": [every iCode, indicators first, then each level up], "removed_units": [...],
// "treatment": [{"iCode", "skew", "kurtosis", "winsorised", "log", "skew_after",
// "kurtosis_after", "pass"}], "steps": ["denominate", …]}.
nlohmann::json PipelineResultJson(const PipelineResult& result);

// `zq stats evaluate --json` (evaluation_io.cc): {"rules": {"name", "version", "effective_from",
// "total_points", "bonus_cap"}, "year": {"starts_in", "first_day", "last_day"}, "bands",
// "method", "regions": [{"rank", "code", "name", "total", "base_points", "bonus_points",
// "self_total", "grade", "vetoed", "vetoes", "above_cut", "to_next_band", "unscored", "items":
// [{"code", "name", "points", "maximum", "scored", "basis", "self_points"}], and with
// `uncertainty`, "uncertainty": {"rank_median", "rank_low", "rank_high", "total_low",
// "total_high", "grade_share": {grade: share}}}], "replications", "seed"}.
nlohmann::json EvaluationJson(const EvaluationRules& rules, const AssessmentYear& year,
                              const std::vector<RegionEvaluation>& regions,
                              const std::vector<RegionUncertainty>& uncertainty = {},
                              const EvaluationUncertaintyOptions& options = {});

}  // namespace zq::stats
