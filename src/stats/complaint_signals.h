#pragma once

// 投诉预警信号: which (county × class) series of complaints and reports is suddenly drawing more
// cases than its recent weeks, for the risk module and the offices. Each series is the weekly
// count of cases received (complaint_cases.received_on) by a county office with one code of the
// 中消协 object or problem axis; the week ending on `as_of` is judged by EARS (signals.h) against
// the weeks before it, and the p-values of every series judged in one run are adjusted together
// (Benjamini–Hochberg), since hundreds of series are tested at once.
#include <string>
#include <vector>

#include "auth/caller.h"
#include "complaint/complaint_service.h"
#include "core/result.h"
#include "stats/signals.h"

namespace zq::stats {

struct ComplaintSignalQuery {
  std::string as_of;                // the judged week's last day, YYYY-MM-DD
  std::string region;               // a subtree of the caller's jurisdiction; "" for all of it
  std::string by = "object_class";  // or "problem"
  EarsOptions ears{.method = EarsMethod::kC1, .baseline = 7, .alpha = 0.001, .min_sigma = 1};
  double fdr = 0.05;  // the false discovery rate a signal's q-value must meet
};

struct ComplaintSeriesSignal {
  std::string region;                // the handling county
  std::string code;                  // the axis code
  std::vector<std::int64_t> weekly;  // oldest first; the last is the judged week
  double baseline_mean = 0;
  double upperbound = 0;
  double statistic = 0;
  double p_value = 1;   // 1 − Φ(statistic) for C1 and C2; 1 for C3 (no normal reference)
  double q_value = 1;   // Benjamini–Hochberg over the run's series
  bool alarm = false;   // EARS: the judged week's count above the upperbound
  bool signal = false;  // alarm and q_value ≤ fdr
};

struct ComplaintSignalRun {
  ComplaintSignalQuery query;
  std::vector<std::string> week_ends;        // each week's last day, oldest first
  int series = 0;                            // series judged: those with a case in the window
  std::vector<ComplaintSeriesSignal> items;  // alarms, signals first, then by q-value
};

// kInvalidArgument naming the field: as_of not a date, by not an axis, fdr outside (0, 1], or an
// EARS option (Ears's refusals); kNotFound for a region outside the caller's jurisdiction (as
// ComplaintService::Counts). Officials only (kPermissionDenied otherwise).
Result<ComplaintSignalRun> ComplaintSignals(complaint::ComplaintService& complaints,
                                            const auth::Caller& caller,
                                            const ComplaintSignalQuery& query);

}  // namespace zq::stats
