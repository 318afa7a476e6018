#pragma once

// JSON of the credit lists' records for the routes (credit_list_routes.cc).
#include <nlohmann/json.hpp>

#include "credit/credit_lists.h"
#include "credit/penalty_publication.h"

namespace zq::api {

nlohmann::json SeriousJson(const credit::SeriousListing& s);          // 严重违法失信名单
nlohmann::json AbnormalJson(const credit::AbnormalListing& a);        // 经营异常名录
nlohmann::json PublicationJson(const credit::PenaltyPublication& p);  // 行政处罚信息公示

}  // namespace zq::api
