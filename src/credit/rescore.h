#pragma once

#include <cstdint>
#include <string>

#include "core/result.h"
#include "credit/credit_records.h"
#include "credit/rule_set.h"
#include "store/database.h"

namespace zq::credit {

struct RescoreOptions {
  std::size_t batch_size = 20000;  // grade rows per write transaction
};

// The full rescore (the monthly run, 按月动态更新): streams every credit event in entity order
// from the covering index, scores each entity under `rules` as of `as_of`, and appends a grade row
// for each entity whose class, grade, list status or rule version changed since its last row
// (merge-joined with the latest grade rows, also read in entity order). Reads in one read-only
// transaction and writes in batches on another connection, so memory stays bounded by one
// entity's events and one batch. Not audited here: the caller records the run.
Result<RescoreStats> RescoreAllEntities(store::Database& db, const RuleSet& rules,
                                        std::int32_t as_of, const std::string& computed_at,
                                        const RescoreOptions& options = {});

}  // namespace zq::credit
