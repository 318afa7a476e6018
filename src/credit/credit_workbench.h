#pragma once

#include <vector>

#include "app/workbench.h"

// What the credit module puts on the 工作台 (app/workbench.h).
namespace zq::credit {

// To-dos of the regulators who decide them: objections and repair applications awaiting a
// decision, serious-list proposals awaiting the caller's approval, penalty publications not yet
// published (each with its due date) and revoked ones not yet retracted.
std::vector<app::TodoSource> CreditTodos();

// "credit.class_a_share" and "credit.class_d_share": the shares of active firms in supervision
// risk class A and D (docs/credit-rules.md, "Class distribution"), of the region and of each
// direct sub-region, as of today, both from one class distribution per request. Counts of the
// whole register: no interval.
app::KpiGroup CreditKpis();

}  // namespace zq::credit
