#pragma once

#include <vector>

#include "app/workbench.h"

// What the inspection module puts on the 工作台 (app/workbench.h).
namespace zq::inspection {

// To-dos: drawn tasks not yet sampled (for the bureaus that record them, and an inspector's own),
// appeals awaiting a decision, final verdicts awaiting publication (due 20 working days after the
// verdict) and open follow-ups (due when rectification is due; an enterprise sees its own).
std::vector<app::TodoSource> InspectionTodos();

// "inspection.fail_rate" (不合格发现率): failed batches / batches tested, over the twelve months
// to this one (by final verdict), of the region and of each direct sub-region, with the 95 %
// Wilson score interval (inspection/pass_rate.h) — a spot check is a sample.
std::vector<app::KpiSource> InspectionKpis();

}  // namespace zq::inspection
