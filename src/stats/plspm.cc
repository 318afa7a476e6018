// PLS path modelling: the model's layout, the treated data, Lohmöller's iteration (plspm's
// get_weights), the scores with their sign rule (get_scores) and the structural regressions
// (get_paths). Measures and results: plspm_measures.cc.
#include <cmath>
#include <map>
#include <string>

#include "stats/internal/plspm_core.h"

namespace zq::stats::internal {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Population standard deviation (divisor n) of each column.
VectorXd PopulationSd(const MatrixXd& m) {
  const MatrixXd centred = m.rowwise() - m.colwise().mean();
  return (centred.colwise().squaredNorm() / static_cast<double>(m.rows())).cwiseSqrt();
}

MatrixXd Standardise(const MatrixXd& m) {
  const MatrixXd centred = m.rowwise() - m.colwise().mean();
  const VectorXd sd = PopulationSd(m);
  return centred * sd.cwiseInverse().asDiagonal();
}

// Correlations of the columns of a with those of b.
MatrixXd Correlation(const MatrixXd& a, const MatrixXd& b) {
  return Standardise(a).transpose() * Standardise(b) / static_cast<double>(a.rows());
}

// plspm's get_path_scheme: for predecessors the coefficients of the regression of Y_k on them
// (no intercept), for successors the correlations.
MatrixXd PathSchemeWeights(const MatrixXd& y, const Eigen::MatrixXi& path) {
  const auto lvs = static_cast<int>(path.rows());
  MatrixXd e = MatrixXd::Zero(lvs, lvs);
  for (int k = 0; k < lvs; ++k) {
    std::vector<int> predecessors;
    for (int j = 0; j < lvs; ++j) {
      if (path(k, j) == 1)
        predecessors.push_back(j);
      if (path(j, k) == 1)
        e(j, k) = (y.col(k).dot(y.col(j))) / static_cast<double>(y.rows());
    }
    if (predecessors.empty())
      continue;
    MatrixXd xp(y.rows(), static_cast<Eigen::Index>(predecessors.size()));
    for (size_t i = 0; i < predecessors.size(); ++i)
      xp.col(static_cast<Eigen::Index>(i)) = y.col(predecessors[i]);
    const VectorXd b = xp.colPivHouseholderQr().solve(y.col(k));
    for (size_t i = 0; i < predecessors.size(); ++i)
      e(predecessors[i], k) = b(static_cast<Eigen::Index>(i));
  }
  return e;
}

}  // namespace

Result<PlsLayout> ResolveModel(const DataTable& data, const PlsModel& model) {
  PlsLayout layout;
  if (model.blocks.empty())
    return Status::InvalidArgument("the model has no blocks", "blocks");
  std::map<std::string, int> column, block;
  for (size_t c = 0; c < data.columns.size(); ++c)
    column.emplace(data.columns[c], static_cast<int>(c));
  layout.lvs = static_cast<int>(model.blocks.size());
  for (int j = 0; j < layout.lvs; ++j) {
    const PlsBlock& b = model.blocks[static_cast<size_t>(j)];
    if (!block.emplace(b.name, j).second) {
      return Status::InvalidArgument("block " + b.name + " is named twice", "blocks");
    }
    if (b.indicators.empty()) {
      return Status::InvalidArgument("block " + b.name + " has no indicators", "blocks");
    }
    layout.modes.push_back(b.mode);
    layout.members.emplace_back();
    for (const std::string& name : b.indicators) {
      const auto it = column.find(name);
      if (it == column.end()) {
        return Status::InvalidArgument("the data have no column " + name, "indicators");
      }
      layout.members.back().push_back(static_cast<int>(layout.column_of.size()));
      layout.column_of.push_back(it->second);
      layout.names.push_back(name);
      layout.block_of.push_back(j);
    }
  }
  layout.path = Eigen::MatrixXi::Zero(layout.lvs, layout.lvs);
  for (const auto& [from, to] : model.paths) {
    const auto f = block.find(from), t = block.find(to);
    if (f == block.end() || t == block.end()) {
      return Status::InvalidArgument("the path " + from + " -> " + to + " names an unknown block",
                                     "paths");
    }
    if (f->second >= t->second) {
      return Status::InvalidArgument(
          "the path " + from + " -> " + to + " must go from an earlier block to a later one",
          "paths");
    }
    layout.path(t->second, f->second) = 1;
  }
  if (data.rows.size() < 3)
    return Status::InvalidArgument("at least 3 observations", "data");
  for (size_t i = 0; i < data.rows.size(); ++i) {
    for (size_t c = 0; c < layout.column_of.size(); ++c) {
      const auto col = static_cast<size_t>(layout.column_of[c]);
      if (col >= data.rows[i].size() || !std::isfinite(data.rows[i][col])) {
        return Status::InvalidArgument("row " + std::to_string(i + 1) + " has no number for " +
                                           layout.names[c] + " (missing values are not supported)",
                                       "data");
      }
    }
  }
  return layout;
}

