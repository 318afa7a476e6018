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
#include "inspection/internal/flat_index.h"
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

// Distinct strings numbered in order of first sight (a cube's dimension values).
class Dictionary {
 public:
  std::uint32_t Intern(std::string_view value);

  const std::string& operator[](std::uint32_t i) const { return values_[i]; }

  std::size_t size() const { return values_.size(); }

 private:
  struct Hash {
    using is_transparent = void;

    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::vector<std::string> values_;
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> index_;
};

// Verdicts in columns, for bulk loaders (PassRateStore::Load reads each part on a thread of its
// own): the dimension values interned once per part, each verdict a numeric id and small
// integers, nothing allocated per verdict.
struct VerdictColumns {
  Dictionary categories, regions, industries, periods;
  std::vector<std::int64_t> id;
  std::vector<std::uint32_t> category, region, industry, period;  // into the dictionaries
  std::vector<FirmSize> size;
  std::vector<BatchOutcome> outcome;

  std::size_t verdicts() const { return id.size(); }
};

// 合格率立方体: batch counts (tested, passed) per CubeCell, built from verdicts in one pass and
// kept current one verdict at a time (a new verdict, a changed one after re-test, a withdrawn
// one). Columnar: dimension values are interned, a cell is five small integers found through a
// flat hash index, a verdict an entry of (cell, outcome) found by its id (numeric ids in a flat
// index too), so building it allocates per distinct value, not per verdict. Not thread-safe;
// const methods may run concurrently with each other.
class PassRateCube {
 public:
  PassRateCube() = default;
  PassRateCube(const PassRateCube&) = delete;
  PassRateCube& operator=(const PassRateCube&) = delete;
  PassRateCube(PassRateCube&&) = default;
  PassRateCube& operator=(PassRateCube&&) = default;

  // Errors: kInvalidArgument (see Upsert), kAlreadyExists field "verdict_id" on a repeated id.
  static Result<PassRateCube> Build(std::span<const BatchVerdict> verdicts);
  // The same from columns (ids as decimal verdict ids), one part after the other.
  static Result<PassRateCube> Build(std::span<const VerdictColumns> parts);

  // Adds the verdict, or replaces the one with the same id. Errors: kInvalidArgument with field
  // "verdict_id", "product_category", "industry_code", "period" (empty) or "region_code".
  Status Upsert(const BatchVerdict& verdict);

  // Errors: kNotFound field "verdict_id".
  Status Remove(std::string_view verdict_id);

  // Rows sorted by key; groups with no tested batch are absent. Errors: kInvalidArgument field
  // "confidence".
  Result<std::vector<CubeRow>> Query(const CubeQuery& query) const;

  // The cells with at least one tested batch (a copy, built on each call).
  std::map<CubeCell, BatchCounts> cells() const;

  size_t verdict_count() const { return live_; }

 private:
  struct CellKey {
    std::uint32_t category = 0, region = 0, industry = 0, period = 0, size = 0;
    friend bool operator==(const CellKey&, const CellKey&) = default;
  };

  struct CellKeyHash {
    std::size_t operator()(const CellKey& k) const;
  };

  struct IdHash {
    std::size_t operator()(std::int64_t id) const;
  };

  struct Cell {
    CellKey key;
    BatchCounts counts;  // a cell whose count falls to 0 stays, unseen
  };

  struct Entry {
    std::uint32_t cell = 0;
    BatchOutcome outcome = BatchOutcome::kPass;
    bool live = false;  // false once removed
  };

  // The entry slot of `verdict_id` (nullptr: none), or a new one when `add`.
  Entry* FindEntry(std::string_view verdict_id, bool add);
  Status AddTo(Entry& entry, const CellKey& key, BatchOutcome outcome);
  void Subtract(Entry& entry);

  Dictionary categories_, regions_, industries_, periods_;
  std::vector<Cell> cells_;
  internal::FlatIndex<CellKey, CellKeyHash> cell_index_;
  std::vector<Entry> entries_;
  internal::FlatIndex<std::int64_t, IdHash> numeric_ids_;     // canonical decimal verdict ids
  std::unordered_map<std::string, std::uint32_t> other_ids_;  // any other verdict id
  std::size_t live_ = 0;
};

}  // namespace zq::inspection
