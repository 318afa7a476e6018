#pragma once
// The spot-check service's shared pieces (spot_check_service.cc, draw_service.cc,
// draw_publication.cc): row mappings, who may read and write a plan, the actions offered.
#include <string>
#include <string_view>
#include <vector>

#include "auth/caller.h"
#include "inspection/spot_check_service.h"
#include "store/row_mapping.h"

namespace zq::inspection::internal {

const store::Columns<SpotCheckPlan>& PlanColumns();
const store::Columns<DrawSummary>& DrawColumns();

// The registry's qualification for general product-quality enforcement covers every category.
std::vector<std::string> DrawQualifications(const std::vector<std::string>& registry_quals);
std::string SeedHex(std::string_view seed);

// Officials read the plans whose regions overlap their jurisdiction: a county regulator sees the
// city's plan that covers the county (市抽县查), a city regulator the plans of its counties.
bool MayRead(const auth::Caller& caller, std::string_view plan_region);
// Who may commit and run the draws of a plan in `region_code`: a writer whose jurisdiction holds
// it (Caller::CanWriteIn). A reader elsewhere is answered as if the plan did not exist.
Status CheckWriter(const auth::Caller& caller, std::string_view region_code);

// The actions of SpotCheckPlan and DrawSummary: what CheckWriter would let the caller do.
inline constexpr std::string_view kDrawAction = "draw";
inline constexpr std::string_view kRunAction = "run";
SpotCheckPlan WithActions(const auth::Caller& caller, SpotCheckPlan plan);
DrawSummary WithActions(const SpotCheckPlan& plan, DrawSummary draw);

// The draw's ceremony (timestamps, audit sequence numbers, notice) from its row and plan.
Status FillCeremony(store::Transaction& tx, std::int64_t draw_id, DrawRecord& record);

}  // namespace zq::inspection::internal
