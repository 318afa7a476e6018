#include "stats/composite.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "stats/internal/composite_tree.h"

namespace zq::stats {
namespace {

using internal::Column;

// COINr's normalisations (R/normalise.R), the direction applied first; goalposts and distance to
// target are mapped onto [lower, upper].
Result<Column> Normalise(Column x, const CompositeNode& node, const NormalisationSpec& spec) {
  for (auto& v : x)
    if (v)
      *v *= node.direction;
  double lo = INFINITY, hi = -INFINITY, sum = 0;
  int count = 0;
  for (const auto& v : x) {
    if (!v)
      continue;
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
    sum += *v;
    ++count;
  }
  const double range = spec.upper - spec.lower;
  switch (spec.method) {
    case Normalisation::kNone:
      for (auto& v : x)
        if (v)
          *v *= node.direction;  // undo: values are taken as they are
      return x;
    case Normalisation::kMinMax:
      if (!(hi > lo)) {
        return Status::InvalidArgument("indicator " + node.code + " is constant: no min-max",
                                       "normalisation");
      }
      for (auto& v : x)
        if (v)
          *v = (*v - lo) / (hi - lo) * range + spec.lower;
      return x;
    case Normalisation::kZScore: {
      const double mean = sum / count;
      double ss = 0;
      for (const auto& v : x)
        if (v)
          ss += (*v - mean) * (*v - mean);
      const double sd = count > 1 ? std::sqrt(ss / (count - 1)) : 0;
      if (!(sd > 0)) {
        return Status::InvalidArgument("indicator " + node.code + " is constant: no z-score",
                                       "normalisation");
      }
      for (auto& v : x)
        if (v)
          *v = (*v - mean) / sd * spec.sd + spec.mean;
      return x;
    }
    case Normalisation::kGoalposts: {
      if (!node.low || !node.high || !(*node.high > *node.low)) {
        return Status::InvalidArgument("indicator " + node.code + " needs goalposts low < high",
                                       "normalisation");
      }
      for (auto& v : x) {
        if (!v)
          continue;
        const double raw = *v * node.direction;  // goalposts are on the indicator's own scale
        double y = std::clamp((raw - *node.low) / (*node.high - *node.low), 0.0, 1.0);
        if (node.direction < 0)
          y = 1 - y;
        *v = spec.lower + range * y;
      }
      return x;
    }
    case Normalisation::kDistanceToTarget: {
      if (!node.target) {
        return Status::InvalidArgument("indicator " + node.code + " needs a target",
                                       "normalisation");
      }
      const double target = *node.target * node.direction;
      if (!(target > lo)) {
        return Status::InvalidArgument(
            "indicator " + node.code + "'s target is not above every value", "normalisation");
      }
      for (auto& v : x)
        if (v)
          *v = spec.lower + range * std::min(1.0, 1 - (target - *v) / (target - lo));
      return x;
    }
  }
  return x;
}

}  // namespace

std::string_view NormalisationName(Normalisation n) {
  switch (n) {
    case Normalisation::kNone:
      return "none";
    case Normalisation::kMinMax:
      return "minmax";
    case Normalisation::kZScore:
      return "zscore";
    case Normalisation::kGoalposts:
      return "goalposts";
    case Normalisation::kDistanceToTarget:
      return "dist2targ";
  }
  return "none";
}

Result<Normalisation> ParseNormalisation(std::string_view text) {
  for (Normalisation n : {Normalisation::kNone, Normalisation::kMinMax, Normalisation::kZScore,
                          Normalisation::kGoalposts, Normalisation::kDistanceToTarget}) {
    if (text == NormalisationName(n))
      return n;
  }
  return Status::InvalidArgument("normalisation is none, minmax, zscore, goalposts or dist2targ",
                                 "normalisation");
}

std::vector<int> RanksMin(const std::vector<std::optional<double>>& values) {
  std::vector<std::pair<double, size_t>> order;  // (−value, unit): ascending is best first
  order.reserve(values.size());
  for (size_t u = 0; u < values.size(); ++u)
    if (values[u])
      order.emplace_back(-*values[u], u);
  std::sort(order.begin(), order.end());
  std::vector<int> ranks(values.size(), 0);
  for (size_t k = 0; k < order.size(); ++k) {
    const bool tied = k > 0 && order[k].first == order[k - 1].first;
    ranks[order[k].second] = tied ? ranks[order[k - 1].second] : static_cast<int>(k) + 1;
  }
  return ranks;
}

Result<internal::CompositeTree> internal::CompileTree(const CompositeData& data,
                                                      const CompositeSpec& spec) {
  CompositeTree t;
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!index_of.emplace(spec.nodes[i].code, i).second) {
      return Status::InvalidArgument("node " + spec.nodes[i].code + " is named twice", "nodes");
    }
    if (!(spec.nodes[i].weight > 0)) {
      return Status::InvalidArgument("node " + spec.nodes[i].code + " needs a positive weight",
                                     "nodes");
    }
  }
  t.children.assign(spec.nodes.size(), {});
  std::vector<size_t> roots;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    const CompositeNode& n = spec.nodes[i];
    if (n.parent.empty()) {
      roots.push_back(i);
      continue;
    }
    const auto p = index_of.find(n.parent);
    if (p == index_of.end()) {
      return Status::InvalidArgument("node " + n.code + "'s parent is not a node", "nodes");
    }
    t.children[p->second].push_back(i);
  }
  if (roots.size() != 1)
    return Status::InvalidArgument("exactly one root is needed", "nodes");
  t.root = roots[0];
  // Depth of each node (a cycle never reaches the root).
  std::vector<int> depth(spec.nodes.size(), 0);
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    size_t at = i;
    for (int steps = 0; !spec.nodes[at].parent.empty(); ++steps) {
      if (steps > static_cast<int>(spec.nodes.size())) {
        return Status::InvalidArgument("the hierarchy has a cycle at " + spec.nodes[i].code,
                                       "nodes");
      }
      at = index_of[spec.nodes[at].parent];
      ++depth[i];
    }
  }
  std::map<std::string, size_t> column_of;
  for (size_t c = 0; c < data.indicators.size(); ++c) column_of.emplace(data.indicators[c], c);
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!t.children[i].empty()) {
      t.order.push_back(i);
      continue;
    }
    const auto c = column_of.find(spec.nodes[i].code);
    if (c == column_of.end()) {
      return Status::InvalidArgument("indicator " + spec.nodes[i].code + " has no data", "nodes");
    }
    t.leaves.emplace_back(i, c->second);
  }
  std::stable_sort(t.order.begin(), t.order.end(),
                   [&](size_t a, size_t b) { return depth[a] > depth[b]; });
  return t;
}

