// FitPls: the estimate (plspm.cc) with plspm's measures — outer model, inner model tests,
// effects, unidimensionality (get_unidim), GoF (get_gof) — and the 0–100 index (rescale).
#include <cmath>
#include <string>

#include <boost/math/distributions/students_t.hpp>
#include <fmt/format.h>

#include "stats/internal/plspm_core.h"

namespace zq::stats {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Cronbach's α, Dillon–Goldstein's ρ (from the first principal component, as plspm) and the two
// largest eigenvalues of the block's correlation matrix, from the raw manifests.
void Unidimensionality(const MatrixXd& block, OuterMode mode, BlockResult& out) {
  const auto p = static_cast<double>(block.cols());
  if (block.cols() == 1) {
    out.cronbach_alpha = out.dillon_goldstein_rho = out.eigenvalue_1 = 1;
    out.eigenvalue_2 = 0;
    return;
  }
  const auto n = static_cast<double>(block.rows());
  const MatrixXd centred = block.rowwise() - block.colwise().mean();
  const VectorXd sd = (centred.colwise().squaredNorm() / n).cwiseSqrt();
  const MatrixXd z = centred * sd.cwiseInverse().asDiagonal();
  const MatrixXd r = z.transpose() * z / n;
  const Eigen::SelfAdjointEigenSolver<MatrixXd> eig(r);
  const VectorXd values = eig.eigenvalues().reverse();
  out.eigenvalue_1 = values(0);
  out.eigenvalue_2 = values(1);
  if (mode == OuterMode::kB)
    return;  // α and ρ are 0 for formative blocks
  const VectorXd sums = z.rowwise().sum();
  const double total_var = (sums.array() - sums.mean()).square().sum() / n;
  const double off_diagonal = r.sum() - r.trace();
  out.cronbach_alpha = std::max(0.0, off_diagonal / total_var * p / (p - 1));
  // cor(x_h, PC1) = √λ₁ v_h.
  const VectorXd v = eig.eigenvectors().col(eig.eigenvectors().cols() - 1);
  const double numer = std::pow(std::sqrt(values(0)) * v.sum(), 2);
  out.dillon_goldstein_rho = numer / (numer + p - values(0) * v.squaredNorm());
}

}  // namespace

