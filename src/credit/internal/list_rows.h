#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "core/result.h"
#include "credit/penalty_publication.h"
#include "store/database.h"

// Row mapping, scope and date helpers shared by the credit lists and penalty publication.
namespace zq::credit::internal {

inline constexpr std::string_view kSeriousColumns =
    "id, uscc, region_code, status, origin, category, penalty_event_id, judgement, decision_no, "
    "authority_region, proposed_by, proposed_on, approver_region, decided_by, decided_on, "
    "decision_note, listed_on, term_ends_on, removed_on, removed_by, removal_reason, "
    "listing_event_id, removal_event_id, abnormal_listing_id";
inline constexpr std::string_view kAbnormalColumns =
    "id, uscc, region_code, status, reason, decision_no, authority_region, listed_by, listed_on, "
    "escalation_on, removed_on, removed_by, removal_reason, listing_event_id, removal_event_id, "
    "serious_listing_id";
inline constexpr std::string_view kPublicationColumns =
    "id, uscc, region_code, penalty_event_id, decision_no, party, violation_type, penalty_kind, "
    "penalty_text, restriction_months, case_domain, authority, authority_region, decision_date, "
    "status, due_on, published_on, display_until, revoked_on, revocation_ref, retraction_due_on, "
    "retracted_on, withdrawal_event_id, stopped_on, received_on, authority_province";

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
