#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "core/result.h"
#include "inspection/pass_rate_cube.h"
#include "store/database.h"

namespace zq::inspection {

// The stored final verdicts as cube rows: category and county of the batch, the firm's industry
// (GB/T 4754) and size from the registry ("unknown" when absent), and the month of the final
// verdict as the period ("2026-03"). All of them, or only `batch_id`'s.
Result<std::vector<BatchVerdict>> LoadStoredVerdicts(
    store::Transaction& tx, std::optional<std::int64_t> batch_id = std::nullopt);

// The pass-rate cube of the stored verdicts, kept current in process: Load() recomputes it from
// the database, Refresh() folds in one verdict after its transaction commits. Thread-safe (one
// mutex); the cube is only ever read through Query() and Snapshot().
class PassRateStore {
 public:
  Status Load(store::Database& db);
  // Load() unless loaded already.
  Status EnsureLoaded(store::Database& db);
  // Folds in one batch's stored verdict (or drops it when it has none); nothing before Load().
  Status Refresh(store::Database& db, std::int64_t batch_id);
  Result<std::vector<CubeRow>> Query(const CubeQuery& query) const;
  std::map<CubeCell, BatchCounts> Snapshot() const;
  std::size_t verdict_count() const;

 private:
  mutable std::mutex mu_;
  PassRateCube cube_;
  bool loaded_ = false;
};

}  // namespace zq::inspection
