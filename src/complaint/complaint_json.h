#pragma once

#include <nlohmann/json.hpp>

#include "complaint/complaint_service.h"

// The JSON forms of cases, submissions and counts (the API's and `zq`'s).
namespace zq::complaint {

nlohmann::json DeadlineJson(const Deadline& d);
nlohmann::json CaseJson(const CaseRecord& c);
nlohmann::json SubmittedJson(const Submitted& s);
nlohmann::json PublicCaseJson(const PublicCase& c);
nlohmann::json CaseCountJson(const CaseCount& n);
nlohmann::json BusinessComplaintsJson(const BusinessComplaints& b);
nlohmann::json QuarterlyComplaintsJson(const QuarterlyComplaints& q);
nlohmann::json PublishedComplaintJson(const PublishedComplaint& c);
// The model installed for intake (null: the keyword rules).
nlohmann::json ClassifierModelJson(const std::optional<ClassifierModelInfo>& m);
nlohmann::json RulesJson(const RuleBook& rules, const Taxonomy& taxonomy, std::string_view date);

}  // namespace zq::complaint
