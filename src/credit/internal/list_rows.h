#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/penalty_publication.h"
#include "store/database.h"
#include "store/row_mapping.h"

// Row mapping, scope and date helpers shared by the credit lists and penalty publication.
namespace zq::credit::internal {

// The columns of the three list tables, declared once: SELECT list and row mapping.
const store::Columns<SeriousListing>& SeriousColumns();
const store::Columns<AbnormalListing>& AbnormalColumns();
const store::Columns<PenaltyPublication>& PublicationColumns();

SeriousListing SeriousFromRow(const store::Row& r);
AbnormalListing AbnormalFromRow(const store::Row& r);
PenaltyPublication PublicationFromRow(const store::Row& r);

// Who may read a list record of an entity in `region_code`: admins, regulators and analysts in
// scope, the entity's own enterprise users. Who may write: Caller::CanWriteIn.
bool MayRead(const auth::Caller& caller, std::string_view region_code, std::string_view uscc);

// " AND region_code LIKE ?" clauses for the caller's scope and a filter's region (its subtree),
// appended to `where` with their parameters; kInvalidArgument ("region_code") for a malformed
// filter region. An enterprise user is limited to its entity.
Status AppendScope(const auth::Caller& caller, std::string_view filter_region, std::string& where,
                   std::vector<store::Value>& params);
// The filter's region clause alone, for the public lists (published records of every region):
// the scope is the filter's, not an identity's. kInvalidArgument as AppendScope.
Status AppendRegionFilter(std::string_view filter_region, std::string& where,
                          std::vector<store::Value>& params);

// " AND `column` = ?" with `value` as its parameter, unless `value` is empty (no filter).
void AppendEquals(std::string_view column, const std::string& value, std::string& where,
                  std::vector<store::Value>& params);

using zq::CheckPage;  // the one page check (core/page.h)

// One page of `table` in a read-only transaction: counts the rows matching `where` (with
// `params`), then hands each row of `columns` on the page (ordered by `order`) to `row`.
// Returns the count.
Result<std::int64_t> QueryPage(store::Database& db, std::string_view table,
                               std::string_view columns, const std::string& where,
                               std::vector<store::Value> params, std::string_view order, int page,
                               int page_size, const std::function<void(const store::Row&)>& row);

// ISO date arithmetic: `date` plus calendar months (clamped to month end), plus days, plus
// working days (core/calendar.h; kInvalidArgument outside the calendar's years).
std::string PlusMonths(std::string_view date, int months);
std::string PlusDays(std::string_view date, int days);
Result<std::string> PlusWorkingDays(std::string_view date, int days);

// True when `value` is one of `allowed`.
template <std::size_t N>
bool OneOf(std::string_view value, const std::string_view (&allowed)[N]) {
  for (std::string_view a : allowed) {
    if (a == value)
      return true;
  }
  return false;
}

}  // namespace zq::credit::internal
