#pragma once

#include <string>

#include "inspection/result_service.h"
#include "registry/registry.h"

namespace zq::demo {

// 我的任务 in the demo: links `username` to an inspector of `region`'s subtree, the one drawn for
// the most open tasks, else for the most tasks at all (the draws' seeds are fresh each time, so
// a region may have no inspector on an open task). Returns the inspector's certificate number
// ("" when no inspector of the region was drawn at all).
std::string LinkDemoInspector(registry::Registry& registry, inspection::ResultService& results,
                              const std::string& username, const std::string& region);

}  // namespace zq::demo
