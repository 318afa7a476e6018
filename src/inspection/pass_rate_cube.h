#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/ids/region_code.h"
#include "core/result.h"
#include "inspection/pass_rate.h"

namespace zq::inspection {

// 企业规模: firm size class (大型/中型/小型/微型; unknown when the registry has none).
enum class FirmSize { kLarge, kMedium, kSmall, kMicro, kUnknown };

std::string_view FirmSizeName(FirmSize size);  // "large", "medium", "small", "micro", "unknown"

enum class BatchOutcome { kPass, kFail };  // 合格 / 不合格 (the final verdict of a batch)

// One batch's final verdict with the dimensions the pass rate is reported by.
struct BatchVerdict {
  std::string verdict_id;
  std::string product_category;  // key supervised product catalogue code
  std::string region_code;       // GB/T 2260, six digits
  std::string industry_code;     // GB/T 4754-2017
  FirmSize firm_size = FirmSize::kSmall;
  std::string period;  // e.g. "2025Q3"; compared as text
  BatchOutcome outcome = BatchOutcome::kPass;
};

struct BatchCounts {
  int64_t tested = 0;
  int64_t passed = 0;

  friend bool operator==(const BatchCounts&, const BatchCounts&) = default;
};

// The finest cell of the cube: one value per dimension.
struct CubeCell {
  std::string product_category;
  std::string region_code;
  std::string industry_code;
  FirmSize firm_size = FirmSize::kSmall;
  std::string period;

  friend bool operator==(const CubeCell&, const CubeCell&) = default;

  // Spelled out: clang-tidy 14 misreads a defaulted operator<=> (modernize-use-nullptr).
  friend bool operator<(const CubeCell& a, const CubeCell& b) {
    return std::tie(a.product_category, a.region_code, a.industry_code, a.firm_size, a.period) <
           std::tie(b.product_category, b.region_code, b.industry_code, b.firm_size, b.period);
  }
};

enum class CubeDimension { kProductCategory, kRegion, kIndustry, kFirmSize, kPeriod };

// A roll-up: filters (unset = all) and the dimensions to group by (none = one grand total).
struct CubeQuery {
  std::optional<std::string> product_category;
  std::optional<ids::RegionCode> region;       // the region and everything beneath it
  std::optional<std::string> industry_prefix;  // "C" (制造业), "C13", "C1311", ...
  std::optional<FirmSize> firm_size;
  std::optional<std::string> period;
  std::optional<std::string> period_from;  // inclusive bounds, compared as text ("2026-01")
  std::optional<std::string> period_to;
  std::vector<CubeDimension> group_by;
  // With kRegion in group_by: group at this level (province PP0000, city PPCC00, county).
  ids::RegionLevel region_level = ids::RegionLevel::kCounty;
  double confidence = 0.95;
};

struct CubeRow {
  std::vector<std::string> key;  // one value per group_by dimension, in that order
  PassRate rate;                 // counts with Wilson and Clopper–Pearson intervals
};

// 合格率立方体: batch counts (tested, passed) per CubeCell, built from verdicts in one pass and
// kept current one verdict at a time (a new verdict, a changed one after re-test, a withdrawn
// one). Owns copies of the cell keys, not the verdicts. Not thread-safe; const methods may run
// concurrently with each other.
class PassRateCube {
 public:
  PassRateCube() = default;
  // Move-only: the index holds iterators into the cell map, which a move keeps valid.
  PassRateCube(const PassRateCube&) = delete;
  PassRateCube& operator=(const PassRateCube&) = delete;
  PassRateCube(PassRateCube&&) = default;
  PassRateCube& operator=(PassRateCube&&) = default;

  // Errors: kInvalidArgument (see Upsert), kAlreadyExists field "verdict_id" on a repeated id.
  static Result<PassRateCube> Build(std::span<const BatchVerdict> verdicts);

  // Adds the verdict, or replaces the one with the same id. Errors: kInvalidArgument with field
  // "verdict_id", "product_category", "industry_code", "period" (empty) or "region_code".
  Status Upsert(const BatchVerdict& verdict);

  // Errors: kNotFound field "verdict_id".
  Status Remove(std::string_view verdict_id);

  // Rows sorted by key; groups with no tested batch are absent. Errors: kInvalidArgument field
  // "confidence".
  Result<std::vector<CubeRow>> Query(const CubeQuery& query) const;

  const std::map<CubeCell, BatchCounts>& cells() const { return cells_; }

  size_t verdict_count() const { return verdicts_.size(); }

 private:
  using CellMap = std::map<CubeCell, BatchCounts>;

  struct Entry {
    CellMap::iterator cell;  // stable: a cell is erased only when no verdict counts in it
    BatchOutcome outcome;
  };

  void Add(const BatchVerdict& verdict);
  void Subtract(const Entry& entry);

  CellMap cells_;
  std::unordered_map<std::string, Entry> verdicts_;
};

}  // namespace zq::inspection