Result<PlsResult> FitPls(const DataTable& data, const PlsModel& model, const PlsOptions& options) {
  ZQ_ASSIGN_OR_RETURN(const internal::PlsLayout layout, internal::ResolveModel(data, model));
  if (model.scale && !(model.scale->first < model.scale->second)) {
    return Status::InvalidArgument("the scale's lower end must be below its upper end", "scale");
  }
  const MatrixXd manifests = internal::Manifests(data, layout);
  ZQ_ASSIGN_OR_RETURN(const internal::PlsCore core,
                      internal::EstimateCore(manifests, layout, model, options));
  PlsResult r;
  r.iterations = core.iterations;
  const int lvs = layout.lvs;
  const auto n = manifests.rows();
  for (size_t c = 0; c < layout.names.size(); ++c) {
    const auto i = static_cast<Eigen::Index>(c);
    const int j = layout.block_of[c];
    const double communality = core.loadings(i) * core.loadings(i);
    r.outer.push_back({.block = model.blocks[static_cast<size_t>(j)].name,
                       .indicator = layout.names[c],
                       .weight = core.weights(i),
                       .loading = core.loadings(i),
                       .communality = communality,
                       .redundancy = communality * core.r_squared(j)});
  }
  // Inner model tests as summary(lm): σ² = RSS / (n − k − 1), SE from σ²(XᵀX)⁻¹.
  for (const auto& [from, to] : model.paths) {
    PathResult path;
    path.from = from;
    path.to = to;
    int f = 0, t = 0;
    for (int j = 0; j < lvs; ++j) {
      if (model.blocks[static_cast<size_t>(j)].name == from)
        f = j;
      if (model.blocks[static_cast<size_t>(j)].name == to)
        t = j;
    }
    std::vector<int> pred;
    for (int j = 0; j < lvs; ++j)
      if (layout.path(t, j) == 1)
        pred.push_back(j);
    MatrixXd design(n, static_cast<Eigen::Index>(pred.size()) + 1);
    design.col(0).setOnes();
    Eigen::Index at = 0;
    for (size_t i = 0; i < pred.size(); ++i) {
      design.col(static_cast<Eigen::Index>(i) + 1) = core.scores.col(pred[i]);
      if (pred[i] == f)
        at = static_cast<Eigen::Index>(i) + 1;
    }
    const VectorXd b = design.colPivHouseholderQr().solve(core.scores.col(t));
    const double df = static_cast<double>(n - design.cols());
    const double sigma2 = (core.scores.col(t) - design * b).squaredNorm() / df;
    const MatrixXd inv = (design.transpose() * design).inverse();
    path.coefficient = b(at);
    path.std_error = std::sqrt(sigma2 * inv(at, at));
    path.t = path.coefficient / path.std_error;
    path.p_value = 2 * boost::math::cdf(
                           boost::math::complement(boost::math::students_t(df), std::abs(path.t)));
    r.paths.push_back(path);
  }
  const MatrixXd total = internal::TotalEffects(core.path_coefficients);
  for (int j = 0; j < lvs; ++j) {
    for (int i = j + 1; i < lvs; ++i) {
      const double direct = core.path_coefficients(i, j);
      r.effects.push_back({model.blocks[static_cast<size_t>(j)].name,
                           model.blocks[static_cast<size_t>(i)].name, direct, total(i, j) - direct,
                           total(i, j)});
    }
  }
  // Blocks: R², mean communality and redundancy, AVE, unidimensionality; GoF over the blocks
  // with more than one indicator, weighted by their size (get_gof).
  double communality_sum = 0, r2_sum = 0;
  int multi_items = 0, endogenous = 0;
  for (int j = 0; j < lvs; ++j) {
    const PlsBlock& pb = model.blocks[static_cast<size_t>(j)];
    BlockResult b;
    b.name = pb.name;
    b.mode = pb.mode;
    b.endogenous = layout.path.row(j).sum() > 0;
    b.r_squared = core.r_squared(j);
    const std::vector<int>& cols = layout.members[static_cast<size_t>(j)];
    MatrixXd raw(n, static_cast<Eigen::Index>(cols.size()));
    for (size_t i = 0; i < cols.size(); ++i) {
      const double l = core.loadings(cols[i]);
      b.communality += l * l / static_cast<double>(cols.size());
      raw.col(static_cast<Eigen::Index>(i)) = manifests.col(cols[i]);
    }
    b.redundancy = b.communality * b.r_squared;
    if (pb.mode == OuterMode::kA)
      b.ave = b.communality;
    Unidimensionality(raw, pb.mode, b);
    if (cols.size() > 1) {
      communality_sum += b.communality * static_cast<double>(cols.size());
      multi_items += static_cast<int>(cols.size());
    }
    if (b.endogenous) {
      r2_sum += b.r_squared;
      ++endogenous;
    }
    r.blocks.push_back(b);
  }
  if (multi_items > 0 && endogenous > 0) {
    r.gof = std::sqrt(communality_sum / multi_items * r2_sum / endogenous);
  }
  r.scores.assign(static_cast<size_t>(n), std::vector<double>(static_cast<size_t>(lvs)));
  for (Eigen::Index i = 0; i < n; ++i)
    for (int j = 0; j < lvs; ++j)
      r.scores[static_cast<size_t>(i)][static_cast<size_t>(j)] = core.scores(i, j);
  for (Eigen::Index c = 0; c < core.crossloadings.rows(); ++c) {
    const VectorXd row = core.crossloadings.row(c);
    r.crossloadings.emplace_back(row.data(), row.data() + row.size());
  }
  if (model.scale) {
    const auto [lo, hi] = *model.scale;
    r.convention = fmt::format(
        "0-100 index = 100 (mean(sum w_h x_h) - {0}) / ({1} - {0}) on the items' theoretical "
        "scale [{0}, {1}], w the block's outer weights normalised to sum 1 ({2}); {3} scheme, "
        "plspm 0.4.9 conventions",
        lo, hi,
        options.scaling == Scaling::kRaw
            ? "raw items, convention R: plspm rescale(), Tenenhaus et al. 2005"
            : "standardised items, each weight divided by its item's standard deviation first, "
              "convention S",
        InnerSchemeName(options.scheme));
    for (int j = 0; j < lvs; ++j) {
      IndexResult index;
      index.block = model.blocks[static_cast<size_t>(j)].name;
      index.value = internal::BlockIndex(manifests, layout, core, options, j, *model.scale);
      if (!index.value)
        index.note = "a negative outer weight: no index (as plspm rescale())";
      r.index.push_back(index);
    }
  }
  return r;
}

}  // namespace zq::stats
