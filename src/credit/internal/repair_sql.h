#pragma once

#include <cstdint>
#include <set>
#include <string_view>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/repair_service.h"
#include "store/database.h"
#include "store/row_mapping.h"

// Row mapping and scope rules shared by objections (异议) and credit repair (信用修复).
namespace zq::credit::internal {

// The columns of objections (alias o) and repairs (alias r), each with its credit event's type
// (alias e), declared once: SELECT list and row mapping. uscc and region_code come second and
// third (CasePage reads them).
const store::Columns<Objection>& ObjectionColumns();
const store::Columns<RepairApplication>& RepairColumns();

Objection ObjectionFromRow(const store::Row& r, std::string_view today);
Result<RepairApplication> RepairFromRow(const store::Row& r, std::string_view today);

std::string FactsJson(const RepairFacts& f);

// The caller acts for the entity: admins, regulators in its region, the enterprise itself.
bool MayActFor(const auth::Caller& caller, std::string_view uscc, std::string_view region_code);
// The caller decides: admins and regulators in the region.
bool MayDecide(const auth::Caller& caller, std::string_view region_code);
// The caller reads the case: those who act for it and analysts in the region.
bool MayReadCase(const auth::Caller& caller, std::string_view uscc, std::string_view region_code);

// One page of the cases in `table` ("credit_objections o" / "credit_repairs r", joined with
// their credit event as e) selected as `columns` (uscc and region_code second and third) that
// match `filter` and that the caller may read (MayReadCase), soonest due first.
Result<std::vector<store::Row>> CasePage(store::Database& db, std::string_view columns,
                                         std::string_view table, std::string_view alias,
                                         const CaseFilter& filter, const auth::Caller& caller,
                                         std::string_view today);

// The ids of `uscc`'s events with a pending objection (shown as disputed, 异议中).
Result<std::set<std::int64_t>> DisputedEventIds(store::Transaction& tx, std::string_view uscc);

// The id of the event that ends `event_id`, or 0.
Result<std::int64_t> EndedBy(store::Transaction& tx, std::int64_t event_id);

}  // namespace zq::credit::internal
