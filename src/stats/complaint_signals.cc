#include "stats/complaint_signals.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include <boost/math/distributions/normal.hpp>

#include "core/calendar.h"

namespace zq::stats {

Result<ComplaintSignalRun> ComplaintSignals(complaint::ComplaintService& complaints,
                                            const auth::Caller& caller,
                                            const ComplaintSignalQuery& query) {
  if (!caller.IsOfficial())
    return Status::PermissionDenied("complaint signals are shown to officials");
  ZQ_ASSIGN_OR_RETURN(const std::int32_t as_of, DayNumber(query.as_of, "as_of"));
  if (query.by != "object_class" && query.by != "problem")
    return Status::InvalidArgument("by is object_class or problem", "by");
  if (!(query.fdr > 0 && query.fdr <= 1))
    return Status::InvalidArgument("fdr lies in (0, 1]", "fdr");
  ZQ_RETURN_IF_ERROR(CheckEarsOptions(query.ears));
  const std::size_t weeks = EarsFirstPeriod(query.ears) + 1;
  ComplaintSignalRun run;
  run.query = query;
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> series;
  for (std::size_t w = 0; w < weeks; ++w) {
    const std::int32_t end = as_of - static_cast<std::int32_t>(7 * (weeks - 1 - w));
    run.week_ends.push_back(DayText(end));
    complaint::CountFilter f{.from = DayText(end - 6), .to = DayText(end)};
    if (!query.region.empty())
      f.region = query.region;
    ZQ_ASSIGN_OR_RETURN(const std::vector<complaint::CaseCount> counts,
                        complaints.Counts(caller, f));
    for (const complaint::CaseCount& c : counts) {
      const std::string& code = query.by == "problem" ? c.problem : c.object_class;
      std::vector<std::int64_t>& s = series[{c.region, code}];
      s.resize(weeks, 0);
      s[w] += c.count;
    }
  }
  run.series = static_cast<int>(series.size());
  std::vector<ComplaintSeriesSignal> judged;
  std::vector<double> p_values;
  const bool normal_p = query.ears.method != EarsMethod::kC3;
  for (const auto& [key, weekly] : series) {
    const std::vector<double> y(weekly.begin(), weekly.end());
    ZQ_ASSIGN_OR_RETURN(const EarsResult r, Ears(y, query.ears));
    ComplaintSeriesSignal s;
    s.region = key.first;
    s.code = key.second;
    s.weekly = weekly;
    s.upperbound = r.upperbound.back();
    s.statistic = r.statistic.back();
    s.alarm = r.alarm.back();
    s.baseline_mean = r.baseline_mean.back();
    if (normal_p) {
      s.p_value =
          std::isinf(s.statistic) ? (s.statistic > 0 ? 0.0 : 1.0)
          : std::isnan(s.statistic)
              ? 1.0
              : boost::math::cdf(boost::math::complement(boost::math::normal(), s.statistic));
    }
    p_values.push_back(s.p_value);
    judged.push_back(std::move(s));
  }
  const std::vector<double> q = BenjaminiHochberg(p_values);
  for (std::size_t i = 0; i < judged.size(); ++i) {
    judged[i].q_value = q[i];
    judged[i].signal = judged[i].alarm && (normal_p ? q[i] <= query.fdr : true);
    if (judged[i].alarm)
      run.items.push_back(std::move(judged[i]));
  }
  std::stable_sort(run.items.begin(), run.items.end(), [](const auto& a, const auto& b) {
    if (a.signal != b.signal)
      return a.signal;
    return a.q_value < b.q_value;
  });
  return run;
}

}  // namespace zq::stats
