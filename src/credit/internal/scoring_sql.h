#pragma once

#include <string>
#include <string_view>

#include "credit/rule_set.h"
#include "store/database.h"

// The risk-class computation of credit::Assess written as the one GROUP BY query a user would
// write over credit_events: the baseline the full rescore is measured against (bench/
// credit_rescore.cc) and compared with (rescore_test.cc), on either backend.
namespace zq::credit::internal {

// SELECT uscc, risk_class FROM credit_events GROUP BY uscc, scoring every event as Assess does
// under `rules` as of `as_of` ("2027-01-04"): points × severity factor × decay × risk weight for
// events shown on that date (the 60-month cap on negative ones), then the thresholds (less the
// boundary tolerance) and the list vetoes, a list's state being its latest event by (date, id).
// Ending events (record.withdrawn, record.repaired) are not modelled. The sum differs from the
// engine's only in floating-point rounding (SUM adds the events first), which the rule sets from
// zq-credit-2026.2 absorb with their boundary tolerance.
std::string RiskClassesSql(const RuleSet& rules, std::string_view as_of, store::Backend backend);

}  // namespace zq::credit::internal
