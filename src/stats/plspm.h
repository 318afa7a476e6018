#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace zq::stats {

// PLS path modelling (偏最小二乘路径模型) as R plspm 0.4.9 computes it (Lohmöller's algorithm;
// Tenenhaus, Esposito Vinzi, Chatelin & Lauro 2005), for the customer satisfaction index
// (顾客满意度指数). Every convention is plspm's and is stated in docs/statistics.md: population
// standard deviations (divisor n), the stop criterion Σ(|w_old| − |w_new|)² < tol, a run that
// reaches max_iterations is an error, the sign of each latent score follows the majority of its
// block's indicator correlations.

enum class OuterMode { kA, kB };  // A: reflective (correlation weights); B: formative (regression)
enum class InnerScheme { kCentroid, kFactorial, kPath };
enum class Scaling { kScaled, kRaw };  // standardise the items, or centre them only

std::string_view OuterModeName(OuterMode mode);        // "A", "B"
std::string_view InnerSchemeName(InnerScheme scheme);  // "centroid", "factorial", "path"
Result<OuterMode> ParseOuterMode(std::string_view text);
Result<InnerScheme> ParseInnerScheme(std::string_view text);

struct PlsBlock {
  std::string name;  // the latent variable, e.g. "SAT"
  OuterMode mode = OuterMode::kA;
  std::vector<std::string> indicators;  // column names of the data
};

// Blocks in order; every path goes from an earlier block to a later one (a recursive model).
struct PlsModel {
  std::vector<PlsBlock> blocks;
  std::vector<std::pair<std::string, std::string>> paths;  // {from, to}
  // The items' theoretical scale ends, e.g. {0, 10}: needed for the 0–100 index.
  std::optional<std::pair<double, double>> scale;
};

struct PlsOptions {
  InnerScheme scheme = InnerScheme::kCentroid;  // plspm's default
  Scaling scaling = Scaling::kScaled;           // plspm's default (scaled = TRUE)
  double tolerance = 1e-6;
  int max_iterations = 100;
};

// Observations × columns, each column named.
struct DataTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
};

struct OuterResult {
  std::string block, indicator;
  double weight = 0, loading = 0, communality = 0, redundancy = 0;
};

struct PathResult {
  std::string from, to;
  double coefficient = 0, std_error = 0, t = 0, p_value = 0;  // OLS of the scores (lm)
};

struct EffectResult {
  std::string from, to;
  double direct = 0, indirect = 0, total = 0;
};

struct BlockResult {
  std::string name;
  OuterMode mode = OuterMode::kA;
  bool endogenous = false;
  double r_squared = 0;
  double communality = 0;                     // mean over the block's indicators
  double redundancy = 0;                      // mean communality × R²
  std::optional<double> ave;                  // Mode A only
  double cronbach_alpha = 0;                  // Mode A; 0 for Mode B, 1 for one indicator
  double dillon_goldstein_rho = 0;            // from the block's first principal component (plspm)
  double eigenvalue_1 = 0, eigenvalue_2 = 0;  // of the block's correlation matrix
};

// The 0–100 index of a block (e.g. SAT): 100 (mean(Σ w̃_h x_h) − m) / (M − m), w̃ the block's
// outer weights normalised to sum 1 (on the standardised scale divided by each item's standard
// deviation first), [m, M] the model's scale. Absent with the reason when a weight is negative.
struct IndexResult {
  std::string block;
  std::optional<double> value;
  std::string note;  // why there is no value
};

struct PlsResult {
  int iterations = 0;
  std::vector<OuterResult> outer;     // in the blocks' indicator order
  std::vector<PathResult> paths;      // in the model's path order
  std::vector<EffectResult> effects;  // every ordered pair (earlier block → later block)
  std::vector<BlockResult> blocks;
  double gof = 0;
  std::vector<std::vector<double>> scores;         // observations × blocks (standardised)
  std::vector<std::vector<double>> crossloadings;  // indicators × blocks
  std::vector<IndexResult> index;                  // empty without a model scale
  std::string convention;  // the index's convention and scale ends, written on every output
};

// Errors (kInvalidArgument): "blocks" (none, a repeated name, an empty block), "indicators" (a
// column the data lacks, a constant column), "paths" (an unknown block, a path backwards or to
// itself), "scale" (m ≥ M); "data" with fewer than 3 rows; kFailedPrecondition when the algorithm
// does not converge within max_iterations.
Result<PlsResult> FitPls(const DataTable& data, const PlsModel& model,
                         const PlsOptions& options = {});

// Percentile bootstrap (plspm's get_boots): resamples of n rows drawn with replacement, each
// re-estimated. Resample b draws from its own generator (mt19937_64 seeded from the seed and b
// by SplitMix64), so results depend on the seed alone, not on the number of threads. A resample
// that does not converge, has a constant column or a singular regression is inadmissible: it is
// counted and redrawn, at most 10 times per resample (then an error,
// kFailedPrecondition).
struct BootstrapOptions {
  int resamples = 100;  // plspm's default br
  std::uint64_t seed = 0;
  int threads = 1;
};

struct BootstrapStat {
  std::string name;  // "IMAG -> EXPE", "SAT-sat1", "SAT"
  double original = 0, mean = 0, std_error = 0, lower = 0, upper = 0;  // 2.5 % and 97.5 %
};

struct BootstrapResult {
  int resamples = 0;
  int inadmissible = 0;
  std::vector<BootstrapStat> weights, loadings, paths, r_squared, total_effects, index;
};

Result<BootstrapResult> BootstrapPls(const DataTable& data, const PlsModel& model,
                                     const PlsOptions& options, const BootstrapOptions& boot);

// Reading the inputs of `zq stats plspm`: a CSV with a header of column names (a first column
// named "" holds row names and is skipped) and MODEL.json, {"blocks": {"IMAG": {"mode": "A",
// "indicators": [...]}, ...}, "paths": [["IMAG", "EXPE"], ...], "scale": [0, 10]}, blocks in the
// file's order.
Result<DataTable> ReadDataCsv(std::string_view text);
Result<PlsModel> ParsePlsModel(std::string_view json_text);

}  // namespace zq::stats
