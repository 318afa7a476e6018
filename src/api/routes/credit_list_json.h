#pragma once

// JSON of the credit lists' and cases' records for the routes (credit_*_routes.cc).
#include <nlohmann/json.hpp>

#include "credit/credit_lists.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"

namespace zq::api {

nlohmann::json SeriousJson(const credit::SeriousListing& s);          // 严重违法失信名单
nlohmann::json AbnormalJson(const credit::AbnormalListing& a);        // 经营异常名录
nlohmann::json PublicationJson(const credit::PenaltyPublication& p);  // 行政处罚信息公示
nlohmann::json ObjectionJson(const credit::Objection& o);             // 异议
nlohmann::json RepairJson(const credit::RepairApplication& a);        // 信用修复申请

}  // namespace zq::api
