#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "stats/composite.h"

// A composite's tree resolved once, shared by BuildComposite and the uncertainty analysis, which
// re-aggregates the same normalised indicators with perturbed weights (composite.cc,
// composite_uncertainty.cc).
namespace zq::stats::internal {

using Column = std::vector<std::optional<double>>;

struct CompositeTree {
  std::vector<std::vector<size_t>> children;      // by node
  std::vector<std::pair<size_t, size_t>> leaves;  // {node, data column}, in node order
  std::vector<size_t> order;                      // aggregates, deepest first
  size_t root = 0;
};

// Errors as BuildComposite's "nodes".
Result<CompositeTree> CompileTree(const CompositeData& data, const CompositeSpec& spec);

// Every leaf's normalised column (indexed by node; aggregates left empty).
Result<std::vector<Column>> NormaliseLeaves(const CompositeData& data, const CompositeSpec& spec,
                                            const CompositeTree& tree);

// The terms a mean sums: x (arithmetic), ln x (geometric), 1/x (harmonic), NaN where missing;
// "aggregation" error for a value ≤ 0 under the last two.
Result<std::vector<double>> Terms(const Column& x, Aggregation aggregation, const std::string& code,
                                  const CompositeData& data);

// Fills out[i] of every aggregate i from the children's columns in[c] with the weights given;
// terms[c], where given and not null, holds Terms(*in[c]) computed beforehand (the uncertainty
// analysis computes the indicators' once).
Status Aggregate(const CompositeTree& tree, const std::vector<double>& weights,
                 Aggregation aggregation, const std::vector<const Column*>& in,
                 std::vector<Column>& out, const CompositeData& data, const CompositeSpec& spec,
                 const std::vector<const std::vector<double>*>* terms = nullptr);

}  // namespace zq::stats::internal
