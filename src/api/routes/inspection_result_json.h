#pragma once

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "api/http.h"
#include "core/result.h"
#include "inspection/result_service.h"

// JSON forms of the spot-check results workflow (inspection/results.h) for the API.
namespace zq::api {

nlohmann::json BatchJson(const inspection::Batch& b);
nlohmann::json TaskJson(const inspection::TaskSummary& t);
nlohmann::json FollowUpJson(const inspection::FollowUp& f);
nlohmann::json PublishedJson(const inspection::PublishedResult& p);

// Request bodies; kInvalidArgument with the field on a missing or mistyped member.
Result<inspection::SamplingRecord> SamplingFromJson(const nlohmann::json& body);
Result<inspection::TestResults> ResultsFromJson(const nlohmann::json& body);

// A string member: kInvalidArgument (the field) when mistyped, or missing and `required`;
// "" when missing and optional.
Result<std::string> StringField(const nlohmann::json& body, const char* field, bool required);

}  // namespace zq::api
