#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

// Classification of every case on the 中消协 two axes (data/complaint/taxonomy.csv): the object
// (10 goods classes, 8 service classes) and the problem's nature (10 natures), so that the risk
// module can see clusters by category × problem × region. A first classifier by keyword rules;
// an officer's label overrides it.
namespace zq::complaint {

struct TaxonomyEntry {
  std::string axis;   // "object" or "problem"
  std::string code;   // "household_appliances", "quality"
  std::string name;   // 家用电子电器, 质量
  std::string group;  // object: "goods" or "services"; "" for a problem
  std::vector<std::string> keywords;
};

struct Classification {
  std::string object_class;  // a code of the object axis, "" when nothing matched
  std::string problem;       // a code of the problem axis, "other" when nothing matched
};

class Taxonomy {
 public:
  // The taxonomy compiled into the binary (data/complaint/taxonomy.csv).
  static const Taxonomy& Embedded();
  static Result<Taxonomy> FromCsv(std::string_view csv);

  std::span<const TaxonomyEntry> entries() const { return entries_; }

  // The entries of one axis, in table order.
  std::vector<TaxonomyEntry> Axis(std::string_view axis) const;
  // True when `code` is on `axis`.
  bool Has(std::string_view axis, std::string_view code) const;
  const TaxonomyEntry* Find(std::string_view axis, std::string_view code) const;

  // Keyword rules: on each axis the entry with the most keyword hits in `text` (the longest
  // keyword breaks ties, then table order). Pure.
  Classification Classify(std::string_view text) const;

 private:
  std::vector<TaxonomyEntry> entries_;
};

}  // namespace zq::complaint
