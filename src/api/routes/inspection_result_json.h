#pragma once

#include <cstdint>

#include <nlohmann/json_fwd.hpp>

#include "api/body.h"
#include "api/http.h"
#include "core/result.h"
#include "inspection/result_service.h"

// JSON forms of the spot-check results workflow (inspection/results.h) for the API.
namespace zq::api {

nlohmann::json BatchJson(const inspection::Batch& b);
nlohmann::json TaskJson(const inspection::TaskSummary& t);
nlohmann::json FollowUpJson(const inspection::FollowUp& f);
nlohmann::json PublishedJson(const inspection::PublishedResult& p);

// Request bodies: the sampling record (抽样单) and a test report (检验报告, first test or re-test).
extern const Body<inspection::SamplingRecord> kSamplingBody;
extern const Body<inspection::TestResults> kTestResultsBody;

}  // namespace zq::api
