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
  // Scoring threads, each reading its own USCC ranges on its own connection (1-4). The results
  // do not depend on it: the same grade rows are written, only their order (ids) differs.
  int threads = 2;
  // About this many events per USCC range: bounds memory (one range's latest grades and output
  // rows per thread) and balances the threads.
  std::int64_t events_per_range = 200000;
};

// The full rescore (the monthly run, 按月动态更新): splits the entities into USCC ranges of about
// `events_per_range` events (quantiles of the USCCs of evenly spaced event ids); each thread takes
// the next range, reads its latest grade rows and streams its events in entity order from the
// covering index in one read-only transaction, scores each entity under `rules` as of `as_of`, and
// keeps a grade row for each entity whose class, grade, list status or rule version changed since
// its last row. The calling thread writes those rows in transactions of `batch_size` rows while the
// threads go on scoring. Not audited here: the caller records the run. Needs a database that gives
// `threads` + 1 connections at once (any file or server; not SQLite ":memory:").
Result<RescoreStats> RescoreAllEntities(store::Database& db, const RuleSet& rules,
                                        std::int32_t as_of, const std::string& computed_at,
                                        const RescoreOptions& options = {});

}  // namespace zq::credit
