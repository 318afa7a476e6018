#pragma once

#include <string>
#include <utility>
#include <vector>

#include <Eigen/Dense>

#include "core/result.h"
#include "stats/plspm.h"

// The numerical core of PLS path modelling, shared by FitPls and the bootstrap (plspm.cc,
// plspm_measures.cc, plspm_bootstrap.cc).
namespace zq::stats::internal {

// The model resolved against the data's columns.
struct PlsLayout {
  int lvs = 0;
  std::vector<int> column_of;             // the data column of each indicator, in block order
  std::vector<std::string> names;         // each indicator's column name
  std::vector<int> block_of;              // the block of each indicator
  std::vector<std::vector<int>> members;  // each block's indicator positions
  Eigen::MatrixXi path;                   // path(k, j) = 1 when j → k (plspm's path_matrix)
  std::vector<OuterMode> modes;
};

Result<PlsLayout> ResolveModel(const DataTable& data, const PlsModel& model);

// The indicators in block order (observations × indicators).
Eigen::MatrixXd Manifests(const DataTable& data, const PlsLayout& layout);
Eigen::MatrixXd ResampledManifests(const Eigen::MatrixXd& manifests, const std::vector<int>& rows);

// One estimation: the treated data, weights, scores, paths. kFailedPrecondition when it does not
// converge, kInvalidArgument (field "indicators") for a constant column.
struct PlsCore {
  Eigen::MatrixXd x;        // treated manifests
  Eigen::MatrixXd w;        // indicators × blocks, final (unit-variance scores), before the sign
  Eigen::VectorXd weights;  // w's row sums (plspm's outer weights)
  Eigen::MatrixXd scores;   // sign-corrected
  Eigen::MatrixXd path_coefficients;  // (k, j): j → k
  Eigen::VectorXd r_squared;
  Eigen::MatrixXd crossloadings;  // cor(x, scores)
  Eigen::VectorXd loadings;
  int iterations = 0;
};

Result<PlsCore> EstimateCore(const Eigen::MatrixXd& manifests, const PlsLayout& layout,
                             const PlsModel& model, const PlsOptions& options);

// Total effects (I − B)⁻¹ − I as the sum of powers of B (plspm's get_effects).
Eigen::MatrixXd TotalEffects(const Eigen::MatrixXd& path_coefficients);

// The 0–100 index of block j from the manifests and the estimate; nullopt when a weight ≤ 0.
std::optional<double> BlockIndex(const Eigen::MatrixXd& manifests, const PlsLayout& layout,
                                 const PlsCore& core, const PlsOptions& options, int block,
                                 std::pair<double, double> scale);

}  // namespace zq::stats::internal