MatrixXd Manifests(const DataTable& data, const PlsLayout& layout) {
  MatrixXd m(static_cast<Eigen::Index>(data.rows.size()),
             static_cast<Eigen::Index>(layout.column_of.size()));
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index c = 0; c < m.cols(); ++c) {
      m(i, c) = data.rows[static_cast<size_t>(i)]
                         [static_cast<size_t>(layout.column_of[static_cast<size_t>(c)])];
    }
  }
  return m;
}

MatrixXd ResampledManifests(const MatrixXd& manifests, const std::vector<int>& rows) {
  MatrixXd m(static_cast<Eigen::Index>(rows.size()), manifests.cols());
  for (size_t i = 0; i < rows.size(); ++i)
    m.row(static_cast<Eigen::Index>(i)) = manifests.row(rows[i]);
  return m;
}

Result<PlsCore> EstimateCore(const MatrixXd& manifests, const PlsLayout& layout,
                             const PlsModel& model, const PlsOptions& options) {
  PlsCore core;
  const auto n = static_cast<double>(manifests.rows());
  const VectorXd sd = PopulationSd(manifests);
  for (Eigen::Index c = 0; c < sd.size(); ++c) {
    if (!(sd(c) > 1e-12 * (1 + manifests.col(c).cwiseAbs().maxCoeff()))) {
      return Status::InvalidArgument(
          "indicator " + layout.names[static_cast<size_t>(c)] + " is constant", "indicators");
    }
  }
  // Treat: centre, and with kScaled divide by the population standard deviation.
  core.x = manifests.rowwise() - manifests.colwise().mean();
  if (options.scaling == Scaling::kScaled)
    core.x = core.x * sd.cwiseInverse().asDiagonal();
  const MatrixXd& x = core.x;
  const int lvs = layout.lvs;
  const auto p = x.cols();
  const MatrixXd adjacency = (layout.path + layout.path.transpose()).cast<double>();

  // Start: unit weights scaled so that each block's composite has unit variance.
  MatrixXd w = MatrixXd::Zero(p, lvs);
  for (Eigen::Index c = 0; c < p; ++c) w(c, layout.block_of[static_cast<size_t>(c)]) = 1;
  w = w * PopulationSd(x * w).cwiseInverse().asDiagonal();
  VectorXd w_old = w.rowwise().sum();
  int iter = 1;
  for (;; ++iter) {
    const MatrixXd y = Standardise(x * w);
    MatrixXd e;
    switch (options.scheme) {
      case InnerScheme::kCentroid:
        e = (y.transpose() * y / n).cwiseProduct(adjacency).unaryExpr([](double v) {
          return static_cast<double>((v > 0) - (v < 0));
        });
        break;
      case InnerScheme::kFactorial:
        e = (y.transpose() * y / n).cwiseProduct(adjacency);
        break;
      case InnerScheme::kPath:
        e = PathSchemeWeights(y, layout.path);
        break;
    }
    const MatrixXd z = y * e;
    for (int j = 0; j < lvs; ++j) {
      const std::vector<int>& cols = layout.members[static_cast<size_t>(j)];
      MatrixXd xj(x.rows(), static_cast<Eigen::Index>(cols.size()));
      for (size_t i = 0; i < cols.size(); ++i)
        xj.col(static_cast<Eigen::Index>(i)) = x.col(cols[i]);
      VectorXd wj = layout.modes[static_cast<size_t>(j)] == OuterMode::kA
                        ? VectorXd(xj.transpose() * z.col(j) / n)
                        : VectorXd(xj.colPivHouseholderQr().solve(z.col(j)));
      for (size_t i = 0; i < cols.size(); ++i) w(cols[i], j) = wj(static_cast<Eigen::Index>(i));
    }
    const VectorXd w_new = w.rowwise().sum();
    const double dif = (w_old.cwiseAbs() - w_new.cwiseAbs()).squaredNorm();
    if (!std::isfinite(dif))
      return Status::FailedPrecondition("the outer weights are not finite");
    if (dif < options.tolerance || iter >= options.max_iterations)
      break;
    w_old = w_new;
  }
  if (iter >= options.max_iterations) {
    return Status::FailedPrecondition("PLS did not converge within " +
                                      std::to_string(options.max_iterations) + " iterations");
  }
  core.iterations = iter;
  core.w = w * PopulationSd(x * w).cwiseInverse().asDiagonal();
  core.weights = core.w.rowwise().sum();

  // Scores, and the sign rule: a block whose indicators mostly correlate negatively with its
  // score has its score negated; the weights keep theirs. A tie keeps the sign: R plspm 0.4.9's
  // outputs for russa (IND: gnpr −, labo +) show no flip, though its GitHub source negates ties.
  core.scores = x * core.w;
  MatrixXd xloads = Correlation(x, core.scores);
  for (int j = 0; j < lvs; ++j) {
    double votes = 0;
    for (int c : layout.members[static_cast<size_t>(j)])
      votes += (xloads(c, j) > 0) - (xloads(c, j) < 0);
    if (votes < 0) {
      core.scores.col(j) *= -1;
      xloads.col(j) *= -1;
    }
  }
  core.crossloadings = xloads;
  core.loadings.resize(p);
  for (Eigen::Index c = 0; c < p; ++c)
    core.loadings(c) = xloads(c, layout.block_of[static_cast<size_t>(c)]);

  // Structure: OLS of each endogenous score on its predecessors (with an intercept, as lm).
  core.path_coefficients = MatrixXd::Zero(lvs, lvs);
  core.r_squared = VectorXd::Zero(lvs);
  for (int k = 0; k < lvs; ++k) {
    std::vector<int> pred;
    for (int j = 0; j < lvs; ++j)
      if (layout.path(k, j) == 1)
        pred.push_back(j);
    if (pred.empty())
      continue;
    MatrixXd design(x.rows(), static_cast<Eigen::Index>(pred.size()) + 1);
    design.col(0).setOnes();
    for (size_t i = 0; i < pred.size(); ++i)
      design.col(static_cast<Eigen::Index>(i) + 1) = core.scores.col(pred[i]);
    const auto qr = design.colPivHouseholderQr();
    if (qr.rank() < design.cols()) {
      return Status::FailedPrecondition("the regression of " +
                                        model.blocks[static_cast<size_t>(k)].name + " is singular");
    }
    const VectorXd b = qr.solve(core.scores.col(k));
    for (size_t i = 0; i < pred.size(); ++i)
      core.path_coefficients(k, pred[i]) = b(static_cast<Eigen::Index>(i) + 1);
    const VectorXd residual = core.scores.col(k) - design * b;
    const VectorXd centred = core.scores.col(k).array() - core.scores.col(k).mean();
    core.r_squared(k) = 1 - residual.squaredNorm() / centred.squaredNorm();
  }
  return core;
}

