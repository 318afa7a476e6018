#pragma once

#include <string_view>

#include "credit/credit_service.h"
#include "store/domain_events.h"

namespace zq::credit {

inline constexpr std::string_view kComplaintConsumer = "credit.complaint";

// Credit's consumer of the complaint module's "complaint.upheld" (a complaint or report closed as
// 查证属实 against a registered respondent; contract in src/complaint/README.md): a credit event
// complaint.upheld, source "complaint", source_id the case number, the catalogue's severity, the
// firm regraded, in the dispatcher's transaction. Idempotent by (source, source_id); a firm
// credit does not know is recorded as "credit.event.skipped". `service` must outlive it.
store::DomainEventConsumer ComplaintEventConsumer(CreditService& service);

}  // namespace zq::credit
