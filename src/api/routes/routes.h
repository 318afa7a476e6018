#pragma once

// The route groups of the domain modules. Each module's manifest (src/<module>/module.cc) names
// its groups; the server adds them in the app's build order. A group takes its services from the
// app's context (`services.Get<credit::CreditService>()`).
#include "api/server.h"
#include "app/context.h"
#include "auth/account_service.h"
#include "credit/credit_lists.h"
#include "credit/credit_service.h"
#include "credit/penalty_publication.h"
#include "credit/repair_service.h"
#include "inspection/pass_rate_store.h"
#include "inspection/result_service.h"
#include "inspection/spot_check_service.h"
#include "registry/registry.h"

namespace zq::api {

// auth: sign-in, sessions, second factor, users, the audit log; API keys of department clients.
void AddAuthRoutes(Router& router, app::Context& services, const ServerOptions& options);
void AddApiKeyRoutes(Router& router, app::Context& services);
// registry: regions, industries, entities, products; the dashboard's figures.
void AddRegistryRoutes(Router& router, app::Context& services);
void AddDashboardRoutes(Router& router, app::Context& services);
// inspection: plans and draws; results, follow-up, 一公开; 合格率 statistics.
void AddInspectionRoutes(Router& router, app::Context& services);
void AddInspectionResultRoutes(Router& router, app::Context& services);
void AddPassRateRoutes(Router& router, app::Context& services);
// credit (质量信用): query, events, file, feed; 信用风险分类分布; lists and penalty publication;
// 异议, 信用修复, 优质优价.
void AddCreditRoutes(Router& router, app::Context& services);
void AddCreditDistributionRoutes(Router& router, app::Context& services);
void AddCreditListRoutes(Router& router, app::Context& services);
void AddCreditRepairRoutes(Router& router, app::Context& services);

}  // namespace zq::api