MatrixXd TotalEffects(const MatrixXd& path_coefficients) {
  MatrixXd total = path_coefficients;
  MatrixXd power = path_coefficients;
  for (Eigen::Index k = 2; k < path_coefficients.rows(); ++k) {
    power = power * path_coefficients;
    total += power;
  }
  return total;
}

std::optional<double> BlockIndex(const MatrixXd& manifests, const PlsLayout& layout,
                                 const PlsCore& core, const PlsOptions& options, int block,
                                 std::pair<double, double> scale) {
  const std::vector<int>& cols = layout.members[static_cast<size_t>(block)];
  const VectorXd sd = options.scaling == Scaling::kScaled ? PopulationSd(manifests)
                                                          : VectorXd::Ones(manifests.cols());
  double sum = 0, weighted_mean = 0;
  for (int c : cols) {
    if (!(core.weights(c) > 0))
      return std::nullopt;
    const double w = core.weights(c) / sd(c);
    sum += w;
    weighted_mean += w * manifests.col(c).mean();
  }
  return 100 * (weighted_mean / sum - scale.first) / (scale.second - scale.first);
}

}  // namespace zq::stats::internal

namespace zq::stats {

std::string_view OuterModeName(OuterMode mode) { return mode == OuterMode::kA ? "A" : "B"; }

std::string_view InnerSchemeName(InnerScheme scheme) {
  switch (scheme) {
    case InnerScheme::kCentroid:
      return "centroid";
    case InnerScheme::kFactorial:
      return "factorial";
    case InnerScheme::kPath:
      return "path";
  }
  return "centroid";
}

Result<OuterMode> ParseOuterMode(std::string_view text) {
  if (text == "A")
    return OuterMode::kA;
  if (text == "B")
    return OuterMode::kB;
  return Status::InvalidArgument("a block's mode is A or B", "mode");
}

Result<InnerScheme> ParseInnerScheme(std::string_view text) {
  for (InnerScheme s : {InnerScheme::kCentroid, InnerScheme::kFactorial, InnerScheme::kPath}) {
    if (text == InnerSchemeName(s))
      return s;
  }
  return Status::InvalidArgument("the scheme is centroid, factorial or path", "scheme");
}

}  // namespace zq::stats
