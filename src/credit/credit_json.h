#pragma once
// JSON of the credit file's records, one shape for the API (api/routes/credit_routes.cc) and the
// command line (`zq credit show --json`).
#include <nlohmann/json_fwd.hpp>

#include "credit/credit_records.h"

namespace zq::credit {

nlohmann::json EventJson(const CreditEvent& e);
nlohmann::json GradeJson(const GradeRecord& g);  // with event_ids when the record carries them
// An explained grade: class, grade, scores, vetoes and every event's contribution.
nlohmann::json AssessmentJson(const Assessment& a);
// 信用档案: {uscc, region_code, events, history, current}.
nlohmann::json CreditFileJson(const CreditFile& f);

}  // namespace zq::credit
