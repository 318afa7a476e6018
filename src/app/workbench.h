#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/page.h"
#include "core/result.h"

namespace zq::auth {
struct Caller;
}  // namespace zq::auth

// 工作台 (workbench): what each module puts on a signed-in user's home page. A module lists its
// kinds of to-do (待办) and its key indicators in its manifest (module.h); GET /api/v1/workbench
// asks every module's sources for the caller, so a new module adds its own without touching the
// page or the route.
namespace zq::app {

class Context;

// Records of one kind waiting on the caller's office: how many, how many of them are past their
// due date, and the earliest due date of those not yet past ("YYYY-MM-DD"; "" when none has one).
struct TodoCount {
  std::int64_t count = 0;
  std::int64_t overdue = 0;
  std::string next_due;
};

// Counts one waiting record with its due date ("" for none) and whether it is past it.
inline void Tally(TodoCount& count, const std::string& due_on, bool overdue) {
  ++count.count;
  if (overdue) {
    ++count.overdue;
  } else if (!due_on.empty() && (count.next_due.empty() || due_on < count.next_due)) {
    count.next_due = due_on;
  }
}

// Tallies into `count` every record of a paged list: `list(page)` answers page `page` (1, 2, …)
// of kMaxPageSize records as a Result of a container; `tally(count, record)` counts one.
template <typename List, typename TallyOne>
Status TallyPages(TodoCount& count, List list, TallyOne tally) {
  for (int page = 1;; ++page) {
    ZQ_ASSIGN_OR_RETURN(auto records, list(page));
    for (const auto& record : records) {
      tally(count, record);
    }
    if (static_cast<int>(records.size()) < kMaxPageSize) {
      return Status::Ok();
    }
  }
}

struct TodoSource {
  std::string key;  // "<module>.<kind>", e.g. "credit.objections": the console names and links it
  // The count for the caller; nullopt when this kind of to-do is never the caller's (e.g. list
  // approvals for an enterprise user).
  std::function<Result<std::optional<TodoCount>>(Context& context, const auth::Caller& caller)>
      count;
};

// A proportion numerator / denominator of one region. `low`/`high`: its 95 % interval when the
// figure is an estimate from a sample (e.g. the Wilson interval of a spot-check fail rate); none
// when it is a count of the whole population (e.g. the share of class-D firms).
struct KpiFigure {
  std::string region_code;  // GB/T 2260; "" for the whole country
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;
  std::optional<double> low;
  std::optional<double> high;
};

// A key indicator of a region and of each of its direct sub-regions (for the map).
struct KpiReport {
  std::string period;  // what it covers, e.g. "2026" or "2026-12-06" (as of)
  KpiFigure total;
  std::vector<KpiFigure> by_region;
};

struct KpiSource {
  std::string key;  // "<module>.<indicator>", e.g. "inspection.fail_rate"
  // The indicator for `region` ("" for the caller's jurisdiction); nullopt when it does not apply
  // to the caller. Errors as the module's own reports (kNotFound "region" outside the caller's
  // jurisdiction).
  std::function<Result<std::optional<KpiReport>>(Context& context, const auth::Caller& caller,
                                                 const std::string& region)>
      report;
};

// Key indicators that come from one reading (e.g. the shares of the classes of one class
// distribution): GET /api/v1/workbench calls `reports` once per request and lists one indicator
// per key, in order, as if each were a KpiSource.
struct KpiGroup {
  std::vector<std::string> keys;
  // One report per key (nullopt: that indicator does not apply to the caller); errors as
  // KpiSource::report.
  std::function<Result<std::vector<std::optional<KpiReport>>>(
      Context& context, const auth::Caller& caller, const std::string& region)>
      reports;
};

}  // namespace zq::app
