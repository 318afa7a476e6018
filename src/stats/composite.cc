#include "stats/composite.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace zq::stats {
namespace {

using Column = std::vector<std::optional<double>>;

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

Result<CompositeResult> BuildComposite(const CompositeData& data, const CompositeSpec& spec) {
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
  std::vector<std::vector<size_t>> children(spec.nodes.size());
  CompositeResult r;
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
    children[p->second].push_back(i);
  }
  if (roots.size() != 1)
    return Status::InvalidArgument("exactly one root is needed", "nodes");
  r.root = spec.nodes[roots[0]].code;
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
  const size_t units = data.units.size();
  std::vector<Column> scores(spec.nodes.size(), Column(units));
  std::map<std::string, size_t> column_of;
  for (size_t c = 0; c < data.indicators.size(); ++c) column_of.emplace(data.indicators[c], c);
  for (size_t i = 0; i < spec.nodes.size(); ++i) {
    if (!children[i].empty())
      continue;
    const auto c = column_of.find(spec.nodes[i].code);
    if (c == column_of.end()) {
      return Status::InvalidArgument("indicator " + spec.nodes[i].code + " has no data", "nodes");
    }
    Column raw(units);
    for (size_t u = 0; u < units; ++u) raw[u] = data.values[u][c->second];
    ZQ_ASSIGN_OR_RETURN(scores[i], Normalise(raw, spec.nodes[i], spec.normalisation));
  }
  // Aggregates, deepest first: available-case weighted means (missing children dropped and the
  // weights renormalised; all missing → missing).
  std::vector<size_t> order;
  for (size_t i = 0; i < spec.nodes.size(); ++i)
    if (!children[i].empty())
      order.push_back(i);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return depth[a] > depth[b]; });
  for (size_t i : order) {
    for (size_t u = 0; u < units; ++u) {
      double wsum = 0, acc = 0;  // acc: Σ w·x, or Σ w·ln x for the geometric mean
      for (size_t c : children[i]) {
        if (!scores[c][u])
          continue;
        const double w = spec.nodes[c].weight, x = *scores[c][u];
        if (spec.aggregation == Aggregation::kGeometric) {
          if (!(x > 0)) {
            return Status::InvalidArgument("a geometric mean needs values above 0 (" +
                                               spec.nodes[c].code + " of " + data.units[u] +
                                               " is " + std::to_string(x) + ")",
                                           "aggregation");
          }
          acc += w * std::log(x);
        } else {
          acc += w * x;
        }
        wsum += w;
      }
      if (wsum > 0) {
        scores[i][u] =
            spec.aggregation == Aggregation::kGeometric ? std::exp(acc / wsum) : acc / wsum;
      }
    }
  }
  // Indicators first, then aggregates bottom-up.
  std::vector<size_t> listing;
  for (size_t i = 0; i < spec.nodes.size(); ++i)
    if (children[i].empty())
      listing.push_back(i);
  listing.insert(listing.end(), order.begin(), order.end());
  r.scores.assign(units, {});
  for (size_t i : listing) {
    r.codes.push_back(spec.nodes[i].code);
    for (size_t u = 0; u < units; ++u) r.scores[u].push_back(scores[i][u]);
  }
  r.index = scores[roots[0]];
  r.ranks.assign(units, 0);
  for (size_t u = 0; u < units; ++u) {
    if (!r.index[u])
      continue;
    int better = 0;
    for (size_t v = 0; v < units; ++v)
      if (r.index[v] && *r.index[v] > *r.index[u])
        ++better;
    r.ranks[u] = better + 1;
  }
  return r;
}

}  // namespace zq::stats