Result<std::vector<internal::Column>> internal::NormaliseLeaves(const CompositeData& data,
                                                                const CompositeSpec& spec,
                                                                const CompositeTree& tree) {
  std::vector<Column> scores(spec.nodes.size());
  for (const auto& [node, column] : tree.leaves) {
    Column raw(data.units.size());
    for (size_t u = 0; u < data.units.size(); ++u) raw[u] = data.values[u][column];
    ZQ_ASSIGN_OR_RETURN(scores[node], Normalise(raw, spec.nodes[node], spec.normalisation));
  }
  return scores;
}

Result<std::vector<double>> internal::Terms(const Column& x, Aggregation aggregation,
                                            const std::string& code, const CompositeData& data) {
  std::vector<double> out(x.size(), std::numeric_limits<double>::quiet_NaN());
  for (size_t u = 0; u < x.size(); ++u) {
    if (!x[u])
      continue;
    if (aggregation != Aggregation::kArithmetic && !(*x[u] > 0)) {
      return Status::InvalidArgument(
          std::string("a ") + (aggregation == Aggregation::kGeometric ? "geometric" : "harmonic") +
              " mean needs values above 0 (" + code + " of " + data.units[u] + " is " +
              std::to_string(*x[u]) + ")",
          "aggregation");
    }
    out[u] = aggregation == Aggregation::kGeometric  ? std::log(*x[u])
             : aggregation == Aggregation::kHarmonic ? 1 / *x[u]
                                                     : *x[u];
  }
  return out;
}

// Available-case weighted means, deepest aggregates first (missing children dropped and the
// weights renormalised; all missing → missing), child by child over the units' column.
Status internal::Aggregate(const CompositeTree& tree, const std::vector<double>& weights,
                           Aggregation aggregation, const std::vector<const Column*>& in,
                           std::vector<Column>& out, const CompositeData& data,
                           const CompositeSpec& spec,
                           const std::vector<const std::vector<double>*>* terms) {
  const size_t units = data.units.size();
  std::vector<double> acc(units), wsum(units);  // Σ w·term, Σ w
  std::vector<double> own;
  for (size_t i : tree.order) {
    std::fill(acc.begin(), acc.end(), 0.0);
    std::fill(wsum.begin(), wsum.end(), 0.0);
    for (size_t c : tree.children[i]) {
      const std::vector<double>* column = terms ? (*terms)[c] : nullptr;
      if (!column) {
        ZQ_ASSIGN_OR_RETURN(own, Terms(*in[c], aggregation, spec.nodes[c].code, data));
        column = &own;
      }
      const double w = weights[c];
      const double* term = column->data();
      for (size_t u = 0; u < units; ++u) {  // NaN: missing (branch-free, so it vectorises)
        const bool present = term[u] == term[u];
        acc[u] += present ? w * term[u] : 0.0;
        wsum[u] += present ? w : 0.0;
      }
    }
    Column& result = out[i];
    result.assign(units, std::nullopt);
    for (size_t u = 0; u < units; ++u) {
      if (wsum[u] > 0) {
        result[u] = aggregation == Aggregation::kGeometric  ? std::exp(acc[u] / wsum[u])
                    : aggregation == Aggregation::kHarmonic ? wsum[u] / acc[u]
                                                            : acc[u] / wsum[u];
      }
    }
  }
  return Status::Ok();
}

Result<CompositeResult> BuildComposite(const CompositeData& data, const CompositeSpec& spec) {
  ZQ_ASSIGN_OR_RETURN(const internal::CompositeTree tree, internal::CompileTree(data, spec));
  ZQ_ASSIGN_OR_RETURN(std::vector<Column> scores, internal::NormaliseLeaves(data, spec, tree));
  std::vector<double> weights;
  std::vector<const Column*> in;
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    weights.push_back(spec.nodes[i].weight);
    in.push_back(&scores[i]);
  }
  ZQ_RETURN_IF_ERROR(internal::Aggregate(tree, weights, spec.aggregation, in, scores, data, spec));
  // Indicators first, then aggregates bottom-up.
  CompositeResult r;
  r.root = spec.nodes[tree.root].code;
  std::vector<size_t> listing;
  for (const auto& leaf : tree.leaves) listing.push_back(leaf.first);
  listing.insert(listing.end(), tree.order.begin(), tree.order.end());
  const size_t units = data.units.size();
  r.scores.assign(units, {});
  for (size_t i : listing) {
    r.codes.push_back(spec.nodes[i].code);
    for (size_t u = 0; u < units; ++u) r.scores[u].push_back(scores[i][u]);
  }
  r.index = scores[tree.root];
  r.ranks = RanksMin(r.index);
  return r;
}

}  // namespace zq::stats
