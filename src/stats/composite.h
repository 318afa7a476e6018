#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace zq::stats {

// Composite indices (综合指数) in the JRC/OECD way (Handbook on Constructing Composite Indicators,
// 2008) with COINr's formulas (research notes §5.2): e.g. the manufacturing quality competitiveness
// index (MQCI, configured: its official statistic weights are unpublished) and the evaluation of
// city and county governments (质量工作考核, grades A–D). docs/statistics.md.

// kNone takes values already on a common scale (e.g. published sub-index scores).
enum class Normalisation { kNone, kMinMax, kZScore, kGoalposts, kDistanceToTarget };

// "none", "minmax", "zscore", "goalposts", "dist2targ"
std::string_view NormalisationName(Normalisation n);
Result<Normalisation> ParseNormalisation(std::string_view text);

enum class Aggregation { kArithmetic, kGeometric, kHarmonic };

// An indicator or an aggregate. Indicators (level 1) have no children; an aggregate's children
// name it as their parent. Weights are relative within a parent.
struct CompositeNode {
  std::string code;    // iCode
  std::string parent;  // "" for the index itself
  double weight = 1;
  int direction = 1;  // +1 higher is better, −1 lower is better (indicators)
  // Goalposts (kGoalposts) and target (kDistanceToTarget), on the indicator's own scale.
  std::optional<double> low, high, target;
};

struct NormalisationSpec {
  Normalisation method = Normalisation::kMinMax;
  double lower = 0, upper = 100;  // output range: min-max, goalposts, distance to target
  double mean = 0, sd = 1;        // z-score: μ′ and σ′
};

struct CompositeSpec {
  std::vector<CompositeNode> nodes;  // every indicator and aggregate; exactly one root
  NormalisationSpec normalisation;
  Aggregation aggregation = Aggregation::kArithmetic;
};

// Units × indicators; nullopt = missing (dropped in aggregation, weights renormalised).
struct CompositeData {
  std::vector<std::string> units;
  std::vector<std::string> indicators;
  std::vector<std::vector<std::optional<double>>> values;  // [unit][indicator]
};

struct CompositeResult {
  std::vector<std::string> codes;                          // every node, indicators first
  std::vector<std::vector<std::optional<double>>> scores;  // [unit][node]
  std::string root;
  std::vector<std::optional<double>> index;  // the root's score per unit
  std::vector<int> ranks;                    // 1 = best; ties share the lowest rank (COINr "min")
};

// Ranks of a column, 1 = the highest value, ties sharing the lowest rank (R's ties = "min"); 0 for
// a missing value.
std::vector<int> RanksMin(const std::vector<std::optional<double>>& values);

// Errors (kInvalidArgument): "nodes" (no root or several, a parent that is not a node, a cycle,
// a non-positive weight, an indicator without data), "normalisation" (goalposts or target
// missing, a constant indicator under min-max or z-score), "aggregation" (a geometric or harmonic
// mean over a value ≤ 0: COINr issue #47 — normalise to a range above 0 first).
Result<CompositeResult> BuildComposite(const CompositeData& data, const CompositeSpec& spec);

// COINr-style uncertainty analysis: N replications, each perturbing every weight uniformly within
// ±weight_spread (relative) and drawing the normalisation and aggregation from the lists given,
// seeded (mt19937_64); each normalisation is computed once and the replications re-aggregate it.
// Per unit: the nominal rank, the median rank and the 5th–95th percentile
// ranks (R type 7).
struct UncertaintyOptions {
  int replications = 1000;
  std::uint64_t seed = 0;
  double weight_spread = 0.25;
  std::vector<NormalisationSpec> normalisations;  // empty: the nominal one only
  std::vector<Aggregation> aggregations;          // empty: the nominal one only
  int threads = 1;  // the replications are drawn first, so threads do not change the result
};

struct RankInterval {
  std::string unit;
  int nominal = 0;
  double median = 0, p05 = 0, p95 = 0;
};

struct UncertaintyResult {
  int replications = 0;
  int failed = 0;  // replications whose build failed (e.g. a geometric mean over a zero)
  std::vector<RankInterval> ranks;
};

Result<UncertaintyResult> RankUncertainty(const CompositeData& data, const CompositeSpec& spec,
                                          const UncertaintyOptions& options);

// 质量工作考核 grades from points (国办发〔2013〕47号: A ≥ 90, B ≥ 80, C ≥ 60, D below; cut points
// inclusive), as versioned data: bands from the highest. A veto (区域性、系统性质量安全事件) makes
// the grade the lowest band's but keeps the points.
struct GradeBand {
  std::string grade;
  double minimum = 0;
};

std::vector<GradeBand> NationalGradeBands();

struct GradeResult {
  std::string grade;
  double points = 0;
  bool vetoed = false;
  std::optional<double> to_next_band;  // points needed for the band above (none at the top)
  double above_cut = 0;                // points above the band's own cut
};

enum class Veto { kNone, kApplied };

// Errors (kInvalidArgument): "bands" when empty or not in descending order, "points" when not
// finite or below 0.
Result<GradeResult> GradeFromPoints(double points, const std::vector<GradeBand>& bands,
                                    Veto veto = Veto::kNone);

}  // namespace zq::stats
