#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "credit/credit_records.h"
#include "store/database.h"
#include "store/row_mapping.h"

// Row mapping and the statements shared by the credit service, its views and the rescore engine.
namespace zq::credit::internal {

// The columns of credit_events and credit_grades, declared once: the SELECT list (List()) and
// the row mapping (FromRow) of a record.
const store::Columns<CreditEvent>& EventColumns();
const store::Columns<GradeRecord>& GradeColumns();

CreditEvent EventFromRow(const store::Row& r);
GradeRecord GradeFromRow(const store::Row& r);

std::string JoinIds(const std::vector<std::int64_t>& ids);
Result<std::vector<std::int64_t>> SplitIds(std::string_view text);

// What scoring needs of stored events; views into `events`, which must outlive the result.
Result<std::vector<ScoringEvent>> ToScoring(std::span<const CreditEvent> events);

// The columns of a grade row as inserted (all but id), and the values of `g` in that order.
const std::vector<std::string>& GradeInsertColumns();
std::vector<store::Value> GradeRow(const GradeRecord& g);

// Inserts a grade row and returns its id.
Result<std::int64_t> InsertGrade(store::Transaction& tx, const GradeRecord& g);

// A registered entity's region, from the registry's SQL face (view registry_entity_facts) in
// `tx`: not Registry::GetEntity, which opens the sealed legal representative and audits a read
// of personal data in a transaction of its own. kNotFound (field "uscc") when not registered;
// any other failure as it is.
Result<std::string> RegionOfEntity(store::Transaction& tx, std::string_view uscc);

// The credit event `event_id`, whoever asks: for a module function that applies its caller's
// own scope rule to it. kNotFound (field "event_id") when there is none.
Result<CreditEvent> EventById(store::Transaction& tx, std::int64_t event_id);

// The newest grade row of `uscc`, if any.
Result<std::optional<GradeRecord>> LatestGrade(store::Transaction& tx, std::string_view uscc);

// A grade row for `a` (scored from `events`, in id order).
GradeRecord GradeFor(std::string_view uscc, std::string_view region_code, const Assessment& a,
                     std::span<const ScoringEvent> events, std::string computed_at);

// True when `next` differs from `last` in what a department or the draw sees.
bool Changed(const GradeRecord& last, const GradeRecord& next);

}  // namespace zq::credit::internal
