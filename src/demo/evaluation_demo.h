#pragma once
// A 质量工作考核 cycle for the demo province (考核演示): the provincial office's rule set for the
// assessment year that ended on 30 June, each city's self-assessment (自评) and the province's
// verified inputs (核查), so the console shows graded, ranked cities with their rank intervals. The
// quality loss rate item takes each city's value and standard error from the indicator store
// (the report-forms step computed them); the other items are drawn. One city is vetoed (一票否决).
#include <chrono>
#include <cstdint>
#include <string>

#include "app/context.h"
#include "core/result.h"

namespace zq::demo {

struct EvaluationDemoOptions {
  std::string province_code = "370000";
  std::uint64_t seed = 0;
  std::chrono::year_month_day today{};
};

struct EvaluationDemoSummary {
  int year = 0;  // the assessment year, named by the year it starts in
  int cities = 0, self_assessed = 0, verified = 0, vetoed = 0;
};

Result<EvaluationDemoSummary> GenerateEvaluationCycle(app::Context& ctx,
                                                      const EvaluationDemoOptions& o);

}  // namespace zq::demo
